import type { RightsflowConfig } from '@rightsflow/config';
import type { Jurisdiction, RequestType } from '@rightsflow/domain';
import { keyedHash, seal, subjectKey } from '@rightsflow/platform';
import { randomBytes } from 'node:crypto';
import { newRequestId } from '../lib/registry/ids';
import type { RequestRecord } from '../lib/registry/request.schema';

/** A stored request as a submission would leave it, for registry tests. */
export function requestRecord(
  config: RightsflowConfig,
  email: string,
  overrides: Partial<RequestRecord> & { type?: RequestType; jurisdiction?: Jurisdiction } = {},
): RequestRecord {
  return {
    requestId: newRequestId(),
    type: 'access',
    jurisdiction: 'CCPA',
    channel: 'api',
    receivedAt: new Date(),
    status: 'received',
    lastSeq: 0,
    subjectKey: subjectKey(config.secrets.hmacKey, email),
    sealedEmail: seal(config.secrets.encryptionKey, email),
    statusTokenHash: keyedHash(config.secrets.hmacKey, 'status-token', randomBytes(8).toString('hex')),
    idempotent: false,
    submissionFingerprint: 'fixture',
    workflowStarted: true,
    ...overrides,
  };
}

export function uniqueEmail(label: string): string {
  return `${label}-${randomBytes(4).toString('hex')}@example.com`;
}
