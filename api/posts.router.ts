import { randomUUID } from 'node:crypto';
import { type Request, type RequestHandler, Router } from 'express';
import type { Model } from 'mongoose';
import type { Logger } from 'pino';
import type { Actor } from '../domain/lifecycle/actor';
import type { PostEventType } from '../domain/lifecycle/post-events';
import type { Models } from '../models/create-models';
import { postDocumentOf } from '../models/post.model';
import type { HabilitationStore } from '../auth/habilitations/habilitation-store';
import { actorOf, callerOf, requireActor, requireHabilitation } from './authenticate';
import { isMongoUnavailable } from './dependency-errors';
import { IDEMPOTENCY_HEADER, readIdempotencyKey } from './idempotency';
import type { IdempotencyKeyDocument } from './idempotency-key.model';
import { applicantOf, createPostEventSender, postNotFound, readOnlyRefusal } from './post-event-sender';
import { createPostBodySchema, listPostsQuerySchema, type PostDetail, postIdParamsSchema } from './post-api-schemas';
import { PostNotFoundError, TemporalUnavailableError } from './post-client-errors';
import { invalidPayload, refusalProblem } from './post-refusals';
import { actorMaySee, type PostDocument, postsFilter, toPostResource } from './post-resource';
import { readPostHistory, readPostNotifications } from './post-timeline';
import type { PostWorkflowClient } from './post-workflow-client';
import { ProblemError } from './problem-details';

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

function requireJsonBody(req: Request): void {
  if (!req.is('application/json')) {
    throw new ProblemError(415, 'request.unsupported_media_type', 'Type de contenu non pris en charge', 'Le corps de la requête doit être du JSON (Content-Type: application/json).');
  }
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
  const events = createPostEventSender({ logger, models, posts, idempotencyKeys, habilitations });
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
   * The post after a transition, and what the caller may do next: as the update answered it, else
   * (a worker deployed before it) asked at the same time. The transition is done: if Temporal stops
   * answering now, the answer is still a success, with `allowedEvents: null` (a 503 would tell the
   * caller that nothing happened).
   */
  async function detailAfter(postId: string, outcome: { version: number; allowedEvents?: PostEventType[] }, actor: Actor): Promise<PostDetail> {
    const { version } = outcome;
    const allowed = outcome.allowedEvents ? Promise.resolve(outcome.allowedEvents as PostDetail['allowedEvents']) : allowedEventsFor(postId, actor).catch((error: unknown) => {
      if (!(error instanceof TemporalUnavailableError)) throw error;
      logger.warn({ postId }, 'allowed events unknown after a transition: Temporal unreachable');
      return null;
    });
    const [doc, allowedEvents] = await Promise.all([postAfter(postId, version), allowed]);
    return { ...toPostResource(doc), allowedEvents };
  }

  router.post('/', async (req, res) => {
    const caller = callerOf(res);
    const actor = applicantOf(caller, (req.body as { structure?: { siret?: unknown } } | undefined)?.structure?.siret) ?? (await requireActor(req, res, habilitations));
    const readOnly = readOnlyRefusal(actor);
    if (readOnly) throw refusalProblem(readOnly);
    const key = readIdempotencyKey(req.get(IDEMPOTENCY_HEADER));
    requireJsonBody(req);
    const parsed = createPostBodySchema.safeParse(req.body);
    if (!parsed.success) throw refusalProblem(invalidPayload('La candidature n’est pas valide.', parsed.error.issues));
    const outcome = await events.apply({ caller, actor, body: parsed.data, key });
    if (!outcome.ok) throw refusalProblem(outcome.refusal);
    const post = await detailAfter(outcome.postId, outcome, actor);
    res.status(201).location(`${POSTS_PATH}/${encodeURIComponent(outcome.postId)}`).json(post);
  });

  router.use(requireHabilitation(habilitations));

  router.get('/', async (req, res) => {
    const actor = actorOf(res);
    const parsed = listPostsQuerySchema.safeParse(req.query);
    if (!parsed.success) {
      const refusal = invalidPayload('Les paramètres de la requête ne sont pas valides.', parsed.error.issues);
      throw new ProblemError(400, 'query.invalid', 'Paramètres invalides', refusal.message, { issues: refusal.kind === 'invalid_payload' ? refusal.issues : [] });
    }
    const { page, pageSize } = parsed.data;
    const filter = postsFilter(actor, parsed.data);
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
    // The read-only role is refused before its request is looked at.
    const readOnly = readOnlyRefusal(actor);
    if (readOnly) throw refusalProblem(await events.recordRefusal({ postId, requestId: randomUUID(), actor, body, refusal: readOnly }));
    const key = readIdempotencyKey(req.get(IDEMPOTENCY_HEADER));
    requireJsonBody(req);
    const outcome = await events.send({ actor, postId, body, key });
    if (!outcome.ok) throw refusalProblem(outcome.refusal);
    res.status(200).json(await detailAfter(postId, outcome, actor));
  });

  router.get('/:id/history', async (req, res) => {
    const actor = actorOf(res);
    const postId = parsePostId(req);
    await visiblePost(actor, postId);
    res.json({ postId, ...(await readPostHistory(models, postId)) });
  });

  router.get('/:id/notifications', async (req, res) => {
    const actor = actorOf(res);
    const postId = parsePostId(req);
    await visiblePost(actor, postId);
    res.json({ postId, items: await readPostNotifications(models, postId) });
  });

  return router;
}
