import { type RequestHandler, Router } from 'express';
import type { Logger } from 'pino';
import type { HabilitationStore } from '../auth/habilitations/habilitation-store';
import { exportKinds, sendExport } from '../exports/export-response';
import type { Models } from '../models/create-models';
import { actorOf, requireHabilitation } from './authenticate';
import { exportQuerySchema } from './export-api-schemas';
import { postsFilter } from './post-resource';
import { parseQuery } from './route-checks';

export interface ExportsRouterDeps {
  logger: Logger;
  models: Models;
  authenticate: RequestHandler;
  habilitations: HabilitationStore;
}

/**
 * `GET /api/v1/exports/{posts,tranches,notifications}` (issue 15): the posts the list would show
 * the caller (its territory, its filters), as a CSV or a workbook streamed from a MongoDB cursor.
 * Every role that may list may export.
 */
export function exportsRouter({ logger, models, authenticate, habilitations }: ExportsRouterDeps): Router {
  const router = Router();
  router.use(authenticate, requireHabilitation(habilitations));
  for (const kind of exportKinds) {
    router.get(`/${kind}`, async (req, res) => {
      const query = parseQuery(exportQuerySchema, req);
      await sendExport({ res, logger, models, kind, format: query.format, filter: postsFilter(actorOf(res), query) });
    });
  }
  return router;
}
