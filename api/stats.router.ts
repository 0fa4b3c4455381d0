import { type RequestHandler, Router } from 'express';
import type { HabilitationStore } from '../auth/habilitations/habilitation-store';
import type { BusinessDate } from '../domain/calendar/business-date';
import type { Actor } from '../domain/lifecycle/actor';
import type { Models } from '../models/create-models';
import { programmeFigures } from '../stats/programme-figures';
import { readStatsRows } from '../stats/stats-read-model';
import { actorOf, requireHabilitation } from './authenticate';
import { visibleToFilter } from './post-resource';
import { invalidPayload } from './post-refusals';
import { ProblemError } from './problem-details';
import { type StatsQuery, statsQuerySchema, type StatsResource } from './stats-api-schemas';
import { todayInParis } from './today-in-paris';

export interface StatsRouterDeps {
  models: Models;
  /** `authenticate(…)`: a program's bearer token or a person's session. */
  authenticate: RequestHandler;
  habilitations: HabilitationStore;
}

/**
 * The programme's figures for what `actor` may see (the list's territory, `visibleToFilter`) and
 * the query's filters, on `today`. The console's Pilotage page shows the same.
 */
export async function figuresFor(models: Models, actor: Actor, query: StatsQuery, today: BusinessDate = todayInParis()): Promise<StatsResource> {
  const wanted: Record<string, unknown> = {};
  if (query.department) wanted.department = query.department;
  if (query.policy) wanted.policy = query.policy;
  const conditions = [visibleToFilter(actor), wanted].filter((c) => Object.keys(c).length > 0);
  const filter = conditions.length > 1 ? { $and: conditions } : (conditions[0] ?? {});
  const period = { from: query.from ?? null, to: query.to ?? null };
  return programmeFigures({ posts: await readStatsRows(models, filter), period, today });
}

/** `GET /api/v1/stats`: every role, each on its territory. */
export function statsRouter({ models, authenticate, habilitations }: StatsRouterDeps): Router {
  const router = Router();
  router.use(authenticate, requireHabilitation(habilitations));
  router.get('/', async (req, res) => {
    const parsed = statsQuerySchema.safeParse(req.query);
    if (!parsed.success) {
      const refusal = invalidPayload('Les paramètres de la requête ne sont pas valides.', parsed.error.issues);
      throw new ProblemError(400, 'query.invalid', 'Paramètres invalides', refusal.message, { issues: refusal.kind === 'invalid_payload' ? refusal.issues : [] });
    }
    res.json(await figuresFor(models, actorOf(res), parsed.data));
  });
  return router;
}
