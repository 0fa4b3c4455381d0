import { randomUUID } from 'node:crypto';
import { type Request, type RequestHandler, type Response, Router } from 'express';
import type { Model } from 'mongoose';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Actor } from '../domain/lifecycle/actor';
import type { Refusal } from '../domain/lifecycle/decide-post-event';
import { postEventRoles } from '../domain/lifecycle/post-event-roles';
import { replayPostTimeline } from '../domain/lifecycle/replay-post-timeline';
import type { PostRulesRevision } from '../domain/lifecycle/post-rules-revision';
import { checkApplicationDuringAttribution } from '../domain/programme/attribution-phase';
import type { Models } from '../models/create-models';
import { postDocumentOf } from '../models/post.model';
import { actorOf as actorOfHabilitation } from '../auth/habilitations/habilitation';
import type { HabilitationStore } from '../auth/habilitations/habilitation-store';
import { actorOf, callerOf, requireActor, requireHabilitation } from './authenticate';
import { createAttributionPhaseStore } from './attribution-phase-store';
import { isMongoUnavailable } from './dependency-errors';
import { createIdempotencyStore, IDEMPOTENCY_HEADER, readIdempotencyKey, type Reservation } from './idempotency';
import type { IdempotencyKeyDocument } from './idempotency-key.model';
import {
  createPostBodySchema,
  type historyEntrySchema,
  listPostsQuerySchema,
  type notificationResourceSchema,
  type PostDetail,
  postIdParamsSchema,
} from './post-api-schemas';
import { PostEventRefusedError, PostNotFoundError, TemporalUnavailableError } from './post-client-errors';
import { invalidPayload, previousRefusal, recordRefusedAttempt, refusalProblem } from './post-refusals';
import { actorMaySee, type PostDocument, toPostResource, visibleToFilter } from './post-resource';
import type { PostWorkflowClient } from './post-workflow-client';
import { ProblemError } from './problem-details';
import { todayInParis } from './today-in-paris';
import { transferTargetRefusal } from './transfer-target-refusal';

export interface PostsRouterDeps {
  logger: Logger;
  models: Models;
  posts: PostWorkflowClient;
  /** `authenticate(…)`: a program's bearer token or a person's session. */
  authenticate: RequestHandler;
  habilitations: HabilitationStore;
  idempotencyKeys: Model<IdempotencyKeyDocument>;
}

export const POSTS_PATH = '/api/v1/posts';

/** Roles that send no event at all (RULES.md §1: the auditor reads and changes nothing). */
const actingRoles = new Set<string>(Object.values(postEventRoles).flat());

function readOnlyRefusal(actor: Actor): Refusal | null {
  return actingRoles.has(actor.role)
    ? null
    : {
        kind: 'forbidden',
        code: 'role.read_only',
        message: `Le rôle ${actor.role} consulte les postes mais ne peut rien y changer (RULES.md §1).`,
      };
}

function requireJsonBody(req: Request): void {
  if (!req.is('application/json')) {
    throw new ProblemError(415, 'request.unsupported_media_type', 'Type de contenu non pris en charge', 'Le corps de la requête doit être du JSON (Content-Type: application/json).');
  }
}

function postNotFound(postId: string): ProblemError {
  return new ProblemError(404, 'post.not_found', 'Poste introuvable', `Le poste ${postId} n’existe pas.`);
}

function parsePostId(req: Request): string {
  const parsed = postIdParamsSchema.safeParse(req.params);
  if (!parsed.success) throw postNotFound(String(req.params.id));
  return parsed.data.id;
}

/**
 * The staff routes on posts. Each parses its input once, authorizes, calls the workflow client
 * or reads the MongoDB read model, and maps the result; the rules are the shared decision
 * function's (through the workflow), never the route's.
 */
