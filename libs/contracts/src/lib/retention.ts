/**
 * The daily retention sweep (R21, R23). Each service that keeps something with
 * a lifetime answers `retentionSweep` on its own task queue: intake purges
 * request records and logs 24+ months after closure, identity leftover
 * verification data, data expired export bundles. Idempotent; dryRun counts
 * without deleting. Nothing of an open request or under legal hold is touched.
 */
export const RETENTION_WORKFLOW = 'retentionWorkflow';
export const RETENTION_SCHEDULE_ID = 'rightsflow-retention-daily';

export interface RetentionSweepInput {
  /** ISO instant the sweep counts from (the schedule's run time). */
  now: string;
  dryRun: boolean;
  /** R21: never below 24. */
  requestLogRetentionMonths: number;
}

export interface RetentionSweepResult {
  service: string;
  /** What was (or, in a dry run, would be) deleted, by kind. */
  counts: Record<string, number>;
  /**
   * Intake: the newest daily anchor over the request log (R21). Kept in the
   * workflow's history, outside the database it vouches for.
   */
  logAnchor?: { day: string; hash: string };
}

export interface RetentionActivities {
  retentionSweep(input: RetentionSweepInput): Promise<RetentionSweepResult>;
}

export interface RetentionWorkflowInput {
  dryRun?: boolean;
  requestLogRetentionMonths?: number;
  /** Services to sweep; defaults to intake, identity and data. */
  services?: ('intake' | 'identity' | 'data')[];
}
