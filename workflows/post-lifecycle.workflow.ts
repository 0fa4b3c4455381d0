import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  ParentClosePolicy,
  proxyActivities,
  setHandler,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { PostActivities } from '../activities/post-activities';
import type { ChainHead } from '../domain/audit/timeline-chain';
import type { Actor } from '../domain/lifecycle/actor';
import type { Decision, PostEffect, Refusal } from '../domain/lifecycle/decide-post-event';
import type { Deadline } from '../domain/lifecycle/post-deadlines';
import type { TransferredInEvent } from '../domain/lifecycle/post-events';
import type { NotificationRow } from '../domain/lifecycle/post-notifications';
import type { PostRulesRevision } from '../domain/lifecycle/post-rules-revision';
import type { StoredPostSnapshot } from '../domain/lifecycle/post-snapshot';
import type { PostView } from '../domain/lifecycle/post-view';
import { postDomain } from './post-domain';
import { notificationDelivery } from './notification-delivery';
import {
  allowedEventsQuery,
  POST_EVENT_REFUSED,
  postEventUpdate,
  postViewQuery,
  type PostEventRequest,
  type PostEventResult,
  timelineChainQuery,
} from './post-messages';
import { rulesRevisionOfThisRun } from './post-rules-revision-gate';
import { upsertPostSearchAttributes } from './post-search-attributes';
import { createTimelineChain } from './post-timeline-chain';
import { uncancellableEffects } from './uncancellable-effect';

const { actorSchema, allowedEvents, deadlineBehaviour, decideApplication, decidePostEvent, decideTransferredPost, notificationRows, postDeadlines, postView, reminderDates, restorePostSnapshot, systemActor, toInstant, trancheNumberOf } = postDomain();

/**
 * One workflow per post (workflow id = post id), alive for the post's whole life. The machine's
 * snapshot is the state; staff act through the `postEvent` update, whose validator asks the shared
 * decision function, so a refused event leaves no trace in the history. Deadlines are durable
 * timers derived from the snapshot; each alarm rings once, also across continue-as-new.
 */

export interface PostWorkflowInput {
  postId: string;
  /** Present when the workflow continues as new (renewal, or a history grown too long). */
  carried?: CarriedState;
  /** Present when a transfer's origin starts this post for its target structure (rules revision 3). */
  transferredIn?: { actor: Actor; event: TransferredInEvent; receivedAt: string };
}

interface CarriedState {
  snapshot: StoredPostSnapshot;
  version: number;
  processed: Record<string, PostEventResult>;
  firedAlarms: string[];
  deadlineSeenAt: Record<string, number>;
  /** Absent when the run it continues had not linked any entry yet. */
  chainHead?: ChainHead;
  /** Outbox rows whose delivery had not settled when the previous run continued as new (issue 11). */
  undelivered?: string[];
}

interface Alarm {
  id: string;
  at: number;
  deadline: Deadline;
  daysBefore: number | null;
}

const { recordPostChange, writeNotifications } = proxyActivities<PostActivities>({
  startToCloseTimeout: '30 seconds',
  // A document the schema refuses will be refused again: retrying it only hides the bug. Anything
  // else (a server away, a timeout) is retried until it succeeds, since every write is idempotent.
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', nonRetryableErrorTypes: ['ValidationError', 'StrictModeError', 'CastError'] },
});

/** How long a post started without its application waits for it before giving up. */
const APPLICATION_WAIT = '1 minute';

function refusalFailure(refusal: Refusal): ApplicationFailure {
  return ApplicationFailure.create({
    type: POST_EVENT_REFUSED,
    message: refusal.message,
    details: [refusal],
    nonRetryable: true,
  });
}

/**
 * RULES.md §4 (rules revision 3): a transfer creates the target structure's post. A child workflow
 * under an id derived from this post's, started once, abandoned when this one ends (it is over), so
 * that the target's post lives its own life; the start is a command of this history, so a replay
 * or a retried task never starts it twice.
 */
