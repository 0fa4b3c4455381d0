import { initialTransition, transition } from 'xstate';
import type { z } from 'zod';
import { derivePolicy, type InitialPolicyId, transferredPostPolicy } from '../policies/policy';
import { recruitmentDeadline } from '../policies/recruitment-deadline';
import type { Actor, Role } from './actor';
import { actorCoversPost } from './post-access';
import { type Deadline, postDeadlines } from './post-deadlines';
import { postEventRoles } from './post-event-roles';
import {
  type PostEvent,
  type PostEventType,
  staffEventSchemas,
  systemEventSchemas,
  type TransferredInEvent,
  transferredInEventSchema,
} from './post-events';
import { postLifecycleMachine } from './post-lifecycle.machine';
import type { NotificationTopic } from './post-notification-topics';
import { firstRefusal } from './post-rules';
import { LATEST_POST_RULES_REVISION, type PostRulesRevision } from './post-rules-revision';
import { type PostSnapshot, restorePostSnapshot, type StoredPostSnapshot, storePostSnapshot } from './post-snapshot';
import { type PostStatus, postStatus } from './post-status';

/**
 * The one place that says whether an event may happen to a post, shared by the workflow's update
 * validator and handler and by the API. Checks, in order: the payload's shape (422), the role and
 * the territory (403), the post's state and the programme's rules (409).
 */

export type PostEffect =
  | { type: 'notify'; topic: NotificationTopic; tranche?: number }
  | { type: 'arm-deadline'; deadline: Deadline }
  | { type: 'cancel-deadline'; deadline: Deadline }
  /** Rules revision 3: the target structure's post of a transfer, which the workflow starts (RULES.md §4). */
  | { type: 'start-transferred-post'; postId: string; event: TransferredInEvent };

export type Refusal =
  | { kind: 'invalid_payload'; code: 'event.invalid_payload'; message: string; issues: { path: string; message: string }[] }
  | { kind: 'forbidden'; code: string; message: string }
  | { kind: 'not_allowed'; code: string; message: string; allowedEvents: PostEventType[] };

export type Decision =
  | {
      accepted: true;
      /** The event as parsed; a transferred post's first one is its own kind (rules revision 3). */
      event: PostEvent | TransferredInEvent;
      statusBefore: PostStatus | null;
      status: PostStatus;
      snapshot: StoredPostSnapshot;
      effects: PostEffect[];
    }
  | { accepted: false; refusal: Refusal };

const refused = (refusal: Refusal): Decision => ({ accepted: false, refusal });

const invalidPayload = (message: string, issues: readonly { path: PropertyKey[]; message: string }[]): Refusal => ({
  kind: 'invalid_payload',
  code: 'event.invalid_payload',
  message,
  issues: issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
});

function parseEvent(raw: unknown): { ok: true; event: PostEvent } | { ok: false; refusal: Refusal } {
  const type = (raw as { type?: unknown } | null)?.type;
  const schema =
    typeof type === 'string'
      ? ((staffEventSchemas as Record<string, z.ZodType>)[type] ?? (systemEventSchemas as Record<string, z.ZodType>)[type])
      : undefined;
  if (!schema) {
    return {
      ok: false,
      refusal: {
        kind: 'invalid_payload',
        code: 'event.invalid_payload',
        message: `Type d’événement inconnu : ${JSON.stringify(type)}.`,
        issues: [{ path: 'type', message: 'type d’événement inconnu' }],
      },
    };
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, event: parsed.data as PostEvent };
  return { ok: false, refusal: invalidPayload(`Les données de l’événement ${type} ne sont pas valides.`, parsed.error.issues) };
}

/** A post's first snapshot, from its application or its transfer. */
function created(event: PostEvent | TransferredInEvent, snapshot: PostSnapshot, effects: PostEffect[]): Decision {
  return { accepted: true, event, statusBefore: null, status: postStatus(snapshot), snapshot: storePostSnapshot(snapshot), effects };
}

function roleRefusal(actor: Actor, type: PostEventType): Refusal | null {
  const roles = postEventRoles[type];
  return roles.includes(actor.role)
    ? null
    : {
        kind: 'forbidden',
        code: 'role.forbidden',
        message: `Le rôle ${actor.role} ne peut pas envoyer ${type} (réservé à : ${roles.join(', ')}).`,
      };
}

