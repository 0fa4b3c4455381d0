import { type Request, type RequestHandler, Router } from 'express';
import type { Client } from '@temporalio/client';
import type { PostAuditor } from '../audit/post-auditor';
import { postRunIds, writePostWorkflowHistory } from '../audit/post-workflow-history';
import type { HabilitationStore } from '../auth/habilitations/habilitation-store';
import { actorOf, requireHabilitation } from './authenticate';
import { postIdParamsSchema } from './post-api-schemas';
import { PostNotFoundError } from './post-client-errors';
import { translate } from './post-workflow-client';
import { ProblemError } from './problem-details';

export interface AuditRouterDeps {
  auditPost: PostAuditor;
  temporal: Client;
  namespace: string;
  authenticate: RequestHandler;
  habilitations: HabilitationStore;
}

/** RULES.md §1: auditors see the full histories; ANCT, which sees everything, too. */
const AUDIT_ROLES = new Set(['auditor', 'anct']);

export const WORKFLOW_HISTORY_ROUTE = '/:id/workflow-history';
export const AUDIT_ROUTE = '/:id/audit';

/**
 * The audit's routes on a post (issue 12): its workflow history as Temporal keeps it, streamed,
 * to replay anywhere (`npm run audit -- --file`), and the audit report itself. Mounted on
 * `/api/v1/posts` before the posts' router; each route authenticates on its own so that the
 * other routes are not authenticated twice.
 */
export function auditRouter({ auditPost, temporal, namespace, authenticate, habilitations }: AuditRouterDeps): Router {
  const router = Router();
  const source = { client: temporal, namespace };

  const auditorOnly: RequestHandler = (_req, res, next) => {
    const { role } = actorOf(res);
    if (AUDIT_ROLES.has(role)) return next();
    next(new ProblemError(403, 'role.forbidden', 'Accès non autorisé', `Le rôle ${role} ne lit pas l’historique du workflow d’un poste ni son audit (réservé à : auditor, anct).`));
  };
  const guards = [authenticate, requireHabilitation(habilitations), auditorOnly];

  const postIdOf = (req: Request) => {
    const parsed = postIdParamsSchema.safeParse(req.params);
    if (!parsed.success) throw new ProblemError(404, 'post.not_found', 'Poste introuvable', `Le poste ${String(req.params.id)} n’existe pas.`);
    return parsed.data.id;
  };

  router.get(WORKFLOW_HISTORY_ROUTE, ...guards, async (req, res) => {
    const postId = postIdOf(req);
    let runIds: string[];
    try {
      runIds = await postRunIds(source, postId);
    } catch (error) {
      throw translate(postId, error);
    }
    res.status(200);
    res.type('application/json');
    res.setHeader('Content-Disposition', `attachment; filename="post-${postId}-workflow-history.json"`);
    const write = (chunk: string) =>
      new Promise<void>((resolve, reject) => {
        if (res.destroyed) return reject(new Error('the client went away during the export'));
        if (res.write(chunk)) return resolve();
        res.once('drain', resolve);
      });
    try {
      await writePostWorkflowHistory(source, postId, runIds, write);
      res.end();
    } catch (error) {
      // Once the first bytes are sent, a status can no longer say it: the truncated body does.
      req.log?.error({ err: error, postId }, 'workflow history export interrupted');
      res.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  });

  router.get(AUDIT_ROUTE, ...guards, async (req, res) => {
    const postId = postIdOf(req);
    let report;
    try {
      report = await auditPost(postId);
    } catch (error) {
      throw translate(postId, error);
    }
    if (!report) throw new PostNotFoundError(postId);
    res.json(report);
  });

  return router;
}
