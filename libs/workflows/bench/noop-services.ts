import { RightsflowConfig } from '@rightsflow/config';
import { startStandInServices } from '@rightsflow/testing';

const noop = async () => undefined;

/**
 * Activity workers whose activities do no work, on every service queue: the
 * benchmark measures what orchestration itself costs, not the services.
 */
export function startNoopServices(config: RightsflowConfig): Promise<{ stop: () => Promise<void> }> {
  return startStandInServices(config, {
    intake: {
      recordTransition: noop,
      recordTransitions: noop,
      findOpenDuplicate: async () => ({ duplicateOf: null }),
      claimAccessQuota: async () => ({ granted: true }),
    },
    identity: {
      issueChallenge: async () => ({
        challengeId: 'c',
        expiresAt: new Date(Date.now() + 900_000).toISOString(),
        sealedCode: 'x',
        sealedLinkToken: 'y',
      }),
      checkSecret: async (input: { assessWhenVerified?: { required: string } }) => ({
        verified: true,
        attemptsLeft: 4,
        dead: false,
        ...(input.assessWhenVerified ? { assurance: { reached: input.assessWhenVerified.required } } : {}),
      }),
      assessAssurance: async (input: { required: string }) => ({ reached: input.required }),
      purgeVerificationData: async () => ({ deleted: 0 }),
    },
    notifications: {
      sendMessage: async () => ({ outboxId: 'o', status: 'sent' }),
      sendMessages: async (input: { messages: unknown[] }) =>
        input.messages.map(() => ({ outboxId: 'o', status: 'sent' })),
    },
    data: {
      applyOptOut: async () => ({ collections: {}, exceptions: [], recipients: [] }),
      exportSubjectData: async () => ({
        bundleId: 'b',
        downloadUrl: 'http://x/',
        expiresAt: new Date().toISOString(),
        recordCount: 0,
      }),
    },
  });
}
