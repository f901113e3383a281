import { Party } from './challenge.schemas';

export interface ChallengeOutcome {
  party: Party;
  verified: boolean;
  /** Agent challenges only: a power of attorney was supplied. */
  powerOfAttorney?: boolean;
}

/**
 * Has control of the email been proven for a request (R09, R11)? Without an
 * agent: the subject answered a challenge. With an agent: the agent proved its
 * own email AND the subject confirmed directly, unless the agent holds a power
 * of attorney (then the subject's confirmation is not needed).
 */
export function emailControlProven(challenges: readonly ChallengeOutcome[]): boolean {
  const subjectConfirmed = challenges.some((c) => c.party === 'subject' && c.verified);
  const agentChallenges = challenges.filter((c) => c.party === 'agent');
  if (agentChallenges.length === 0) return subjectConfirmed;
  const agentVerified = agentChallenges.filter((c) => c.verified);
  if (agentVerified.length === 0) return false;
  return subjectConfirmed || agentVerified.some((c) => c.powerOfAttorney === true);
}
