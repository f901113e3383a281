import { Inject, Injectable } from '@nestjs/common';
import type { RightsflowConfig } from '@rightsflow/config';
import { DSAR_WORKFLOW_REVISION, type DsarWorkflowInput, type RequestChannel, type SubmitCodeResult } from '@rightsflow/contracts';
import { computeDueDate, DsarPolicy, LifecycleState, requiresVerification } from '@rightsflow/domain';
import {
  constantTimeEqual,
  hashLinkToken,
  hashVerificationCode,
  isLinkToken,
  isSixDigitCode,
  keyedHash,
  RIGHTSFLOW_CONFIG,
  seal,
  subjectKey,
  verifyClaims,
} from '@rightsflow/platform';
import { createHash } from 'node:crypto';
import { AccessQuota } from '../registry/access-quota';
import { canonicalJson } from '../registry/canonical-json';
import { isRequestId, newRequestId, newStatusToken, requestIdForKey } from '../registry/ids';
import { RequestLog } from '../registry/request-log';
import { RequestRegistry } from '../registry/request-registry';
import type { RequestRecord } from '../registry/request.schema';
import { GPC_REQUEST_TYPE } from '../gpc/gpc';
import { DsarWorkflows } from './dsar-workflows';
import { FieldError, IdempotencyConflictError, RateLimitedError, RequestNotAcceptingError, RequestNotFoundError, SubmissionInvalidError } from './intake-errors';
import { intakePolicy } from './intake-policy';
import { checkPermissionFile, UploadedFile } from './permission-file';
import { PermissionStore } from './permission-store';
import { IntakeRateLimits } from './rate-limits';
import { isRefusal, StatusView, viewFromRegistry, viewFromWorkflow, withAppeal } from './status-view';
import { Submission, validateSubmission } from './validate-submission';
import { WorkflowStarter } from './workflow-starter';

export interface SubmitOptions {
  /** How the request arrived: the form or the API (an agent's request is recorded as 'agent'). */
  via: 'web_form' | 'api';
  /** The client's Idempotency-Key; without one every submission is new. */
  idempotencyKey?: string;
  /** R11: the signed permission an authorized agent uploads. */
  permission?: UploadedFile;
  /** R28: the browser sent `Sec-GPC: 1` (or our own site relayed it); honoured on an opt-out of sale/sharing. */
  gpc?: boolean;
}

export interface SubmitOutcome {
  requestId: string;
  /** True when this Idempotency-Key was seen before: the first request, nothing new created. */
  replayed: boolean;
  /** Shown once, to the first submission only; we keep just its keyed hash. */
  statusToken?: string;
  status: LifecycleState;
  receivedAt: string;
  dueAt: string | null;
  /** Who must confirm an email before work starts; null for opt-outs (R04). */
  verificationBy: 'subject' | 'agent' | null;
  /** R28: this opt-out was recorded as a Global Privacy Control opt-out. */
  gpcHonoured?: boolean;
}

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,255}$/;

/**
 * The front door: what the REST API and the web form both do. Submitting
 * stores the request (sealed and hashed) and starts its workflow; the other
 * steps pass what the person typed or clicked to the workflow as hashes.
 * Every answer is the same whether or not we hold data about the person.
 */
@Injectable()
export class IntakeService {
  private readonly policy: DsarPolicy;

  constructor(
    @Inject(RIGHTSFLOW_CONFIG) private readonly config: RightsflowConfig,
    private readonly registry: RequestRegistry,
    private readonly log: RequestLog,
    private readonly workflows: DsarWorkflows,
    private readonly permissions: PermissionStore,
    private readonly limits: IntakeRateLimits,
    private readonly quota: AccessQuota,
    private readonly starter: WorkflowStarter,
  ) {
    this.policy = intakePolicy(config);
  }

  submit(raw: unknown, options: SubmitOptions): Promise<SubmitOutcome> {
    // Queued workflow starts wait while submissions are answered (WorkflowStarter).
    return this.starter.whileAnswering(() => this.accept(raw, options));
  }