/** Event types the machine expects in this state, whatever their guards will say. */
function expectedEventTypes(snapshot: PostSnapshot): Set<string> {
  return new Set(snapshot._nodes.flatMap((node) => [...node.ownEvents]));
}

/** Whether the latest rules would take an event that an older revision refuses: the refusal then says so. */
function allowedByLatestRules(stored: StoredPostSnapshot, event: PostEvent): boolean {
  const latest = restorePostSnapshot({ ...stored, context: { ...stored.context, rulesRevision: LATEST_POST_RULES_REVISION } });
  return firstRefusal(latest.context, event).ok && latest.can(event);
}

/** The event types this actor may send now: the API's `allowedEvents`. */
export function allowedEvents(stored: StoredPostSnapshot, actor: Actor): PostEventType[] {
  const snapshot = restorePostSnapshot(stored);
  if (!actorCoversPost(actor, snapshot.context).ok) return [];
  const expected = expectedEventTypes(snapshot);
  return (Object.keys(postEventRoles) as PostEventType[]).filter(
    (type) => expected.has(type) && postEventRoles[type].includes(actor.role as Role),
  );
}

function effectsOf(
  before: PostSnapshot | null,
  after: PostSnapshot,
  actions: { type: string; params?: unknown }[],
  event: PostEvent | TransferredInEvent,
): PostEffect[] {
  const effects: PostEffect[] = [];
  for (const action of actions) {
    if (action.type === 'startTransferredPost') {
      const transferred = transferredInEvent(after, event);
      if (transferred) effects.push(transferred);
      continue;
    }
    if (action.type !== 'notify') continue;
    const { topic } = action.params as { topic: NotificationTopic };
    effects.push(event.type === 'TRANCHE_DUE' ? { type: 'notify', topic, tranche: event.tranche } : { type: 'notify', topic });
  }
  const key = (d: Deadline) => `${d.kind}@${d.dueOn}`;
  const previous = before ? postDeadlines(before) : [];
  const next = postDeadlines(after);
  const nextKeys = new Set(next.map(key));
  const previousKeys = new Set(previous.map(key));
  for (const d of previous) if (!nextKeys.has(key(d))) effects.push({ type: 'cancel-deadline', deadline: d });
  for (const d of next) if (!previousKeys.has(key(d))) effects.push({ type: 'arm-deadline', deadline: d });
  return effects;
}

/** The first event of the target's post, from the origin just transferred (rules revision 3). */
function transferredInEvent(
  after: PostSnapshot,
  event: PostEvent | TransferredInEvent,
): Extract<PostEffect, { type: 'start-transferred-post' }> | null {
  const c = after.context;
  if (event.type !== 'TRANSFER_POST' || !c.transferredToPostId || !event.transferredOn) return null;
  return {
    type: 'start-transferred-post',
    postId: c.transferredToPostId,
    event: {
      type: 'TRANSFERRED_IN',
      fromPostId: c.postId,
      structure: event.targetStructure,
      policy: transferredPostPolicy(c.policy as InitialPolicyId, event.targetStructure.sector),
      transferredOn: event.transferredOn,
    },
  };
}

/**
 * The application: creates the post's first snapshot (RULES.md §4, SUBMIT_APPLICATION).
 * `rulesRevision`: the rules the deciding run follows (post-rules-revision.ts), as for every decision.
 */
export function decideApplication(postId: string, actor: Actor, raw: unknown, rulesRevision: PostRulesRevision): Decision {
  const parsed = parseEvent(raw);
  if (!parsed.ok) return refused(parsed.refusal);
  const event = parsed.event;
  if (event.type !== 'SUBMIT_APPLICATION') {
    return refused({
      kind: 'not_allowed',
      code: 'post.not_found',
      message: 'Le poste n’existe pas encore : seule une candidature (SUBMIT_APPLICATION) peut le créer.',
      allowedEvents: ['SUBMIT_APPLICATION'],
    });
  }
  const forbidden = roleRefusal(actor, event.type);
  if (forbidden) return refused(forbidden);
  const scope = actorCoversPost(actor, { structure: event.structure, training: null });
  if (!scope.ok) return refused({ kind: 'forbidden', code: scope.code, message: scope.message });

  const policy = event.policy ?? derivePolicy(event.structure.sector, event.appliedOn);
  const policySector = policy.endsWith('-public') ? 'public' : policy.endsWith('-private') ? 'private' : null;
  if (policySector !== event.structure.sector) {
    return refused({
      kind: 'not_allowed',
      code: 'policy.sector_mismatch',
      message: `La politique ${policy} ne s’applique pas à une structure du secteur ${event.structure.sector} (RULES.md §2).`,
      allowedEvents: ['SUBMIT_APPLICATION'],
    });
  }
  const [snapshot, actions] = initialTransition(postLifecycleMachine, {
    postId,
    policy,
    rulesRevision,
    structure: event.structure,
    appliedOn: event.appliedOn,
  });
  return created(event, snapshot, effectsOf(null, snapshot, actions, event));
}

