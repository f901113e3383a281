import type { Channel, Jurisdiction, RequestType } from '@rightsflow/domain';

/** Activities of the data service: the work of each request on the company's data (R13–R20). */
export interface SubjectRef {
  requestId: string;
  /** The subject's email, sealed. */
  sealedSubjectEmail: string;
}

export interface ExportInput extends SubjectRef {
  type: Extract<RequestType, 'access' | 'access_categories' | 'portability'>;
  jurisdiction: Jurisdiction;
  linkDays: number;
}

export interface ExportResult {
  bundleId: string;
  /** Absolute, signed, expiring, single-subject download URL (R16). */
  downloadUrl: string;
  expiresAt: string;
  recordCount: number;
}

export interface FulfilmentReport {
  /** Per collection: what was done, e.g. { 'portal.accounts': { erased: 1, kept: 0 } }. */
  collections: Record<string, Record<string, number>>;
  /** Legal exceptions under which data was kept (R17), named for the subject. */
  exceptions: string[];
  /**
   * Recipients told, and those not told with the reason (R18). `followUp`:
   * the recipient should have been told but could not be reached, so an
   * operator must tell it by other means (a recipient the inventory declares
   * is not told has its reason and needs nothing).
   */
  recipients: { name: string; notified: boolean; reason?: string; followUp?: boolean }[];
}

export interface CorrectionInput extends SubjectRef {
  /** Sealed JSON [{ field, value }]. */
  sealedCorrections: string;
}

export interface DataActivities {
  exportSubjectData(input: ExportInput): Promise<ExportResult>;
  eraseSubjectData(input: SubjectRef): Promise<FulfilmentReport>;
  correctSubjectData(input: CorrectionInput): Promise<FulfilmentReport>;
  restrictProcessing(input: SubjectRef & { lift: boolean }): Promise<FulfilmentReport>;
  unsubscribe(input: SubjectRef & { channels: Channel[] }): Promise<FulfilmentReport>;
  applyOptOut(input: SubjectRef & { kind: 'sale_sharing' | 'sensitive_use' }): Promise<FulfilmentReport>;
  /** R23: deletes export bundles whose download link expired before `now` (ISO; default: the activity's clock). For the retention schedule. */
  deleteExpiredBundles(input: { now?: string }): Promise<{ deleted: number }>;
}
