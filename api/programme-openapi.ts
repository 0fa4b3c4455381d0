import type { ResponseConfig, RouteConfig } from '@asteasolutions/zod-to-openapi';
import type { z } from 'zod';
import { problemSchema, validationProblemSchema } from './post-api-schemas';
import { PROBLEM_CONTENT_TYPE } from './problem-details';
import {
  ATTRIBUTION_PHASE_ROUTE,
  attributionPhaseResourceSchema,
  PROGRAMME_PATH,
  setAttributionPhaseBodySchema,
} from './programme-api-schemas';

/** The programme settings' routes in the OpenAPI document (RULES.md §2.5), registered by `openapi.ts`. */
const problem = (description: string, schema: z.ZodType = problemSchema): ResponseConfig => ({
  description,
  content: { [PROBLEM_CONTENT_TYPE]: { schema } },
});
const phase = (description: string): ResponseConfig => ({ description, content: { 'application/json': { schema: attributionPhaseResourceSchema } } });
const unauthorized = problem('Jeton absent, invalide ou expiré (en-tête WWW-Authenticate).');
const unavailable = problem('MongoDB injoignable : rien n’a été fait ; réessayer après Retry-After.');

export const programmeRoutes: RouteConfig[] = [
  {
    method: 'get',
    path: `${PROGRAMME_PATH}${ATTRIBUTION_PHASE_ROUTE}`,
    summary: 'La phase d’attribution des postes : ouverte ou close, et chaque décision de l’ANCT',
    description: 'Tous les rôles. Tant que l’ANCT n’a rien décidé, la phase est ouverte (`changedBy: null`).',
    tags: ['programme'],
    responses: { 200: phase('La phase et son historique.'), 401: unauthorized, 503: unavailable },
  },
  {
    method: 'put',
    path: `${PROGRAMME_PATH}${ATTRIBUTION_PHASE_ROUTE}`,
    summary: 'Ouvrir ou clore la phase d’attribution (ANCT)',
    description:
      'Rôle `anct`. Phase close : `POST /api/v1/posts` est refusé (`application.attribution_closed`) ; les postes que l’ANCT réattribue par transfert restent créés. Chaque changement est inscrit avec son auteur et sa date ; redire l’état courant n’inscrit rien.',
    tags: ['programme'],
    request: { body: { required: true, content: { 'application/json': { schema: setAttributionPhaseBodySchema } } } },
    responses: {
      200: phase('La phase après la décision.'),
      400: problem('JSON illisible.'),
      401: unauthorized,
      403: problem('Rôle autre que anct.'),
      413: problem('Corps trop volumineux.'),
      415: problem('Le corps n’est pas du JSON.'),
      422: problem('Champs invalides ou inconnus.', validationProblemSchema),
      503: unavailable,
    },
  },
];
