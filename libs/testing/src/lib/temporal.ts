import { RightsflowConfig } from '@rightsflow/config';
import { connectTemporalClient } from '@rightsflow/temporal-bridge';
import { dsarWorkflowId } from '@rightsflow/contracts';
import { Client, Connection, WorkflowHandle } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';

/** A Temporal client on the test stack, with the product's payload codec; close it with `client.connection.close()`. */
export function temporalClient(config: RightsflowConfig): Promise<Client> {
  return connectTemporalClient(config);
}

/**
 * A client WITHOUT the payload codec: what someone who can read Temporal but holds
 * no key sees (the UI without the codec endpoint, `temporal workflow show`, a backup).
 */
export async function codeclessTemporalClient(config: RightsflowConfig): Promise<Client> {
  const connection = await Connection.connect({ address: config.temporal.address });
  return new Client({ connection, namespace: config.temporal.namespace });
}

/** Polls until `check` returns a value (not undefined), e.g. a visibility query catching up. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs}ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * A request's workflow once it exists: intake answers as soon as the request is
 * stored and starts the workflow right after (WorkflowStarter). Only
 * WorkflowNotFoundError counts as "not yet"; any other error fails the caller.
 */
export async function startedWorkflow(client: Client, requestId: string, timeoutMs = 60_000): Promise<WorkflowHandle> {
  const handle = client.workflow.getHandle(dsarWorkflowId(requestId));
  await eventually(
    () =>
      handle.describe().then(
        () => true,
        (error: unknown) => {
          if (error instanceof WorkflowNotFoundError) return undefined;
          throw error;
        },
      ),
    timeoutMs,
  );
  return handle;
}
