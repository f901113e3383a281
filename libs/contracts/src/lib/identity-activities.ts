import type { Jurisdiction, VerificationLevel } from '@rightsflow/domain';

/** Activities of the identity service (R09–R12). */
export interface IssueChallengeInput {
  requestId: string;
  /** Whose email is being proven: the subject's, or an authorized agent's (R11). */
  party: 'subject' | 'agent';
  /** The request's subject email, sealed: keys the per-subject limit on challenges issued per hour. */
  sealedSubjectEmail: string;
  codeTtlMinutes: number;
  maxAttempts: number;
  /** Party 'agent' only (R11): reference of the subject's signed permission the agent uploaded; stored with the challenge. */
  agentPermissionRef?: string;
  /** Party 'agent' only (R11): the agent holds a power of attorney, so the subject's own confirmation is not needed. */
  powerOfAttorney?: boolean;
}

export interface IssuedChallenge {
  challengeId: string;
  expiresAt: string;
  /** Code and link token sealed for the notifications service; only their hashes are stored. */
  sealedCode: string;
  sealedLinkToken: string;
}

/**
 * Failure types the identity service throws as non-retryable ApplicationFailures
 * (besides ValidationError for bad input).
 */
export const IDENTITY_FAILURES = {
  /** Too many challenges issued for this request or this subject in the last hour (abuse limit). */
  challengeLimitReached: 'ChallengeLimitReached',
} as const;

export interface CheckSecretInput {
  requestId: string;
  challengeId: string;
  /** Keyed hash of what the subject typed or clicked (hashVerificationCode / hashLinkToken of @rightsflow/platform). */
  secretHash: string;
  kind: 'code' | 'link';
  /**
   * The last party's check only (issue 16): when the answer verifies, the R09
   * assessment runs in the same activity, as assessAssurance would with these
   * inputs, and its result comes back as `assurance`. One activity fewer.
   */
  assessWhenVerified?: Omit<AssessAssuranceInput, 'requestId'>;
}

export interface CheckSecretResult {
  verified: boolean;
  attemptsLeft: number;
  /** Expired, used, superseded or out of attempts: no further try can succeed. Never true together with `verified`. */
  dead: boolean;
  /** Set when the check verified and `assessWhenVerified` was given. */
  assurance?: AssuranceResult;
}

/** R09: the declaration under penalty of perjury (typed full name + checkbox), kept with the verification record. */
export interface PerjuryDeclaration {
  /** The full name the person typed, sealed. */
  sealedSignedName: string;
  /** The "I declare under penalty of perjury…" box was ticked. */
  acceptedPenaltyOfPerjury: boolean;
  /** ISO instant it was signed. */
  signedAt: string;
}

export interface AssessAssuranceInput {
  requestId: string;
  required: VerificationLevel;
  /** GDPR: email alone suffices for the reasonable level, absent reasonable doubt (GDPR 12(6)). */
  jurisdiction: Jurisdiction;
  /** The subject's email, sealed: the records are looked up by it. */
  sealedSubjectEmail: string;
  /** Data points the subject gave, sealed JSON ({ name, accountId, phone, … }). */
  sealedDataPoints?: string;
  /**
   * A correction is verified with data other than the field corrected (R10): data-point or
   * record field names ('name', 'fullName', 'phone', 'accountId') left out of matching.
   */
  excludeFields?: string[];
  /** The request's corrections, sealed JSON [{ field, value }]: each corrected field is excluded too (R10). */
  sealedCorrections?: string;
  /** Needed for the reasonably high level (R09). */
  declaration?: PerjuryDeclaration;
}

export interface AssuranceResult {
  reached: VerificationLevel;
  /** Why the required level was not reached; stored in the request log (R09). Never says which details matched. */
  shortfall?: string;
}

export interface IdentityActivities {
  issueChallenge(input: IssueChallengeInput): Promise<IssuedChallenge>;
  checkSecret(input: CheckSecretInput): Promise<CheckSecretResult>;
  assessAssurance(input: AssessAssuranceInput): Promise<AssuranceResult>;
  /** R10/R23: deletes what was collected only to verify, once the request closes. */
  purgeVerificationData(input: { requestId: string }): Promise<{ deleted: number }>;
}