  private async accept(raw: unknown, options: SubmitOptions): Promise<SubmitOutcome> {
    const { submission, fingerprintOf } = await this.checked(raw, options);
    const fingerprint = fingerprintOf(options.via);
    const idempotent = options.idempotencyKey !== undefined;
    // With a key, the id is derived from it: the insert below is the idempotency check (no read first).
    const requestId = idempotent ? requestIdForKey(this.config.secrets.hmacKey, String(options.idempotencyKey)) : newRequestId();

    const subject = subjectKey(this.config.secrets.hmacKey, submission.email);
    // Checked before the subject's limit counts this request: a bad upload is refused, not counted.
    const permissionKind = submission.agent && options.permission ? checkPermissionKind(options.permission, this.maxUploadBytes) : undefined;
    // Counted now (the throttler has no look-without-taking); a keyed retry that finds
    // its request stored below therefore counts too, but is never refused.
    const allowance = await this.limits.takeSubjectRequest(subject);
    if (!allowance.allowed) {
      // A retry of a stored request is answered, not limited.
      const earlier = idempotent ? await this.registry.findById(requestId) : null;
      if (earlier) return this.replay(earlier, fingerprint);
      throw new RateLimitedError(allowance.retryAfterSeconds);
    }

    const permission = permissionKind && options.permission ? await this.permissions.store(options.permission.buffer, permissionKind) : undefined;
    const statusToken = newStatusToken();
    const record = this.newRecord(submission, options.via, { requestId, subject, idempotent, fingerprint, statusToken, permissionRef: permission?.ref });
    if (options.gpc && submission.type === GPC_REQUEST_TYPE) record.gpc = true;
    const outcome = await this.registry.insert(record);
    if (!outcome.inserted) {
      // A concurrent retry with the same key stored it first.
      if (permission) await this.permissions.remove(permission.fileId);
      return this.replay(outcome.existing, fingerprint);
    }
    // Stored, so durable: the workflow starts right after the answer (WorkflowStarter). If this
    // process dies first or Temporal is unreachable, the start sweeper starts it later.
    await this.starter.start(this.workflowInput(record));
    return { ...this.outcome(record, false), statusToken };
  }

  /** Starts the workflow of a stored request (a repeated start is harmless); false when Temporal did not accept it. */
  async startWorkflow(record: RequestRecord): Promise<boolean> {
    try {
      await this.workflows.start(this.workflowInput(record));
      return true;
    } catch {
      return false;
    }
  }

  async status(requestId: string, token: unknown): Promise<StatusView> {
    const record = await this.authorized(requestId, token);
    const view = await this.currentView(record);
    return withAppeal(view, await this.existingAppealId(view));
  }

  /**
   * R26: appeals a refused request under a US state law. The appeal is a request of its own (type
   * `appeal`, the same law, linked by `appealOf`), one per refused request: its id is derived from the
   * first request's, so a second press of the button returns the first appeal. It shares the first
   * request's status token, so the person's link opens both; nothing new is asked of them.
   */
  async appeal(requestId: string, token: unknown): Promise<SubmitOutcome> {
    const original = await this.authorized(requestId, token);
    const view = withAppeal(await this.currentView(original), null);
    if (!view.canAppeal) {
      throw new RequestNotAcceptingError(
        view.type === 'appeal' ? 'An appeal cannot itself be appealed' : `This request cannot be appealed (${view.status}, ${view.jurisdiction})`,
      );
    }
    const appealId = this.appealIdOf(original.requestId);
    const record: RequestRecord = {
      requestId: appealId,
      type: 'appeal',
      jurisdiction: original.jurisdiction,
      channel: original.channel,
      receivedAt: new Date(),
      status: 'received',
      lastSeq: 0,
      subjectKey: original.subjectKey,
      sealedEmail: original.sealedEmail,
      ...(original.agent ? { agent: original.agent } : {}),
      appealOf: original.requestId,
      // The appeal answers in the language of the request it appeals.
      ...(original.locale ? { locale: original.locale } : {}),
      statusTokenHash: original.statusTokenHash,
      idempotent: true,
      submissionFingerprint: keyedHash(this.config.secrets.hmacKey, 'submission', `appeal:${original.requestId}`),
      workflowStarted: false,
    };
    record.dueAt = computeDueDate({ receivedAt: record.receivedAt, jurisdiction: record.jurisdiction, type: 'appeal', policy: this.policy }).dueAt;
    const outcome = await this.registry.insert(record);
    if (!outcome.inserted) return this.outcome(outcome.existing, true);
    await this.startWorkflow(record);
    return this.outcome(record, false);
  }

  private appealIdOf(requestId: string): string {
    return requestIdForKey(this.config.secrets.hmacKey, `appeal:${requestId}`);
  }

  private async existingAppealId(view: StatusView): Promise<string | null> {
    if (!isRefusal(view)) return null;
    const appeal = await this.registry.findById(this.appealIdOf(view.requestId));
    return appeal ? appeal.requestId : null;
  }