/**
 * The post a transfer creates for its target structure (RULES.md §4, TRANSFER_POST): the post is
 * already attributed, by ANCT's transfer, so it starts recruiting under its policy, its deadline
 * counted from the transfer as from a committee's notification, linked to the post it comes from.
 */
export function decideTransferredPost(postId: string, actor: Actor, raw: unknown, rulesRevision: PostRulesRevision): Decision {
  const parsed = transferredInEventSchema.safeParse(raw);
  if (!parsed.success) return refused(invalidPayload('Les données du poste transféré ne sont pas valides.', parsed.error.issues));
  const event = parsed.data;
  const forbidden = roleRefusal(actor, 'TRANSFER_POST');
  if (forbidden) return refused(forbidden);
  const [applied] = initialTransition(postLifecycleMachine, {
    postId,
    policy: event.policy,
    rulesRevision,
    structure: event.structure,
    appliedOn: event.transferredOn,
  });
  const context = {
    ...applied.context,
    committee: { decision: 'validated' as const, decidedOn: event.transferredOn, notifiedOn: event.transferredOn },
    recruitmentDeadline: recruitmentDeadline(event.policy, event.transferredOn),
    transferredFromPostId: event.fromPostId,
  };
  const snapshot = postLifecycleMachine.resolveState({
    value: { programme: { staffing: 'recruiting', funding: 'notRequested', payments: 'flowing' } },
    context,
  });
  return created(event, snapshot, [{ type: 'notify', topic: 'post-received-by-transfer' }, ...effectsOf(null, snapshot, [], event)]);
}

/** Any later event on an existing post. */
export function decidePostEvent(
  stored: StoredPostSnapshot,
  actor: Actor,
  raw: unknown,
  rulesRevision: PostRulesRevision,
): Decision {
  const parsed = parseEvent(raw);
  if (!parsed.ok) return refused(parsed.refusal);
  const event = parsed.event;
  const forbidden = roleRefusal(actor, event.type);
  if (forbidden) return refused(forbidden);

  const snapshot = restorePostSnapshot({ ...stored, context: { ...stored.context, rulesRevision } });
  const scope = actorCoversPost(actor, snapshot.context);
  if (!scope.ok) return refused({ kind: 'forbidden', code: scope.code, message: scope.message });

  const status = postStatus(snapshot);
  const notAllowed = (code: string, message: string) =>
    refused({ kind: 'not_allowed', code, message, allowedEvents: allowedEvents(stored, actor) });

  if (!expectedEventTypes(snapshot).has(event.type)) {
    return notAllowed('event.not_allowed_in_status', `L’événement ${event.type} n’est pas possible quand le poste est au statut « ${status} ».`);
  }
  const rule = firstRefusal(snapshot.context, event);
  if (!rule.ok) return notAllowed(rule.code, rule.message);
  if (!snapshot.can(event)) {
    if (rulesRevision < LATEST_POST_RULES_REVISION && allowedByLatestRules(stored, event)) {
      return notAllowed(
        'rules.revision_required',
        `L’événement ${event.type} n’est possible qu’avec la révision ${LATEST_POST_RULES_REVISION} des règles (RULES.md §8) ; ce poste, ouvert avant elle, suit la révision ${rulesRevision} jusqu’à la prochaine reprise de son processus.`,
      );
    }
    return notAllowed('event.not_allowed_now', `L’événement ${event.type} n’est pas possible dans l’état actuel du poste (statut « ${status} »).`);
  }

  const [next, actions] = transition(postLifecycleMachine, snapshot, event);
  return {
    accepted: true,
    event,
    statusBefore: status,
    status: postStatus(next),
    snapshot: storePostSnapshot(next),
    effects: effectsOf(snapshot, next, actions, event),
  };
}
