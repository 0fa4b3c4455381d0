import { randomUUID } from 'node:crypto';
import type { Model } from 'mongoose';
import type { z } from 'zod';
import type { Logger } from 'pino';
import { actorOf as actorOfHabilitation } from '../auth/habilitations/habilitation';
import type { HabilitationStore } from '../auth/habilitations/habilitation-store';
import type { Actor } from '../domain/lifecycle/actor';
import type { Refusal } from '../domain/lifecycle/decide-post-event';
import { postEventRoles } from '../domain/lifecycle/post-event-roles';
import type { PostEventType } from '../domain/lifecycle/post-events';
import { checkApplicationDuringAttribution } from '../domain/programme/attribution-phase';
import type { Models } from '../models/create-models';
import { createAttributionPhaseStore } from './attribution-phase-store';
import type { Caller } from './authenticate';
import { createIdempotencyStore, type Reservation } from './idempotency';
import type { IdempotencyKeyDocument } from './idempotency-key.model';
import { PostEventRefusedError, PostNotFoundError } from './post-client-errors';
import { invalidPayload, previousRefusal, recordRefusedAttempt } from './post-refusals';
import type { PostWorkflowClient } from './post-workflow-client';
import type { createPostBodySchema } from './post-api-schemas';
import { ProblemError } from './problem-details';
import { todayInParis } from './today-in-paris';
import { transferTargetRefusal } from './transfer-target-refusal';

/** Roles that send no event at all (RULES.md §1: the auditor reads and changes nothing). */
const actingRoles = new Set<string>(Object.values(postEventRoles).flat());

export function readOnlyRefusal(actor: Actor): Refusal | null {
  return actingRoles.has(actor.role)
    ? null
    : {
        kind: 'forbidden',
        code: 'role.read_only',
        message: `Le rôle ${actor.role} consulte les postes mais ne peut rien y changer (RULES.md §1).`,
      };
}

export function postNotFound(postId: string): ProblemError {
  return new ProblemError(404, 'post.not_found', 'Poste introuvable', `Le poste ${postId} n’existe pas.`);
}

/** `allowedEvents`: what the actor may send next, as the workflow answered the update (absent from an older worker's answer). */
export type SendOutcome = { ok: true; version: number; allowedEvents?: PostEventType[] } | { ok: false; refusal: Refusal };

/**
 * Who applies for a structure: the caller's habilitation for that SIRET; else a person signed in
 * whose organisation (ProConnect's `siret`) is that structure, as its applicant, not yet
 * habilitated; else null, and the caller's own habilitation applies, which the rules then judge.
 */
export function applicantOf(caller: Caller, siret: unknown): Actor | null {
  const held = caller.habilitations.find((h) => h.scope.role === 'structure' && h.scope.siret === siret);
  if (held) return actorOfHabilitation(caller.principal, held.scope);
  if (caller.principal.kind === 'person' && typeof siret === 'string' && caller.session?.siret === siret) {
    return { id: caller.principal.email, role: 'structure', siret };
  }
  return null;
}

export interface PostEventSenderDeps {
  logger: Logger;
  models: Models;
  posts: PostWorkflowClient;
  idempotencyKeys: Model<IdempotencyKeyDocument>;
  habilitations: HabilitationStore;
}

/**
 * How a staff event reaches a post's workflow, for the API and the console alike: the read-only
 * role refused, the `Idempotency-Key` reserved (the same key and body never make a second
 * transition, and get the same refusal again), the checks that span posts (the attribution phase,
 * a transfer's target) made, the event sent as a Workflow Update, and every
 * refusal written to the post's timeline. Throws the `ProblemError`s of a misused key or an
 * unknown post, and `TemporalUnavailableError` (the key kept: the call may have reached Temporal,
 * and the same request sent again is the same update, applied once).
 */
