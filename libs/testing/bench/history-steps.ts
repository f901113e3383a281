// Where a request's time goes, read from Temporal's own history: for every
// activity type, how long it waited in its task queue (scheduled → started) and
// how long it ran (started → completed); plus workflow tasks, search-attribute
// upserts, memo changes and events per request. Printed by the journey benchmark.
import { tsToMs } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
const EventType = temporal.api.enums.v1.EventType;

export interface StepTimes {
  /** activity type → queue waits and run times in ms, one entry per execution */
  activities: Map<string, { waits: number[]; runs: number[] }>;
  /** workflow tasks: scheduled → started (queue wait) and started → completed (worker time) */
  workflowTasks: { waits: number[]; runs: number[] };
  perRequest: { events: number[]; workflowTasks: number[]; activities: number[]; upserts: number[]; memos: number[] };
}

export function emptyStepTimes(): StepTimes {
  return {
    activities: new Map(),
    workflowTasks: { waits: [], runs: [] },
    perRequest: { events: [], workflowTasks: [], activities: [], upserts: [], memos: [] },
  };
}

const at = (event: HistoryEvent | undefined) => (event ? tsToMs(event.eventTime) : NaN);

/** Adds one workflow's history to `times`. */
export function addHistory(times: StepTimes, events: HistoryEvent[]): void {
  const byId = new Map(events.map((event) => [Number(event.eventId), event]));
  const count = (type: number) => events.filter((event) => event.eventType === type).length;
  let activities = 0;
  for (const event of events) {
    if (event.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED) {
      const attributes = event.activityTaskCompletedEventAttributes;
      const scheduled = byId.get(Number(attributes?.scheduledEventId));
      const started = byId.get(Number(attributes?.startedEventId));
      const name = scheduled?.activityTaskScheduledEventAttributes?.activityType?.name ?? '?';
      const entry = times.activities.get(name) ?? { waits: [], runs: [] };
      entry.waits.push(at(started) - at(scheduled));
      entry.runs.push(at(event) - at(started));
      times.activities.set(name, entry);
      activities++;
    }
    if (event.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) {
      const attributes = event.workflowTaskCompletedEventAttributes;
      const scheduled = byId.get(Number(attributes?.scheduledEventId));
      const started = byId.get(Number(attributes?.startedEventId));
      times.workflowTasks.waits.push(at(started) - at(scheduled));
      times.workflowTasks.runs.push(at(event) - at(started));
    }
  }
  times.perRequest.events.push(events.length);
  times.perRequest.workflowTasks.push(count(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED));
  times.perRequest.activities.push(activities);
  times.perRequest.upserts.push(count(EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES));
  times.perRequest.memos.push(count(EventType.EVENT_TYPE_WORKFLOW_PROPERTIES_MODIFIED));
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
};
const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;

/** The table, with sample counts beside every figure. */
export function formatStepTimes(times: StepTimes, requests: number): string[] {
  const ms = (value: number) => `${value.toFixed(0).padStart(6)} ms`;
  const lines = [
    `per request (${requests} request histories): ${mean(times.perRequest.events).toFixed(1)} events, ` +
      `${mean(times.perRequest.workflowTasks).toFixed(1)} workflow tasks, ${mean(times.perRequest.activities).toFixed(1)} activities, ` +
      `${mean(times.perRequest.upserts).toFixed(1)} search-attribute upserts, ${mean(times.perRequest.memos).toFixed(1)} memo changes`,
    `${'step'.padEnd(26)} ${'count'.padStart(6)} ${'queue wait p50'.padStart(15)} ${'run p50'.padStart(10)} ${'run max'.padStart(10)}`,
    `${'workflow task'.padEnd(26)} ${String(times.workflowTasks.runs.length).padStart(6)} ${ms(median(times.workflowTasks.waits)).padStart(15)} ` +
      `${ms(median(times.workflowTasks.runs)).padStart(10)} ${ms(Math.max(...times.workflowTasks.runs)).padStart(10)}`,
  ];
  for (const [name, entry] of [...times.activities.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(
      `${name.padEnd(26)} ${String(entry.runs.length).padStart(6)} ${ms(median(entry.waits)).padStart(15)} ` +
        `${ms(median(entry.runs)).padStart(10)} ${ms(Math.max(...entry.runs)).padStart(10)}`,
    );
  }
  return lines;
}

/**
 * Where one request's time went, for the slowest of a level: the longest waits between
 * consecutive history events, and every activity attempt after the first and every workflow
 * task that failed or timed out (a retry's backoff is a wait no step's run time shows).
 */
export function slowestGaps(events: HistoryEvent[], count = 3): string[] {
  const byId = new Map(events.map((event) => [Number(event.eventId), event]));
  const activityOf = (scheduledEventId: unknown) =>
    byId.get(Number(scheduledEventId))?.activityTaskScheduledEventAttributes?.activityType?.name ?? '?';
  const name = (event: HistoryEvent) => {
    const type = (EventType[event.eventType ?? 0] ?? '?').replace(/^EVENT_TYPE_/, '').toLowerCase();
    const scheduled =
      event.activityTaskStartedEventAttributes?.scheduledEventId ??
      event.activityTaskCompletedEventAttributes?.scheduledEventId;
    const activity =
      event.activityTaskScheduledEventAttributes?.activityType?.name ?? (scheduled ? activityOf(scheduled) : undefined);
    return activity ? `${type} (${activity})` : type;
  };
  const gaps = events.slice(1).map((event, index) => {
    const before = events[index] as HistoryEvent;
    return {
      ms: at(event) - at(before),
      from: `${before.eventId} ${name(before)}`,
      to: `${event.eventId} ${name(event)}`,
    };
  });
  const lines = gaps
    .sort((a, b) => b.ms - a.ms)
    .slice(0, count)
    .map((gap) => `${gap.ms.toFixed(0).padStart(6)} ms between ${gap.from} and ${gap.to}`);
  for (const event of events) {
    const started = event.activityTaskStartedEventAttributes;
    if (started && (started.attempt ?? 1) > 1)
      lines.push(
        `activity ${activityOf(started.scheduledEventId)} started as attempt ${started.attempt}: ${started.lastFailure?.message ?? ''}`,
      );
    if (
      event.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED ||
      event.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT
    )
      lines.push(`${name(event)} at event ${event.eventId}`);
    if (event.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT)
      lines.push(`activity ${activityOf(event.activityTaskTimedOutEventAttributes?.scheduledEventId)} timed out`);
  }
  return lines;
}
