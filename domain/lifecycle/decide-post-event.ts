import { initialTransition, transition } from 'xstate';
import type { z } from 'zod';
import { derivePolicy } from '../policies/policy';
import type { Actor, Role } from './actor';
import { actorCoversPost } from './post-access';
import { type Deadline, postDeadlines } from './post-deadlines';
import { postEventRoles } from './post-event-roles';
import { type PostEvent, type PostEventType, staffEventSchemas, systemEventSchemas } from './post-events';
import { postLifecycleMachine } from './post-lifecycle.machine';
import type { NotificationTopic } from './post-notification-topics';
import { firstRefusal } from './post-rules';
import type { PostRulesRevision } from './post-rules-revision';
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
  | { type: 'cancel-deadline'; deadline: Deadline };

export type Refusal =
  | { kind: 'invalid_payload'; code: 'event.invalid_payload'; message: string; issues: { path: string; message: string }[] }
  | { kind: 'forbidden'; code: string; message: string }
  | { kind: 'not_allowed'; code: string; message: string; allowedEvents: PostEventType[] };

export type Decision =
  | {
      accepted: true;
      event: PostEvent;
      statusBefore: PostStatus | null;
      status: PostStatus;
      snapshot: StoredPostSnapshot;
      effects: PostEffect[];
    }
  | { accepted: false; refusal: Refusal };

const refused = (refusal: Refusal): Decision => ({ accepted: false, refusal });

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
  return {
    ok: false,
    refusal: {
      kind: 'invalid_payload',
      code: 'event.invalid_payload',
      message: `Les données de l’événement ${type} ne sont pas valides.`,
      issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    },
  };
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
  event: PostEvent,
): PostEffect[] {
  const effects: PostEffect[] = [];
  for (const action of actions) {
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
  return {
    accepted: true,
    event,
    statusBefore: null,
    status: postStatus(snapshot),
    snapshot: storePostSnapshot(snapshot),
    effects: effectsOf(null, snapshot, actions, event),
  };
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
