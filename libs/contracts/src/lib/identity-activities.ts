import type { VerificationLevel } from '@rightsflow/domain';

/** Activities of the identity service (R09–R12). */
export interface IssueChallengeInput {
  requestId: string;
  /** Whose email is being proven: the subject's, or an authorized agent's (R11). */
  party: 'subject' | 'agent';
  codeTtlMinutes: number;
  maxAttempts: number;
}

export interface IssuedChallenge {
  challengeId: string;
  expiresAt: string;
  /** Code and link token sealed for the notifications service; only their hashes are stored. */
  sealedCode: string;
  sealedLinkToken: string;
}

export interface CheckSecretInput {
  requestId: string;
  challengeId: string;
  /** Keyed hash of what the subject typed or clicked. */
  secretHash: string;
  kind: 'code' | 'link';
}

export interface CheckSecretResult {
  verified: boolean;
  attemptsLeft: number;
  /** Expired, used, or out of attempts: no further try can succeed. */
  dead: boolean;
}

export interface AssessAssuranceInput {
  requestId: string;
  required: VerificationLevel;
  /** Data points the subject gave, sealed JSON ({ name, accountId, phone, … }). */
  sealedDataPoints?: string;
  /** A correction is verified with data other than the field corrected (R10). */
  excludeFields?: string[];
}

export interface AssuranceResult {
  reached: VerificationLevel;
  /** Why the required level was not reached; stored in the request log (R09). */
  shortfall?: string;
}

export interface IdentityActivities {
  issueChallenge(input: IssueChallengeInput): Promise<IssuedChallenge>;
  checkSecret(input: CheckSecretInput): Promise<CheckSecretResult>;
  assessAssurance(input: AssessAssuranceInput): Promise<AssuranceResult>;
  /** R10/R23: deletes what was collected only to verify, once the request closes. */
  purgeVerificationData(input: { requestId: string }): Promise<{ deleted: number }>;
}
