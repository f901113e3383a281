import { DsarPolicy, reminderTimes } from '@rightsflow/domain';
import { condition } from '@temporalio/workflow';
import type { Messenger } from './messages';
import type { RequestState } from './request-state';
import type { VirtualClock } from './virtual-clock';

/**
 * Runs beside the request for its whole life: reminds operators 7 and 2 days
 * before the due date, raises the overdue alert (and DsarOverdue) at the due
 * date. An extension moves the due date; the watch re-plans at once.
 */
export async function watchDeadline(
  state: RequestState,
  clock: VirtualClock,
  messenger: Messenger,
  policy: DsarPolicy,
) {
  const sent = new Set<string>();
  while (!state.closed) {
    const dueAt = state.dueAt;
    const next = reminderTimes(dueAt, clock.now(), policy).find(
      (t) => !sent.has(`${t.toISOString()}|${dueAt.toISOString()}`),
    );
    const target = next ?? dueAt;
    const interrupted = await clock.waitUntil(() => state.closed || state.dueAt.getTime() !== dueAt.getTime(), target);
    if (interrupted) continue;
    if (next) {
      sent.add(`${next.toISOString()}|${dueAt.toISOString()}`);
      const daysLeft = Math.round((dueAt.getTime() - next.getTime()) / 86_400_000);
      await messenger.toOperators(
        'operator_reminder',
        { dueAt: dueAt.toISOString(), daysLeft },
        `operator_reminder#${daysLeft}#${dueAt.toISOString()}`,
      );
      continue;
    }
    state.setOverdue();
    await messenger.toOperators(
      'operator_overdue',
      { dueAt: dueAt.toISOString() },
      `operator_overdue#${dueAt.toISOString()}`,
    );
    // Overdue stays until the request closes or an extension moves the date.
    await condition(() => state.closed || state.dueAt.getTime() !== dueAt.getTime());
    if (!state.closed) state.data.overdue = false;
  }
}
