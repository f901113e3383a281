import { INestApplication } from '@nestjs/common';
import { DSAR_WORKFLOW, dsarWorkflowId, DsarWorkflowInput, LoggedTransitionInput } from '@rightsflow/contracts';
import { defaultPolicy } from '@rightsflow/domain';
import { seal } from '@rightsflow/platform';
import { startStandInServices, startTestOrchestrator, temporalClient, testConfig } from '@rightsflow/testing';
import { Client, WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { randomBytes } from 'node:crypto';

jest.setTimeout(60_000);

/**
 * R21: since the request log's entries from verification to fulfilment go with
 * the closing write (issue 16), a fulfilment that fails for good must write them
 * before the workflow fails. The real workflow worker and Temporal server; the
 * services are activity workers on their task queues that record what the
 * workflow asks of them (the services' own behaviour is tested in their libs),
 * with an export that fails non-retryably.
 */
const config = testConfig();
const logged: LoggedTransitionInput[] = [];
/** Resolves when the workflow asks for the code email: the event a person answers. */
let codeEmailed: () => void;
const codeEmailAsked = new Promise<void>((resolve) => (codeEmailed = resolve));
const notice = (kinds: string[]) => {
  if (kinds.includes('verification_code')) codeEmailed();
};
let orchestrator: INestApplication;
let services: { stop: () => Promise<void> };
let client: Client;

const activitiesByQueue = {
  intake: {
    recordTransitions: async (input: { transitions: LoggedTransitionInput[] }) => {
      logged.push(...input.transitions);
    },
    findOpenDuplicate: async () => ({ duplicateOf: null }),
  },
  identity: {
    issueChallenge: async () => ({
      challengeId: 'challenge-1',
      expiresAt: new Date(Date.now() + 900_000).toISOString(),
      sealedCode: seal(config.secrets.encryptionKey, '123456'),
      sealedLinkToken: seal(config.secrets.encryptionKey, 'token'),
    }),
    checkSecret: async () => ({ verified: true, attemptsLeft: 4, dead: false }),
    assessAssurance: async (input: { required: string }) => ({ reached: input.required }),
    purgeVerificationData: async () => ({ deleted: 0 }),
  },
  notifications: {
    sendMessage: async (input: { kind: string }) => {
      notice([input.kind]);
      return { outboxId: 'o', status: 'sent' };
    },
    sendMessages: async (input: { messages: { kind: string }[] }) => {
      notice(input.messages.map((message) => message.kind));
      return input.messages.map(() => ({ outboxId: 'o', status: 'sent' }));
    },
  },
  data: {
    exportSubjectData: async () => {
      throw ApplicationFailure.nonRetryable('the export cannot be made as asked', 'ValidationError');
    },
  },
};

beforeAll(async () => {
  orchestrator = await startTestOrchestrator(config);
  services = await startStandInServices(config, activitiesByQueue);
  client = await temporalClient(config);
});

afterAll(async () => {
  await services?.stop();
  await client?.connection.close();
  await orchestrator?.close();
});

it('R21 an export that fails for good leaves every entry up to in_fulfilment in the request log before the workflow fails', async () => {
  const requestId = `req_${randomBytes(8).toString('hex')}`;
  const input: DsarWorkflowInput = {
    requestId,
    type: 'access',
    jurisdiction: 'GDPR',
    receivedAt: new Date().toISOString(),
    channel: 'api',
    sealedSubjectEmail: seal(config.secrets.encryptionKey, 'failing-export@example.test'),
    policy: defaultPolicy,
  };
  const handle = await client.workflow.start(DSAR_WORKFLOW, {
    taskQueue: config.temporal.taskQueues.orchestrator,
    workflowId: dsarWorkflowId(requestId),
    args: [input],
  });
  // Answered as a person would: once the code email went out.
  await codeEmailAsked;
  expect(
    await handle.executeUpdate('submitCode', { args: [{ codeHash: 'any: the recorded identity says verified' }] }),
  ).toMatchObject({ verified: true });

  await expect(handle.result()).rejects.toBeInstanceOf(WorkflowFailedError);
  expect(logged.map((entry) => entry.to)).toEqual([
    'received',
    'awaiting_verification',
    'verified',
    'eligibility_checked',
    'in_fulfilment',
  ]);
});
