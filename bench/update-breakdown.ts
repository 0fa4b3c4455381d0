import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { percentile } from './bench-support';

/**
 * Where an update's time goes, read from the workflow histories of sampled calls (the server's
 * event times) and the caller's clock, both on this machine:
 *
 *   caller sends ─► update's workflow task scheduled ─► started by the worker ─► completed (update
 *   accepted, activity scheduled) ─► activity started ─► completed ─► result's workflow task
 *   scheduled ─► started ─► completed (update completed) ─► caller answered.
 *
 * A floor workflow's update completes in the task that accepts it: its activity and result phases are 0.
 */
export interface TimedCall {
  workflowId: string;
  /** Date.now() when the caller sent the request, and when it had the answer. */
  sentAt: number;
  answeredAt: number;
}

export const PHASES = [
  'caller → update task scheduled',
  'update task queued',
  'update task on the worker',
  'activity queued',
  'activity running',
  'result task queued',
  'result task on the worker',
  'update completed → caller answered',
] as const;
export type Phase = (typeof PHASES)[number];

const E = temporal.api.enums.v1.EventType;
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

const timeOf = (event: HistoryEvent): number => {
  const t = event.eventTime!;
  return Number(t.seconds ?? 0) * 1000 + (t.nanos ?? 0) / 1e6;
};

/** The workflow task that sent the command found at `index`: the Scheduled, Started, Completed before it. */
function taskBefore(events: HistoryEvent[], index: number) {
  const find = (type: temporal.api.enums.v1.EventType, from: number) => {
    for (let i = from; i >= 0; i--) if (events[i]!.eventType === type) return i;
    throw new Error(`no ${E[type]} before event ${index}`);
  };
  const completed = find(E.EVENT_TYPE_WORKFLOW_TASK_COMPLETED, index);
  const started = find(E.EVENT_TYPE_WORKFLOW_TASK_STARTED, completed);
  const scheduled = find(E.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, started);
  return { completed, scheduled: timeOf(events[scheduled]!), started: timeOf(events[started]!), done: timeOf(events[completed]!) };
}

/** One update's phases, in the history of its workflow: `accepted` and `completed` are event indexes. */
function phasesOf(events: HistoryEvent[], accepted: number, completed: number, call: TimedCall): Record<Phase, number> {
  const first = taskBefore(events, accepted);
  const last = taskBefore(events, completed);
  const sameTask = last.completed === first.completed;
  const scheduledActivity = events.findIndex((e, i) => i > accepted && i < completed && e.eventType === E.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED);
  let activity = { queued: 0, running: 0, end: first.done };
  if (scheduledActivity >= 0) {
    const id = events[scheduledActivity]!.eventId!.toString();
    const of = (type: temporal.api.enums.v1.EventType, attrs: (e: HistoryEvent) => { scheduledEventId?: unknown } | null | undefined) =>
      events.find((e) => e.eventType === type && String(attrs(e)?.scheduledEventId) === id)!;
    const started = timeOf(of(E.EVENT_TYPE_ACTIVITY_TASK_STARTED, (e) => e.activityTaskStartedEventAttributes));
    const done = timeOf(of(E.EVENT_TYPE_ACTIVITY_TASK_COMPLETED, (e) => e.activityTaskCompletedEventAttributes));
    activity = { queued: started - timeOf(events[scheduledActivity]!), running: done - started, end: done };
  }
  return {
    'caller → update task scheduled': first.scheduled - call.sentAt,
    'update task queued': first.started - first.scheduled,
    'update task on the worker': first.done - first.started,
    'activity queued': activity.queued,
    'activity running': activity.running,
    'result task queued': sameTask ? 0 : last.started - last.scheduled,
    'result task on the worker': sameTask ? 0 : last.done - last.started,
    'update completed → caller answered': call.answeredAt - (sameTask ? first.done : last.done),
  };
}

/**
 * The phases of `calls`, each the last updates of its workflow in the order sent (a bench sends a
 * workflow's updates one after the other); `sample` workflows are read, not all of them.
 */
export async function updateBreakdown(client: Client, calls: TimedCall[], sample = 20): Promise<Record<Phase, number[]>> {
  const byWorkflow = new Map<string, TimedCall[]>();
  for (const call of calls) byWorkflow.set(call.workflowId, [...(byWorkflow.get(call.workflowId) ?? []), call]);
  const phases = Object.fromEntries(PHASES.map((p) => [p, [] as number[]])) as Record<Phase, number[]>;
  for (const [workflowId, mine] of [...byWorkflow].slice(0, sample)) {
    const events = (await client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
    const updates: { accepted: number; completed: number }[] = [];
    events.forEach((event, i) => {
      const id = event.workflowExecutionUpdateCompletedEventAttributes?.meta?.updateId;
      if (event.eventType !== E.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED || !id) return;
      const accepted = events.findIndex((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.meta?.updateId === id);
      updates.push({ accepted, completed: i });
    });
    updates.sort((a, b) => a.accepted - b.accepted);
    const sorted = [...mine].sort((a, b) => a.sentAt - b.sentAt);
    const matched = updates.slice(-sorted.length);
    matched.forEach((u, k) => {
      const row = phasesOf(events, u.accepted, u.completed, sorted[k]!);
      for (const p of PHASES) phases[p].push(row[p]);
    });
  }
  return phases;
}

/** The breakdown as a Markdown table: the p50 and mean of each phase, and its share of the mean total. */
export function breakdownTable(title: string, phases: Record<Phase, number[]>): string {
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const total = PHASES.reduce((s, p) => s + mean(phases[p]), 0);
  const rows = PHASES.map((p) => {
    const sorted = [...phases[p]].sort((a, b) => a - b);
    return `| ${p} | ${percentile(sorted, 50).toFixed(1)} | ${mean(phases[p]).toFixed(1)} | ${((mean(phases[p]) / total) * 100).toFixed(0)} % |`;
  });
  return [`\n${title}: ${phases[PHASES[0]].length} updates sampled from their histories`, '| phase | p50 ms | mean ms | share of mean |', '| --- | ---: | ---: | ---: |', ...rows, `| total | | ${total.toFixed(1)} | |`].join('\n');
}
