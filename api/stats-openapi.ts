import type { ResponseConfig, RouteConfig } from '@asteasolutions/zod-to-openapi';
import type { z } from 'zod';
import { problemSchema, validationProblemSchema } from './post-api-schemas';
import { PROBLEM_CONTENT_TYPE } from './problem-details';
import { programmeFiguresSchema, STATS_PATH, statsQuerySchema } from './stats-api-schemas';

/** The statistics' route in the OpenAPI document (issue 15), registered by `openapi.ts`. */
const problem = (description: string, schema: z.ZodType = problemSchema): ResponseConfig => ({
  description,
  content: { [PROBLEM_CONTENT_TYPE]: { schema } },
});

export const statsRoutes: RouteConfig[] = [
  {
    method: 'get',
    path: STATS_PATH,
    operationId: 'getProgrammeStats',
    summary: 'Chiffres du programme sur le territoire de l’appelant : postes, argent, délais, relances',
    description:
      'Le territoire est celui de la liste des postes (une préfecture : son département ; une structure : ses postes ; un organisme de formation : les postes dont il forme le conseiller ; ANCT, BdT, auditeurs : tout). ' +
      'Sans période, tout l’historique. La période (`from`, `to`, inclus) s’applique aux conventions signées, tranches payées, mois, délais (étape achevée dans la période) et relances (écrites dans la période) ; ' +
      'les statuts, les sommes à payer sous 30 et 90 jours, les sommes en attente et les recrutements en retard sont ceux du jour (`today`, à Paris). Montants en centimes ; délais en jours.',
    tags: ['stats'],
    request: { query: statsQuerySchema },
    responses: {
      200: { description: 'Les chiffres.', content: { 'application/json': { schema: programmeFiguresSchema } } },
      400: problem('Paramètre inconnu, répété ou invalide.', validationProblemSchema),
      401: problem('Ni jeton valide ni session.'),
      403: problem('Aucune habilitation.'),
      503: problem('MongoDB injoignable : réessayer après Retry-After.'),
    },
  },
];
