export * from './lib/identity.module';
export { decideAssurance, HIGH_ASSURANCE_MATCHES } from './lib/assurance/assurance-level';
export type { AssuranceEvidence } from './lib/assurance/assurance-level';
export { countMatchedPoints, MATCHABLE_DATA_POINTS } from './lib/assurance/data-point-matching';
export type { SubjectRecord } from './lib/assurance/data-point-matching';
export { SUBJECT_RECORDS_LOOKUP } from './lib/assurance/subject-records.lookup';
export type { SubjectRecordsLookup } from './lib/assurance/subject-records.lookup';
export { emailControlProven } from './lib/challenges/email-control';
// The hashing of codes and link tokens lives in @rightsflow/platform (one definition, shared with intake).
export { hashLinkToken, hashVerificationCode, isLinkToken, isSixDigitCode } from '@rightsflow/platform';
