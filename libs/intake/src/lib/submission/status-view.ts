import type { DsarState } from '@rightsflow/contracts';
import { canWithdraw, hasAppeal, isPrivacyLaw, isTerminal, Jurisdiction, LifecycleState, RequestType } from '@rightsflow/domain';
import { isPartialCompliance } from '../records/metrics';
import type { RequestLogEntry } from '../registry/request-log.schema';
import type { RequestRecord } from '../registry/request.schema';
import { ActorKind, actorKind, actorText, requestTypeLabel, stateText } from './plain-words';

/** What the status page and GET /api/v1/requests/:id show: no personal data, plain words. */
export interface StatusView {
  requestId: string;
  type: RequestType;
  typeLabel: string;
  jurisdiction: Jurisdiction;
  status: LifecycleState;
  statusText: string;
  receivedAt: string;
  dueAt: string | null;
  closed: boolean;
  canWithdraw: boolean;
  /** R07: why it was denied or closed without fulfilment. */
  reason?: string;
  /** R05: when the next access request is owed. */
  nextOwedAt?: string;
  /** R08: the open request this one was joined to. */
  linkedTo?: string;
  /** Access and portability: the export is ready (the signed link went by email, R16). */
  exportReady: boolean;
  /** `by` in plain English words, `actor` the kind of actor (pages say it in their language); never a staff name. */
  timeline: { at: string; status: LifecycleState; statusText: string; by: string; actor: ActorKind; note?: string }[];
  /** Where the view came from: the running workflow, or the registry once it has closed. */
  source: 'workflow' | 'registry';
  /** R26: this request is an appeal of that refused request. */
  appealOf?: string;
  /** R26: the appeal made against this request, once there is one. */
  appealId?: string;
  /** R26: refused under a law with an appeal, and not appealed yet. */
  canAppeal?: boolean;
  /** R07/R26: completed only in part (something kept under an exception, or not corrected). */
  partialRefusal?: boolean;
}

/** R26: refused in whole (denied) or in part (completed with something kept or not corrected); an appeal is not. */
export function isRefusal(view: Pick<StatusView, 'status' | 'type' | 'partialRefusal'>): boolean {
  if (view.type === 'appeal') return false;
  return view.status === 'denied' || (view.status === 'completed' && view.partialRefusal === true);
}

/** R26: a refusal under a US state law can be appealed once; an appeal itself cannot. */
export function withAppeal(view: StatusView, appealId: string | null): StatusView {
  const lawHasAppeal = isPrivacyLaw(view.jurisdiction) && hasAppeal(view.jurisdiction);
  const refused = isRefusal(view);
  return {
    ...view,
    ...(appealId ? { appealId } : {}),
    canAppeal: lawHasAppeal && refused && appealId === null,
  };
}

/**
 * The log's notes are written for operators and auditors (R21). The person
 * sees people's notes (an approval, an extension's reason, a denial's) and,
 * for a request closed without fulfilment, why; not the system's internal
 * summaries (records counted, recipients unreachable, tasks).
 */
function subjectNote(actor: string, note: string | undefined): { note?: string } {
  return note && actor !== 'system' ? { note } : {};
}

function subjectReason(status: LifecycleState, reason: string | undefined): { reason?: string } {
  return reason && isTerminal(status) && status !== 'completed' ? { reason } : {};
}

export function viewFromWorkflow(state: DsarState): StatusView {
  return {
    requestId: state.requestId,
    type: state.type,
    typeLabel: requestTypeLabel(state.type),
    jurisdiction: state.jurisdiction,
    status: state.status,
    statusText: stateText(state.status),
    receivedAt: state.receivedAt,
    dueAt: state.dueAt ?? null,
    closed: isTerminal(state.status),
    canWithdraw: canWithdraw(state.status),
    ...subjectReason(state.status, state.reason),
    ...(state.nextOwedAt ? { nextOwedAt: state.nextOwedAt } : {}),
    ...(state.linkedTo ? { linkedTo: state.linkedTo } : {}),
    exportReady: state.bundleId !== undefined,
    ...(state.appealOf ? { appealOf: state.appealOf } : {}),
    ...(state.partialRefusal ? { partialRefusal: true } : {}),
    timeline: state.timeline.map((entry) => ({
      at: entry.at,
      status: entry.status,
      statusText: stateText(entry.status),
      by: actorText(actorKind(entry.actor)),
      actor: actorKind(entry.actor),
      ...subjectNote(entry.actor, entry.note),
    })),
    source: 'workflow',
  };
}

const EXPORT_TYPES: readonly string[] = ['access', 'access_categories', 'portability'];

export function viewFromRegistry(record: RequestRecord, entries: RequestLogEntry[]): StatusView {
  const closingNote = isTerminal(record.status) ? [...entries].reverse().find((entry) => entry.to === record.status)?.note : undefined;
  return {
    requestId: record.requestId,
    type: record.type,
    typeLabel: requestTypeLabel(record.type),
    jurisdiction: record.jurisdiction,
    status: record.status,
    statusText: stateText(record.status),
    receivedAt: record.receivedAt.toISOString(),
    dueAt: record.dueAt?.toISOString() ?? null,
    closed: isTerminal(record.status),
    canWithdraw: canWithdraw(record.status),
    ...subjectReason(record.status, closingNote),
    // A finished access or portability request always ended with an export bundle.
    exportReady: record.status === 'completed' && EXPORT_TYPES.includes(record.type),
    ...(record.appealOf ? { appealOf: record.appealOf } : {}),
    // R26: the closing note of a partial fulfilment says so (the same reading as the R22 metrics).
    ...(isPartialCompliance({ status: record.status, closeReason: closingNote }) ? { partialRefusal: true } : {}),
    timeline:
      entries.length > 0
        ? entries.map((entry) => ({
            at: entry.at.toISOString(),
            status: entry.to as LifecycleState,
            statusText: stateText(entry.to as LifecycleState),
            by: actorText(actorKind(entry.actor)),
            actor: actorKind(entry.actor),
            ...subjectNote(entry.actor, entry.note),
          }))
        : [{ at: record.receivedAt.toISOString(), status: 'received', statusText: stateText('received'), by: actorText('subject'), actor: 'subject' }],
    source: 'registry',
  };
}