  private async currentView(record: RequestRecord): Promise<StatusView> {
    const state = await this.workflows.state(record.requestId);
    if (state) return viewFromWorkflow(state);
    const view = viewFromRegistry(record, await this.log.entries(record.requestId));
    // R05: a request closed as not obligated keeps telling when the next one is owed.
    const nextOwedAt = record.status === 'closed_not_obligated' ? await this.quota.nextOwedAtFor(record) : null;
    return nextOwedAt ? { ...view, nextOwedAt: nextOwedAt.toISOString() } : view;
  }

  async withdraw(requestId: string, token: unknown): Promise<StatusView> {
    const record = await this.authorized(requestId, token);
    // Right after submission its start may still be queued (here or on another replica): starting is idempotent.
    if (!record.workflowStarted) await this.startWorkflow(record);
    await this.workflows.withdraw(requestId, record.agent ? 'agent' : 'subject');
    return this.status(requestId, token);
  }

  /** The 6-digit code from the email; only its keyed hash reaches the workflow. */
  async submitCode(requestId: string, code: unknown): Promise<SubmitCodeResult> {
    if (!isSixDigitCode(code)) throw new SubmissionInvalidError([{ field: 'code', message: 'must be exactly 6 digits (0-9)' }]);
    await this.existing(requestId);
    return this.workflows.submitCode(requestId, hashVerificationCode(this.config.secrets.hmacKey, requestId, code));
  }

  /** The one-click link from the email, confirmed by a POST (a mail scanner's GET never verifies). */
  async confirmLink(requestId: string, token: unknown): Promise<void> {
    if (!isLinkToken(token)) throw new SubmissionInvalidError([{ field: 'token', message: 'is not a valid confirmation link token' }]);
    await this.existing(requestId);
    await this.workflows.confirmLink(requestId, hashLinkToken(this.config.secrets.hmacKey, requestId, token));
  }

  get maxUploadBytes(): number {
    return this.config.intake.uploadMaxKb * 1024;
  }

  /** Validation of the body and the upload together, so every problem is named at once. */
  private async checked(raw: unknown, options: SubmitOptions) {
    const errors: FieldError[] = [];
    if (options.idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(options.idempotencyKey)) {
      errors.push({ field: 'Idempotency-Key', message: 'must be 8-255 letters, digits or . _ : -' });
    }
    const check = await validateSubmission(raw);
    if (!check.ok) errors.push(...check.errors);
    if (check.ok && check.submission.agent) {
      const file = checkPermissionFile(options.permission, this.maxUploadBytes);
      if ('error' in file) errors.push(file.error);
    } else if (check.ok && options.permission) {
      errors.push({ field: 'permission', message: 'is only for authorized agents acting for someone' });
    }
    if (!check.ok || errors.length > 0) throw new SubmissionInvalidError(errors);
    const submission = check.submission;
    const fileDigest = options.permission ? createHash('sha256').update(options.permission.buffer).digest('hex') : null;
    const fingerprintOf = (via: string) => keyedHash(this.config.secrets.hmacKey, 'submission', canonicalJson({ via, submission, fileDigest }));
    return { submission, fingerprintOf };
  }

  private replay(earlier: RequestRecord, fingerprint: string): SubmitOutcome {
    if (!constantTimeEqual(earlier.submissionFingerprint, fingerprint)) throw new IdempotencyConflictError();
    // The first attempt may have stored the request and died before starting it (older than a moment: not in flight).
    if (!earlier.workflowStarted && Date.now() - earlier.receivedAt.getTime() > 5_000) void this.startWorkflow(earlier);
    return this.outcome(earlier, true);
  }

  private outcome(record: RequestRecord, replayed: boolean): SubmitOutcome {
    const verified = requiresVerification(record.type, record.jurisdiction);
    return {
      requestId: record.requestId,
      replayed,
      status: record.status,
      receivedAt: record.receivedAt.toISOString(),
      dueAt: record.dueAt?.toISOString() ?? null,
      verificationBy: !verified ? null : record.agent ? 'agent' : 'subject',
      ...(record.gpc ? { gpcHonoured: true } : {}),
    };
  }

