import type { DsarWorkflowInput, FulfilmentReport, MessageFacts, MessageKind } from '@rightsflow/contracts';
import type { RequestType } from '@rightsflow/domain';
import { patched } from '@temporalio/workflow';
import type { ServiceActivities } from './activities';
import type { RequestState } from './request-state';

export interface FulfilmentOutcome {
  message: MessageKind;
  facts: MessageFacts;
  /** What the request log records as the nature of the response (R21). */
  summary: string;
  /** Recipients that could not be told automatically: operator tasks (R18). */
  manualTasks: string[];
}

/** Does the request's work through the data service, by (effective) type. */
export async function fulfil(
  type: RequestType,
  input: DsarWorkflowInput,
  state: RequestState,
  services: ServiceActivities,
): Promise<FulfilmentOutcome> {
  const subject = { requestId: input.requestId, sealedSubjectEmail: input.sealedSubjectEmail };
  switch (type) {
    case 'access':
    case 'access_categories':
    case 'portability': {
      const bundle = await services.data.exportSubjectData({
        ...subject,
        type,
        jurisdiction: input.jurisdiction,
        linkDays: input.policy.downloadLinkDays,
      });
      state.data.bundleId = bundle.bundleId;
      return {
        message: 'access_ready',
        facts: { downloadUrl: bundle.downloadUrl, linkExpiresAt: bundle.expiresAt },
        summary: `export ready: ${bundle.recordCount} records, link until ${bundle.expiresAt}`,
        manualTasks: [],
      };
    }
    case 'deletion':
      return fromReport('deletion_done', 'erased', await services.data.eraseSubjectData(subject));
    case 'correction': {
      const report = await services.data.correctSubjectData({
        ...subject,
        sealedCorrections: input.sealedCorrections ?? '',
      });
      const outcome = fromReport('correction_done', 'corrected', report);
      // R19: the answer says which corrections were not made and why (the template shows `reason`, not `exceptions`).
      return report.exceptions.length > 0
        ? { ...outcome, facts: { ...outcome.facts, reason: report.exceptions.join('\n') } }
        : outcome;
    }
    case 'restriction':
      return fromReport(
        'restriction_done',
        'restricted',
        await services.data.restrictProcessing({ ...subject, lift: false }),
      );
    case 'lift_restriction':
      return fromReport(
        'restriction_lifted',
        'restriction lifted',
        await services.data.restrictProcessing({ ...subject, lift: true }),
      );
    case 'objection': {
      const channels = input.channels ?? [];
      const outcome = fromReport(
        'unsubscribe_done',
        `unsubscribed from ${channels.join(', ')}`,
        await services.data.unsubscribe({ ...subject, channels }),
      );
      return { ...outcome, facts: { ...outcome.facts, channels } };
    }
    case 'opt_out_sale':
      return fromReport(
        'opt_out_done',
        'opted out of sale/sharing',
        await services.data.applyOptOut({ ...subject, kind: 'sale_sharing' }),
      );
    case 'limit_sensitive':
      return fromReport(
        'opt_out_done',
        'limited use of sensitive PI',
        await services.data.applyOptOut({ ...subject, kind: 'sensitive_use' }),
      );
    case 'appeal':
      throw new Error('An appeal is decided by an operator (decideAppeal), not fulfilled');
    default:
      throw new Error(`No fulfilment for ${String(type satisfies never)}`);
  }
}

const RECIPIENT_FOLLOW_UP_PATCH = 'recipient-follow-up-tasks-only';

function fromReport(message: MessageKind, verb: string, report: FulfilmentReport): FulfilmentOutcome {
  const touched = Object.values(report.collections).reduce(
    (sum, counts) => sum + Object.values(counts).reduce((a, b) => a + b, 0),
    0,
  );
  const untold = report.recipients.filter((r) => !r.notified);
  return {
    message,
    facts: { exceptions: report.exceptions },
    summary: `${verb}: ${touched} records in ${Object.keys(report.collections).length} collections; recipients told: ${
      report.recipients.filter((r) => r.notified).length
    }${untold.length ? `; not told: ${untold.map((r) => `${r.name} (${r.reason ?? 'no reason'})`).join(', ')}` : ''}`,
    // R18: only a recipient that could not be reached needs an operator; a declared "not told" has its stored reason.
    // Histories from before `followUp` existed made a task of every recipient not told.
    manualTasks: untold.filter((r) => r.followUp || !patched(RECIPIENT_FOLLOW_UP_PATCH)).map((r) => `notify:${r.name}`),
  };
}
