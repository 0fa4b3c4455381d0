import { defaultPayloadConverter } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { RECORD_POST_CHANGE } from '../workflows/audit-replay-capture';

/**
 * Reading a post's workflow history as an auditor does: the changes it recorded (the input of
 * each `recordPostChange` activity), the staff requests it accepted (each `postEvent` update),
 * and the event a nondeterminism error names, said in the programme's words.
 */
export type History = temporal.api.history.v1.IHistory;
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
const { EventType } = temporal.api.enums.v1;

const eventIdOf = (event: HistoryEvent) => Number(event.eventId ?? 0);
const decode = (payload: temporal.api.common.v1.IPayload | null | undefined): unknown =>
  payload ? defaultPayloadConverter.fromPayload(payload) : undefined;

/** `WORKFLOW_EXECUTION_UPDATE_ACCEPTED` → `WorkflowExecutionUpdateAccepted`, as Temporal's UI and errors name events. */
export function eventTypeName(event: HistoryEvent): string {
  const constant = EventType[event.eventType ?? 0] ?? 'EVENT_TYPE_UNSPECIFIED';
  return constant
    .replace(/^EVENT_TYPE_/, '')
    .toLowerCase()
    .replace(/(^|_)([a-z])/g, (_, __, letter: string) => letter.toUpperCase());
}

/** A change as the run recorded it: the activity's input, with the event that scheduled it. */
export interface RecordedChange {
  eventId: number;
  change: { entry: Record<string, unknown> & { version: number }; view: Record<string, unknown> };
}

export function recordedChanges(history: History): RecordedChange[] {
  return (history.events ?? []).flatMap((event) => {
    const attributes = event.activityTaskScheduledEventAttributes;
    if (!attributes || attributes.activityType?.name !== RECORD_POST_CHANGE) return [];
    return [{ eventId: eventIdOf(event), change: decode(attributes.input?.payloads?.[0]) as RecordedChange['change'] }];
  });
}

/** The post a run belongs to, from its input (`{ postId, carried? }`). */
export function postIdOfHistory(history: History): string | null {
  const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
  const input = decode(started?.input?.payloads?.[0]) as { postId?: unknown } | undefined;
  return typeof input?.postId === 'string' ? input.postId : null;
}

/** The run this one continues, as its first event says (none for a post's first run). */
export function continuedFromRunId(history: History): string | null {
  return history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || null;
}

export interface NamedEvent {
  eventId: number;
  eventType: string;
  /** The staff request (or timer) being handled when the event was written, as French text. */
  during: string | null;
}

/** `HistoryEvent(id: 49, WorkflowExecutionUpdateCompleted)` in a replay error: the event it stopped at. */
export function eventNamedByError(message: string): { eventId: number; eventType: string } | null {
  const match = /HistoryEvent\(id: (\d+), (\w+)/.exec(message) ?? /event(?: id)?[ :#]+(\d+)/i.exec(message);
  return match ? { eventId: Number(match[1]), eventType: match[2] ?? '' } : null;
}

/**
 * The event, with the request under way then: the last update accepted at or before it (its
 * event type and who sent it), or, with no update pending, the timer that had just fired.
 */
export function nameEvent(history: History, eventId: number, eventType = ''): NamedEvent {
  const events = history.events ?? [];
  const event = events.find((e) => eventIdOf(e) === eventId);
  let during: string | null = null;
  for (const e of events) {
    if (eventIdOf(e) > eventId) break;
    const accepted = e.workflowExecutionUpdateAcceptedEventAttributes;
    if (accepted) {
      const request = decode(accepted.acceptedRequest?.input?.args?.payloads?.[0]) as
        | { event?: { type?: unknown }; actor?: { role?: unknown }; receivedAt?: unknown }
        | undefined;
      during = `la demande ${String(request?.event?.type ?? '?')} du rôle ${String(request?.actor?.role ?? '?')}, reçue le ${String(request?.receivedAt ?? '?')} (événement ${eventIdOf(e)})`;
    } else if (e.timerFiredEventAttributes) {
      during = `l’échéance d’un minuteur (événement ${eventIdOf(e)})`;
    }
  }
  return { eventId, eventType: event ? eventTypeName(event) : eventType, during };
}