async function startTransferredPost(effect: Extract<PostEffect, { type: 'start-transferred-post' }>, actor: Actor, receivedAt: string) {
  try {
    await startChild(postLifecycleWorkflow, {
      workflowId: effect.postId,
      args: [{ postId: effect.postId, transferredIn: { actor, event: effect.event, receivedAt } }],
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    log.warn('the transferred post already exists', { postId: effect.postId });
  }
}

export async function postLifecycleWorkflow(input: PostWorkflowInput): Promise<StoredPostSnapshot | null> {
  const { postId, carried, transferredIn } = input;
  // First, before any command: a run replayed from a history older than a revision keeps the rules it had.
  const rulesRevision: PostRulesRevision = rulesRevisionOfThisRun();
  let stored: StoredPostSnapshot | null = carried?.snapshot ?? null;
  let version = carried?.version ?? 0;
  const processed = new Map(Object.entries(carried?.processed ?? {}));
  const firedAlarms = new Set(carried?.firedAlarms ?? []);
  const deadlineSeenAt = new Map(Object.entries(carried?.deadlineSeenAt ?? {}));
  const chain = createTimelineChain(carried?.chainHead);
  const startPeriod = stored?.context.convention?.period ?? 0;
  const isOver = () => restorePostSnapshot(stored!).status === 'done';
  // The first convention is period 1; a higher period than the one this run started with is a renewal.
  const renewed = () => (stored!.context.convention?.period ?? 0) > Math.max(startPeriod, 1);
  const continuesAsNew = () => stored !== null && !isOver() && (renewed() || workflowInfo().continueAsNewSuggested);
  const runEffect = uncancellableEffects();
  const mail = notificationDelivery(runEffect, carried?.undelivered, continuesAsNew);
  // Side effects run one after the other, in the order of the changes that caused them.
  let effects: Promise<void> = Promise.resolve();
  // What the read model was last told, so that a change rewrites only the rows that moved.
  let lastView: PostView | null = stored ? postView(postId, version, stored) : null;

  const decide = (actor: Actor, event: unknown): Decision => {
    const parsedActor = actorSchema.safeParse(actor);
    if (!parsedActor.success) {
      return { accepted: false, refusal: { kind: 'forbidden', code: 'actor.invalid', message: 'Acteur invalide ou sans périmètre.' } };
    }
    return stored
      ? decidePostEvent(stored, parsedActor.data, event, rulesRevision)
      : decideApplication(postId, parsedActor.data, event, rulesRevision);
  };

  const apply = (
    decision: Extract<Decision, { accepted: true }>,
    request: Omit<PostEventRequest, 'event'>,
  ): PostEventResult => {
    stored = decision.snapshot;
    version += 1;
    const result: PostEventResult = {
      requestId: request.requestId,
      eventType: decision.event.type,
      statusBefore: decision.statusBefore,
      status: decision.status,
      version,
    };
    processed.set(request.requestId, result);
    const now = new Date().toISOString();
    const sentBy = request.actor.role;
    const notifications: NotificationRow[] = decision.effects.flatMap((effect) =>
      effect.type === 'notify'
        ? notificationRows({
            context: decision.snapshot.context,
            topic: effect.topic,
            occurrence: effect.tranche
              ? `period:${decision.snapshot.context.convention?.period ?? 0}:tranche:${effect.tranche}`
              : `event:${version}`,
            detail: effect.tranche ? { tranche: effect.tranche, sentBy } : { sentBy },
            createdAt: now,
          })
        : [],
    );
    const view = postView(postId, version, decision.snapshot);
    const differs = (part: 'structure' | 'advisor' | 'convention' | 'tranches') =>
      !lastView || JSON.stringify(lastView[part]) !== JSON.stringify(view[part]);
    const changed = {
      structure: differs('structure'),
      advisor: differs('advisor'),
      convention: differs('convention') || differs('tranches'),
    };
    lastView = view;
    upsertPostSearchAttributes(view);
    const change = {
      changed,
      entry: chain.link({
        postId,
        version,
        requestId: request.requestId,
        actor: request.actor,
        type: decision.event.type,
        payload: decision.event,
        rulesRevision,
        receivedAt: request.receivedAt,
        statusBefore: decision.statusBefore,
        status: decision.status,
      }),
      notifications,
      view,
    };
    let done = effects.then(() => runEffect(() => recordPostChange(change)));
    mail.afterWrite(done, notifications.map((n) => n.key));
    for (const effect of decision.effects) {
      if (effect.type === 'start-transferred-post') done = done.then(() => startTransferredPost(effect, request.actor, request.receivedAt));
    }
    effects = done;
    return result;
  };

  setHandler(
    postEventUpdate,
    async (request) => {
      const known = processed.get(request.requestId);
      if (known) return { ...known, allowedEvents: allowedEvents(stored!, request.actor) };
      const decision = decide(request.actor, request.event);
      if (!decision.accepted) throw refusalFailure(decision.refusal);
      const result = apply(decision, request);
      await effects;
      return { ...result, allowedEvents: allowedEvents(stored!, request.actor) };
    },
    {
      // Synchronous on purpose: the SDK does not await a validator, so an async one could never refuse.
      validator: (request) => {
        if (processed.has(request.requestId)) return;
        const decision = decide(request.actor, request.event);
        if (!decision.accepted) throw refusalFailure(decision.refusal);
      },
    },
  );

  setHandler(postViewQuery, () => {
    if (!stored) throw new Error(`post ${postId} has no application yet`);
    return postView(postId, version, stored);
  });
  setHandler(allowedEventsQuery, (actor) => (stored ? allowedEvents(stored, actor) : []));
  setHandler(timelineChainQuery, () => chain.head());

  const pendingAlarms = (): Alarm[] => {
    if (!stored) return [];
    const now = Date.now();
    const alarms: Alarm[] = [];
    const snapshot = restorePostSnapshot(stored);
    for (const deadline of postDeadlines(snapshot)) {
      const key = `${deadline.kind}@${deadline.dueOn}`;
      if (!deadlineSeenAt.has(key)) deadlineSeenAt.set(key, now);
      const seenOn = new Date(deadlineSeenAt.get(key)!).toISOString().slice(0, 10);
      for (const reminder of reminderDates(deadline, snapshot)) {
        const id = `${key}:d-${reminder.daysBefore}`;
        // RULES.md §5: a reminder whose day was already over when its deadline was armed is skipped, not sent late.
        if (reminder.on >= seenOn && !firedAlarms.has(id)) {
          alarms.push({ id, at: toInstant(reminder.on).getTime(), deadline, daysBefore: reminder.daysBefore });
        }
      }
      const reachId = `${key}:reach`;
      if (!firedAlarms.has(reachId)) {
        alarms.push({ id: reachId, at: toInstant(deadline.dueOn).getTime(), deadline, daysBefore: null });
      }
    }
    return alarms.sort((a, b) => a.at - b.at);
  };

  const ring = async (alarm: Alarm): Promise<void> => {
    firedAlarms.add(alarm.id);
    const { deadline } = alarm;
    const behaviour = deadlineBehaviour(deadline.kind);
    const occurrence = `${deadline.kind}:${deadline.dueOn}:${alarm.daysBefore === null ? 'reach' : `d-${alarm.daysBefore}`}`;
    const detail = {
      dueOn: deadline.dueOn,
      deadlineKind: deadline.kind,
      daysBefore: alarm.daysBefore ?? undefined,
      tranche: trancheNumberOf(deadline.kind),
    };
    const createdAt = new Date().toISOString();
    if (alarm.daysBefore !== null) {
      if (behaviour.reminderTopic) {
        const rows = notificationRows({ context: stored!.context, topic: behaviour.reminderTopic, occurrence, detail, createdAt });
        effects = effects.then(async () => void (await runEffect(() => writeNotifications(rows))));
        mail.afterWrite(effects, rows.map((r) => r.key));
      }
    } else if ('notice' in behaviour.onReach) {
      const rows = notificationRows({ context: stored!.context, topic: behaviour.onReach.notice, occurrence, detail, createdAt });
      effects = effects.then(async () => void (await runEffect(() => writeNotifications(rows))));
      mail.afterWrite(effects, rows.map((r) => r.key));
    } else {
      const event = behaviour.onReach.event(deadline.dueOn);
      const decision = decidePostEvent(stored!, systemActor, event, rulesRevision);
      if (decision.accepted) {
        apply(decision, { requestId: `system:${alarm.id}`, actor: systemActor, receivedAt: createdAt });
      } else {
        log.warn('deadline event refused', { postId, alarm: alarm.id, code: decision.refusal.code });
      }
    }
    await effects;
  };

  if (!stored && transferredIn) {
    const decision = decideTransferredPost(postId, transferredIn.actor, transferredIn.event, rulesRevision);
    if (!decision.accepted) {
      log.error('the transferred post was refused', { postId, code: decision.refusal.code });
      return null;
    }
    apply(decision, { requestId: `transferred-in:${transferredIn.event.fromPostId}`, actor: transferredIn.actor, receivedAt: transferredIn.receivedAt });
  }

  if (!stored && !(await condition(() => stored !== null, APPLICATION_WAIT))) {
    log.warn('no application received; the post was never created', { postId });
    return null;
  }

  while (!isOver()) {
    if (continuesAsNew()) {
      await condition(allHandlersFinished);
      await effects;
      const undelivered = await mail.handOver();
      const current = new Set(postDeadlines(restorePostSnapshot(stored!)).map((d) => `${d.kind}@${d.dueOn}`));
      const keep = (id: string) => current.has(id.slice(0, id.lastIndexOf(':')));
      await continueAsNew<typeof postLifecycleWorkflow>({
        postId,
        carried: {
          snapshot: stored!,
          version,
          processed: Object.fromEntries(processed),
          firedAlarms: [...firedAlarms].filter(keep),
          deadlineSeenAt: Object.fromEntries([...deadlineSeenAt].filter(([key]) => current.has(key))),
          chainHead: chain.head() ?? undefined,
          undelivered,
        },
      });
    }
    const next = pendingAlarms()[0];
    const seenVersion = version;
    if (!next) {
      await condition(() => version !== seenVersion);
      continue;
    }
    const changed = await condition(() => version !== seenVersion, Math.max(next.at - Date.now(), 1));
    if (!changed) await ring(next);
  }

  await condition(allHandlersFinished);
  await effects;
  await mail.settled();
  return stored;
}