export function postsRouter({ logger, models, posts, authenticate, habilitations, idempotencyKeys }: PostsRouterDeps): Router {
  const router = Router();
  const idempotency = createIdempotencyStore(idempotencyKeys);
  const attributionPhase = createAttributionPhaseStore(models);
  router.use(authenticate);

  const findPost = (postId: string) => models.Post.findById(postId).lean<PostDocument>();

  /** The post if this caller may see it: 404 unknown, 403 outside the caller's territory. */
  async function visiblePost(actor: Actor, postId: string): Promise<PostDocument> {
    const doc = await findPost(postId);
    if (!doc) throw postNotFound(postId);
    const access = actorMaySee(actor, doc);
    if (!access.ok) throw new ProblemError(403, access.code, 'Accès non autorisé', access.message);
    return doc;
  }

  /** The read model after a transition: the workflow's activity wrote it before the update returned. */
  async function postAtLeast(postId: string, version: number): Promise<PostDocument | null> {
    for (let attempt = 0; ; attempt++) {
      const doc = await findPost(postId);
      if (doc && doc.version >= version) return doc;
      if (attempt >= 40) return null;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /**
   * The post after a transition. The transition is done: when the read model cannot be read now
   * (MongoDB away, or restarted behind the write), the post is answered from the workflow's own
   * view, since a 503 would tell the caller that nothing happened.
   */
  async function postAfter(postId: string, version: number): Promise<PostDocument> {
    let doc: PostDocument | null;
    try {
      doc = await postAtLeast(postId, version);
    } catch (error) {
      if (!isMongoUnavailable(error)) throw error;
      doc = null;
    }
    if (doc) return doc;
    logger.warn({ postId, version }, 'read model unreadable after a transition: answering from the workflow’s view');
    return { _id: postId, ...postDocumentOf(await posts.view(postId)), createdAt: null, updatedAt: null };
  }

  async function allowedEventsFor(postId: string, actor: Actor): Promise<PostDetail['allowedEvents']> {
    try {
      return (await posts.allowedEvents(postId, actor)) as PostDetail['allowedEvents'];
    } catch (error) {
      // The workflow is gone (ended and past retention) while the read model keeps the post.
      if (error instanceof PostNotFoundError) return [];
      throw error;
    }
  }

  async function detail(doc: PostDocument, actor: Actor): Promise<PostDetail> {
    return { ...toPostResource(doc), allowedEvents: await allowedEventsFor(doc._id, actor) };
  }

  /**
   * The post after a transition, and what the caller may do next, asked at the same time. The
   * transition is done: if Temporal stops answering now, the answer is still a success, with
   * `allowedEvents: null` (a 503 would tell the caller that nothing happened).
   */
  async function detailAfter(postId: string, version: number, actor: Actor): Promise<PostDetail> {
    const allowed = allowedEventsFor(postId, actor).catch((error: unknown) => {
      if (!(error instanceof TemporalUnavailableError)) throw error;
      logger.warn({ postId }, 'allowed events unknown after a transition: Temporal unreachable');
      return null;
    });
    const [doc, allowedEvents] = await Promise.all([postAfter(postId, version), allowed]);
    return { ...toPostResource(doc), allowedEvents };
  }

  /** Records the refused attempt on the post's timeline (when the post exists), then answers it. */
  async function refuse(args: { postId: string; requestId: string; actor: Actor; body: unknown; refusal: Refusal }): Promise<never> {
    const doc = await findPost(args.postId);
    if (doc) await recordRefusedAttempt(models, logger, { ...args, statusBefore: doc.status });
    throw refusalProblem(args.refusal);
  }

  /**
   * Who applies: the caller's habilitation for the structure named in the body; else, for a person
   * signed in whose organisation (ProConnect's `siret`) is that structure, that person as its
   * applicant, not yet habilitated; else the caller's habilitation, which the rules then judge.
   */
  async function applicant(req: Request, res: Response): Promise<Actor> {
    const caller = callerOf(res);
    const siret = (req.body as { structure?: { siret?: unknown } } | undefined)?.structure?.siret;
    const held = caller.habilitations.find((h) => h.scope.role === 'structure' && h.scope.siret === siret);
    if (held) return actorOfHabilitation(caller.principal, held.scope);
    if (caller.principal.kind === 'person' && typeof siret === 'string' && caller.session?.siret === siret) {
      return { id: caller.principal.email, role: 'structure', siret };
    }
    return requireActor(req, res, habilitations);
  }

  router.post('/', async (req, res) => {
    const actor = await applicant(req, res);
    const readOnly = readOnlyRefusal(actor);
    if (readOnly) throw refusalProblem(readOnly);
    const key = readIdempotencyKey(req.get(IDEMPOTENCY_HEADER));
    requireJsonBody(req);
    const parsed = createPostBodySchema.safeParse(req.body);
    if (!parsed.success) throw refusalProblem(invalidPayload('La candidature n’est pas valide.', parsed.error.issues));

    const reservation = key ? await idempotency.reserve({ actor, key, operation: 'create-post', body: parsed.data }) : null;
    // RULES.md §2.5: no application while ANCT keeps the attribution closed; the same key still answers a post created before.
    const alreadyCreated = reservation && !reservation.firstUse ? await findPost(reservation.postId) : null;
    const phase = alreadyCreated ? null : checkApplicationDuringAttribution(await attributionPhase.read());
    if (phase && !phase.ok) {
      await reservation?.release();
      throw refusalProblem({ kind: 'not_allowed', code: phase.code, message: phase.message, allowedEvents: [] });
    }
    const event = { type: 'SUBMIT_APPLICATION', ...parsed.data, appliedOn: todayInParis() };
    let result;
    try {
      result = await posts.submitApplication({
        actor,
        requestId: reservation?.requestId ?? randomUUID(),
        postId: reservation?.postId ?? randomUUID(),
        event,
      });
    } catch (error) {
      // No post exists to carry a refused attempt: the refusal is answered, not recorded.
      if (error instanceof PostEventRefusedError) throw refusalProblem(error.refusal);
      // A 503 keeps the key and the post id it reserved: the call may have reached Temporal before
      // the connection failed, and the same request sent again then lands on that very post.
      throw error;
    }
    const caller = callerOf(res);
    if (caller.principal.kind === 'person' && actor.role === 'structure') {
      // The applicant of a new post becomes habilitated for its structure (issue 13).
      await habilitations.grant(caller.principal, { role: 'structure', siret: actor.siret }, { id: actor.id, role: 'structure', via: 'application' }, { postId: result.postId });
    }
    const post = await detailAfter(result.postId, result.version, actor);
    res.status(201).location(`${POSTS_PATH}/${encodeURIComponent(result.postId)}`).json(post);
  });

  router.use(requireHabilitation(habilitations));

  router.get('/', async (req, res) => {
    const actor = actorOf(res);
    const parsed = listPostsQuerySchema.safeParse(req.query);
    if (!parsed.success) {
      const refusal = invalidPayload('Les paramètres de la requête ne sont pas valides.', parsed.error.issues);
      throw new ProblemError(400, 'query.invalid', 'Paramètres invalides', refusal.message, { issues: refusal.kind === 'invalid_payload' ? refusal.issues : [] });
    }
    const { status, department, siret, policy, deadlineBefore, page, pageSize } = parsed.data;
    const wanted: Record<string, unknown> = {};
    if (status) wanted.status = status;
    if (department) wanted.department = department;
    if (siret) wanted.siret = siret;
    if (policy) wanted.policy = policy;
    if (deadlineBefore) wanted.nextDeadlineOn = { $lt: deadlineBefore, $ne: null };
    const conditions = [visibleToFilter(actor), wanted].filter((c) => Object.keys(c).length > 0);
    const filter = conditions.length > 1 ? { $and: conditions } : (conditions[0] ?? {});
    const [docs, total] = await Promise.all([
      models.Post.find(filter)
        .sort({ createdAt: -1, _id: 1 })
        .skip((page - 1) * pageSize)
        .limit(pageSize)
        .lean<PostDocument[]>(),
      models.Post.countDocuments(filter),
    ]);
    res.json({ items: docs.map(toPostResource), page, pageSize, total });
  });

  router.get('/:id', async (req, res) => {
    const actor = actorOf(res);
    const doc = await visiblePost(actor, parsePostId(req));
    res.json(await detail(doc, actor));
  });

  router.post('/:id/events', async (req, res) => {
    const actor = actorOf(res);
    const postId = parsePostId(req);
    const body: unknown = req.body;
    const readOnly = readOnlyRefusal(actor);
    if (readOnly) await refuse({ postId, requestId: randomUUID(), actor, body, refusal: readOnly });
    const key = readIdempotencyKey(req.get(IDEMPOTENCY_HEADER));
    requireJsonBody(req);
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      await refuse({
        postId,
        requestId: randomUUID(),
        actor,
        body,
        refusal: invalidPayload('Le corps doit être un objet JSON { "type": "<ÉVÉNEMENT>", … }.', [{ path: [], message: 'objet JSON attendu' }]),
      });
    }

    let reservation: Reservation | null = null;
    if (key) {
      reservation = await idempotency.reserve({ actor, key, operation: 'post-event', postId, body });
      const earlier = reservation.firstUse ? null : await previousRefusal(models, postId, reservation.requestId);
      if (earlier) throw refusalProblem(earlier);
    }
    const requestId = reservation?.requestId ?? randomUUID();
    const transfer = await transferTargetRefusal({ models, body, allowedEvents: () => allowedEventsFor(postId, actor).catch(() => null) });
    if (transfer) return refuse({ postId, requestId, actor, body, refusal: transfer });

    let result;
    try {
      result = await posts.sendEvent(postId, { requestId, actor, event: body });
    } catch (error) {
      if (error instanceof PostEventRefusedError) return refuse({ postId, requestId, actor, body, refusal: error.refusal });
      if (error instanceof PostNotFoundError) {
        const doc = await findPost(postId);
        if (doc) {
          // The read model knows the post, the workflow has ended: the post is closed for good.
          return refuse({
            postId,
            requestId,
            actor,
            body,
            refusal: {
              kind: 'not_allowed',
              code: 'post.closed',
              message: `Le poste ${postId} est clos (statut « ${doc.status} ») : il n’accepte plus d’événement.`,
              allowedEvents: [],
            },
          });
        }
        await reservation?.release();
        throw postNotFound(postId);
      }
      // A 503 keeps the key: sent again, it is the same update id, which the workflow applies once.
      throw error;
    }
    res.status(200).json(await detailAfter(postId, result.version, actor));
  });

  router.get('/:id/history', async (req, res) => {
    const actor = actorOf(res);
    const postId = parsePostId(req);
    await visiblePost(actor, postId);
    const rows = await models.PostEvent.find({ postId }).lean();
    const items: z.infer<typeof historyEntrySchema>[] = rows
      .map((row) => ({
        outcome: row.outcome as 'accepted' | 'refused',
        version: row.version ?? null,
        requestId: row.requestId,
        actor: row.actor,
        type: row.type,
        payload: (row.payload ?? null) as Record<string, unknown> | null,
        rulesRevision: row.rulesRevision ?? null,
        receivedAt: row.receivedAt,
        statusBefore: (row.statusBefore ?? null) as z.infer<typeof historyEntrySchema>['statusBefore'],
        status: (row.status ?? null) as z.infer<typeof historyEntrySchema>['status'],
        refusal: row.refusal ?? null,
      }))
      .sort((a, b) => (a.receivedAt < b.receivedAt ? -1 : a.receivedAt > b.receivedAt ? 1 : (a.version ?? 0) - (b.version ?? 0)));
    const accepted = items.flatMap((e) =>
      e.outcome === 'accepted' && e.version !== null && e.status !== null
        ? [
            {
              version: e.version,
              actor: e.actor as Actor,
              payload: e.payload,
              rulesRevision: e.rulesRevision as PostRulesRevision | null,
              statusBefore: e.statusBefore,
              status: e.status,
            },
          ]
        : [],
    );
    res.json({ postId, items, replay: replayPostTimeline(postId, accepted) });
  });

  router.get('/:id/notifications', async (req, res) => {
    const actor = actorOf(res);
    const postId = parsePostId(req);
    await visiblePost(actor, postId);
    const rows = await models.Notification.find({ postId }).lean();
    const items: z.infer<typeof notificationResourceSchema>[] = rows
      .map((row) => ({
        key: row.key,
        topic: row.topic,
        recipientRole: row.recipientRole as z.infer<typeof notificationResourceSchema>['recipientRole'],
        recipientScope: row.recipientScope ?? null,
        subject: row.subject,
        body: row.body,
        deadlineKind: row.deadlineKind ?? null,
        dueOn: row.dueOn ?? null,
        createdAt: row.createdAt,
      }))
      .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.key < b.key ? -1 : 1));
    res.json({ postId, items });
  });

  return router;
}
