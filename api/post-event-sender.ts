import { randomUUID } from 'node:crypto';
import type { Model } from 'mongoose';
import type { Logger } from 'pino';
import type { Actor } from '../domain/lifecycle/actor';
import type { Refusal } from '../domain/lifecycle/decide-post-event';
import { postEventRoles } from '../domain/lifecycle/post-event-roles';
import type { Models } from '../models/create-models';
import { createIdempotencyStore, type Reservation } from './idempotency';
import type { IdempotencyKeyDocument } from './idempotency-key.model';
import { PostEventRefusedError, PostNotFoundError, TemporalUnavailableError } from './post-client-errors';
import { invalidPayload, previousRefusal, recordRefusedAttempt } from './post-refusals';
import type { PostWorkflowClient } from './post-workflow-client';
import { ProblemError } from './problem-details';

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

export type SendOutcome = { ok: true; version: number } | { ok: false; refusal: Refusal };

export interface PostEventSenderDeps {
  logger: Logger;
  models: Models;
  posts: PostWorkflowClient;
  idempotencyKeys: Model<IdempotencyKeyDocument>;
}

/**
 * How a staff event reaches a post's workflow, for the API and the console alike: the read-only
 * role refused, the `Idempotency-Key` reserved (the same key and body never make a second
 * transition, and get the same refusal again), the event sent as a Workflow Update, and every
 * refusal written to the post's timeline. Throws the `ProblemError`s of a misused key or an
 * unknown post, and `TemporalUnavailableError` (the key released: nothing was done).
 */
export function createPostEventSender({ logger, models, posts, idempotencyKeys }: PostEventSenderDeps) {
  const idempotency = createIdempotencyStore(idempotencyKeys);

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

    try {
      const result = await posts.sendEvent(postId, { requestId, actor, event: body });
      return { ok: true, version: result.version };
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
      if (error instanceof TemporalUnavailableError) await reservation?.release();
      throw error;
    }
  }

  return { send, recordRefusal };
}

export type PostEventSender = ReturnType<typeof createPostEventSender>;
