import { workspaceRoot } from '@rightsflow/testing';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '@rightsflow/config';
import { temporalDataConverter, workflowBundlerOptions } from '@rightsflow/temporal-bridge';

// Histories of real runs of dsarWorkflow, recorded by the lifecycle tests with
// RECORD_HISTORIES=1 (npm test -- dsar.lifecycle) and committed; access-completed-encrypted comes
// from the privacy-in-depth journey (npm test -- privacy-in-depth), every payload encrypted by the codec; *.batched-log from after issue 16's batched log (encrypted too). Replaying them with today's workflow code
// proves a change is still deterministic for requests already in flight;
// a change that is not must be guarded with patched().
const historiesDir = path.join(__dirname, 'histories');

describe('dsarWorkflow replay (versioning safety)', () => {
  const files = readdirSync(historiesDir).filter((f) => f.endsWith('.binpb'));

  it('has recorded histories to replay', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it('has a history written with the payload codec among them (every payload encrypted)', () => {
    const encrypted = files.filter((file) => {
      const history = temporal.api.history.v1.History.decode(readFileSync(path.join(historiesDir, file)));
      const input = history.events[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
      return Buffer.from(input?.metadata?.['encoding'] ?? new Uint8Array()).toString() === 'binary/encrypted';
    });
    expect(encrypted).toContain('access-completed-encrypted.binpb');
  });

  it('replays every committed history without a nondeterminism error', async () => {
    const histories = files.map((file) => ({
      workflowId: file.replace(/\.binpb$/, ''),
      // Binary protobuf, as Temporal stores it (protobufjs' JSON path breaks with the
      // two copies of protobufjs npm installs under @temporalio/*).
      history: temporal.api.history.v1.History.decode(readFileSync(path.join(historiesDir, file))),
    }));
    const results = Worker.runReplayHistories(
      {
        workflowsPath: path.join(workspaceRoot, 'libs/workflows/src/index.ts'),
        bundlerOptions: workflowBundlerOptions(workspaceRoot),
        // Histories recorded since the payload codec are encrypted with the development key
        // (the tests' default); older ones are plain, which the codec passes through.
        dataConverter: temporalDataConverter(loadConfig({})),
      },
      histories,
    );
    const failures: string[] = [];
    let replayed = 0;
    for await (const result of results) {
      replayed++;
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    expect(failures).toEqual([]);
    expect(replayed).toBe(files.length);
  }, 120_000);
});