  private newRecord(
    submission: Submission,
    via: SubmitOptions['via'],
    keys: { requestId: string; subject: string; idempotent: boolean; fingerprint: string; statusToken: string; permissionRef?: string },
  ): RequestRecord {
    const { encryptionKey, hmacKey } = this.config.secrets;
    const receivedAt = new Date();
    const channel: RequestChannel = submission.agent ? 'agent' : via;
    const dataPoints = submission.name || submission.dataPoints ? { ...(submission.name ? { name: submission.name } : {}), ...submission.dataPoints } : undefined;
    return {
      requestId: keys.requestId,
      type: submission.type,
      jurisdiction: submission.jurisdiction,
      channel,
      receivedAt,
      status: 'received',
      dueAt: computeDueDate({ receivedAt, jurisdiction: submission.jurisdiction, type: submission.type, policy: this.policy }).dueAt,
      lastSeq: 0,
      subjectKey: keys.subject,
      sealedEmail: seal(encryptionKey, submission.email),
      ...(dataPoints ? { sealedDataPoints: seal(encryptionKey, JSON.stringify(dataPoints)) } : {}),
      ...(submission.corrections ? { sealedCorrections: seal(encryptionKey, JSON.stringify(submission.corrections)) } : {}),
      ...(submission.declaration
        ? { declaration: { sealedSignedName: seal(encryptionKey, submission.declaration.signedName), acceptedPenaltyOfPerjury: true, signedAt: receivedAt } }
        : {}),
      ...(submission.channels ? { channels: submission.channels } : {}),
      ...(submission.locale ? { locale: submission.locale } : {}),
      ...(submission.agent && keys.permissionRef
        ? {
            agent: {
              sealedEmail: seal(encryptionKey, submission.agent.email),
              sealedName: seal(encryptionKey, submission.agent.name),
              permissionRef: keys.permissionRef,
              powerOfAttorney: submission.agent.powerOfAttorney,
            },
          }
        : {}),
      statusTokenHash: keyedHash(hmacKey, 'status-token', keys.statusToken),
      idempotent: keys.idempotent,
      submissionFingerprint: keys.fingerprint,
      workflowStarted: false,
    };
  }

  /** The workflow's input, from the stored record alone (so the sweeper can start it too). */
  workflowInput(record: RequestRecord): DsarWorkflowInput {
    return {
      requestId: record.requestId,
      type: record.type,
      jurisdiction: record.jurisdiction,
      receivedAt: record.receivedAt.toISOString(),
      channel: record.channel,
      sealedSubjectEmail: record.sealedEmail,
      ...(record.agent
        ? { sealedAgentEmail: record.agent.sealedEmail, powerOfAttorney: record.agent.powerOfAttorney, agentPermissionRef: record.agent.permissionRef }
        : {}),
      ...(record.sealedDataPoints ? { sealedDataPoints: record.sealedDataPoints } : {}),
      ...(record.sealedCorrections ? { sealedCorrections: record.sealedCorrections } : {}),
      ...(record.declaration
        ? {
            declaration: {
              sealedSignedName: record.declaration.sealedSignedName,
              acceptedPenaltyOfPerjury: record.declaration.acceptedPenaltyOfPerjury,
              signedAt: record.declaration.signedAt.toISOString(),
            },
          }
        : {}),
      ...(record.channels ? { channels: record.channels } : {}),
      ...(record.appealOf ? { appealOf: record.appealOf } : {}),
      ...(record.locale ? { locale: record.locale } : {}),
      policy: this.policy,
      timeScale: this.config.policy.timeScale,
      revision: DSAR_WORKFLOW_REVISION,
    };
  }

  private async existing(requestId: string): Promise<RequestRecord> {
    const record = isRequestId(requestId) ? await this.registry.findById(requestId) : null;
    if (!record) throw new RequestNotFoundError();
    return record;
  }

  /** The random status token given at submission, or a signed status link (emails); the same refusal for every miss. */
  private async authorized(requestId: string, token: unknown): Promise<RequestRecord> {
    if (typeof token !== 'string' || token.length === 0 || token.length > 512 || !isRequestId(requestId)) throw new RequestNotFoundError();
    const record = await this.registry.findById(requestId);
    if (!record) throw new RequestNotFoundError();
    if (constantTimeEqual(record.statusTokenHash, keyedHash(this.config.secrets.hmacKey, 'status-token', token))) return record;
    const signed = verifyClaims(this.config.secrets.linkSigningKey, token, 'status', Date.now());
    // An appeal opens with its own signed link or with its refused request's (R26).
    if (signed.ok && (signed.claims.ref === requestId || signed.claims.ref === record.appealOf)) return record;
    throw new RequestNotFoundError();
  }
}

function checkPermissionKind(file: UploadedFile, maxBytes: number) {
  const checked = checkPermissionFile(file, maxBytes);
  if ('error' in checked) throw new SubmissionInvalidError([checked.error]);
  return checked.kind;
}