export function createPostEventSender({ logger, models, posts, idempotencyKeys, habilitations }: PostEventSenderDeps) {
  const idempotency = createIdempotencyStore(idempotencyKeys);
  const attributionPhase = createAttributionPhaseStore(models);

  /** Writes the refused attempt on the post's timeline (when the post exists) and hands the refusal back. */
  async function recordRefusal(args: { postId: string; requestId: string; actor: Actor; body: unknown; refusal: Refusal }): Promise<Refusal> {
    const doc = await models.Post.findById(args.postId, { status: 1 }).lean<{ status: string }>();
    if (doc) await recordRefusedAttempt(models, logger, { ...args, statusBefore: doc.status });
    return args.refusal;
  }

  async function send({ actor, postId, body, key }: { actor: Actor; postId: string; body: unknown; key: string | null }): Promise<SendOutcome> {
    const refused = async (requestId: string, refusal: Refusal): Promise<SendOutcome> => ({
      ok: false,
      refusal: await recordRefusal({ postId, requestId, actor, body, refusal }),
    });
    const readOnly = readOnlyRefusal(actor);
    if (readOnly) return refused(randomUUID(), readOnly);
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      return refused(randomUUID(), invalidPayload('Le corps doit être un objet JSON { "type": "<ÉVÉNEMENT>", … }.', [{ path: [], message: 'objet JSON attendu' }]));
    }

    let reservation: Reservation | null = null;
    if (key) {
      reservation = await idempotency.reserve({ actor, key, operation: 'post-event', postId, body });
      const earlier = reservation.firstUse ? null : await previousRefusal(models, postId, reservation.requestId);
      if (earlier) return { ok: false, refusal: earlier };
    }
    const requestId = reservation?.requestId ?? randomUUID();
    const transfer = await transferTargetRefusal({ models, body, allowedEvents: () => posts.allowedEvents(postId, actor).catch(() => null) });
    if (transfer) return refused(requestId, transfer);

    try {
      const result = await posts.sendEvent(postId, { requestId, actor, event: body });
      return { ok: true, version: result.version, allowedEvents: result.allowedEvents };
    } catch (error) {
      if (error instanceof PostEventRefusedError) return refused(requestId, error.refusal);
      if (error instanceof PostNotFoundError) {
        const doc = await models.Post.findById(postId, { status: 1 }).lean<{ status: string }>();
        if (doc) {
          // The read model knows the post, the workflow has ended: the post is closed for good.
          return refused(requestId, {
            kind: 'not_allowed',
            code: 'post.closed',
            message: `Le poste ${postId} est clos (statut « ${doc.status} ») : il n’accepte plus d’événement.`,
            allowedEvents: [],
          });
        }
        await reservation?.release();
        throw postNotFound(postId);
      }
      // A 503 keeps the key: sent again, it is the same update id, which the workflow applies once.
      throw error;
    }
  }

  /**
   * An application (the body already parsed): the post is created by its first update, dated
   * today in Paris, unless ANCT has closed the attribution phase. No post exists to carry a refused
   * attempt: a refusal is answered, not recorded.
   * A person who applies becomes habilitated for the structure (issue 13).
   */
  async function apply({ caller, actor, body, key }: { caller: Caller; actor: Actor; body: z.infer<typeof createPostBodySchema>; key: string | null }): Promise<{ ok: true; postId: string; version: number; allowedEvents?: PostEventType[] } | { ok: false; refusal: Refusal }> {
    const readOnly = readOnlyRefusal(actor);
    if (readOnly) return { ok: false, refusal: readOnly };
    const reservation = key ? await idempotency.reserve({ actor, key, operation: 'create-post', body }) : null;
    // RULES.md §2.5: no application while ANCT keeps the attribution closed; the same key still answers a post created before.
    const alreadyCreated = reservation && !reservation.firstUse ? await models.Post.exists({ _id: reservation.postId }) : null;
    const phase = alreadyCreated ? null : checkApplicationDuringAttribution(await attributionPhase.read());
    if (phase && !phase.ok) {
      await reservation?.release();
      return { ok: false, refusal: { kind: 'not_allowed', code: phase.code, message: phase.message, allowedEvents: [] } };
    }
    const event = { type: 'SUBMIT_APPLICATION', ...body, appliedOn: todayInParis() };
    let result;
    try {
      result = await posts.submitApplication({ actor, requestId: reservation?.requestId ?? randomUUID(), postId: reservation?.postId ?? randomUUID(), event });
    } catch (error) {
      if (error instanceof PostEventRefusedError) return { ok: false, refusal: error.refusal };
      // A 503 keeps the key and the post id it reserved: the call may have reached Temporal before
      // the connection failed, and the same request sent again then lands on that very post.
      throw error;
    }
    if (caller.principal.kind === 'person' && actor.role === 'structure') {
      await habilitations.grant(caller.principal, { role: 'structure', siret: actor.siret }, { id: actor.id, role: 'structure', via: 'application' }, { postId: result.postId });
    }
    return { ok: true, postId: result.postId, version: result.version, allowedEvents: result.allowedEvents };
  }

  return { send, recordRefusal, apply };
}

export type PostEventSender = ReturnType<typeof createPostEventSender>;
