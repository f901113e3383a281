import type { AssuranceResult } from '@rightsflow/contracts';
import type { VerificationLevel } from '@rightsflow/domain';

/** What is known about a person once the workflow asks for an assurance level (R09). */
export interface AssuranceEvidence {
  required: VerificationLevel;
  /** Control of the email is proven (the subject's, or an agent's as R11 allows). */
  emailProven: boolean;
  /** Data points the person gave that match our records for that email (the email itself not counted). */
  matchedPoints: number;
  /** A declaration under penalty of perjury was signed (typed full name + box ticked). */
  declarationSigned: boolean;
  /** GDPR 12(6): more is asked only with reasonable doubt, so the email alone reaches "reasonable". */
  emailAloneSuffices: boolean;
}

/** CCPA Regs §7062(c): at least three pieces of matching information for a reasonably high degree. */
export const HIGH_ASSURANCE_MATCHES = 3;

/**
 * R09 levels, as a pure rule:
 * - reasonable: email proven + at least one matching data point (email alone under GDPR);
 * - reasonably high (CCPA specific pieces): email proven + ≥ 3 matching data points + a signed declaration.
 * When the required level is not reached, `reached` is the level that was, and
 * `shortfall` says why in words that never reveal how many or which details matched.
 */
export function decideAssurance(evidence: AssuranceEvidence): AssuranceResult {
  const { required, emailProven, matchedPoints, declarationSigned, emailAloneSuffices } = evidence;
  if (required === 'none') return { reached: 'none' };
  if (!emailProven) return { reached: 'none', shortfall: 'R09: control of the email address was not proven' };

  const reasonable = emailAloneSuffices || matchedPoints >= 1;
  if (required === 'reasonable') {
    return reasonable
      ? { reached: 'reasonable' }
      : {
          reached: 'none',
          shortfall: 'R09 reasonable degree not reached: the details given could not be matched to our records',
        };
  }

  const matchedEnough = matchedPoints >= HIGH_ASSURANCE_MATCHES;
  if (matchedEnough && declarationSigned) return { reached: 'reasonably_high' };
  const missing = [
    ...(matchedEnough ? [] : ['the details given could not be matched closely enough to our records']),
    ...(declarationSigned ? [] : ['no signed declaration under penalty of perjury']),
  ];
  return {
    reached: reasonable ? 'reasonable' : 'none',
    shortfall: `R09 reasonably high degree not reached: ${missing.join('; ')}`,
  };
}
