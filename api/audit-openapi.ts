import type { ResponseConfig, RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { postAuditReportSchema } from '../audit/post-audit-report';
import { postIdParamsSchema, problemSchema } from './post-api-schemas';
import { PROBLEM_CONTENT_TYPE } from './problem-details';

/** The audit's routes in the OpenAPI document (issue 12), registered by `openapi.ts`. */
const problem = (description: string): ResponseConfig => ({ description, content: { [PROBLEM_CONTENT_TYPE]: { schema: problemSchema } } });
const unauthorized = problem('Ni jeton valide ni session.');
const forbidden = problem('Aucune habilitation, ou un rôle autre que auditor et anct.');
const notFound = problem('Ni Temporal ni MongoDB ne connaissent ce poste.');
const unavailable = problem('Temporal ou MongoDB injoignable ; réessayer après Retry-After.');

export const workflowHistoryExportSchema = z
  .object({
    postId: z.string(),
    namespace: z.string(),
    exportedAt: z.string().meta({ format: 'date-time' }),
    runs: z
      .array(
        z.object({
          runId: z.string(),
          history: z
            .object({ events: z.array(z.record(z.string(), z.unknown())) })
            .meta({ description: 'L’historique de l’exécution au format de `temporal workflow show --output json` et du téléchargement de l’interface Temporal (JSON protobuf).' }),
        }),
      )
      .meta({ description: 'Chaque exécution du workflow du poste, de la première à la dernière (continue-as-new).' }),
  })
  .meta({ id: 'WorkflowHistoryExport' });

export const auditRoutes: RouteConfig[] = [
  {
    method: 'get',
    path: '/api/v1/posts/{id}/workflow-history',
    summary: 'L’historique du workflow du poste, toutes ses exécutions, à rejouer hors ligne (npm run audit -- --file)',
    description:
      'Rôles `auditor` et `anct`. Transmis au fil de la lecture (page par page, exécution après exécution) ; en-tête Content-Disposition pour l’enregistrer. Une réponse interrompue en cours de route est tronquée : le JSON ne se ferme pas.',
    tags: ['audit'],
    request: { params: postIdParamsSchema },
    responses: {
      200: { description: 'L’export.', content: { 'application/json': { schema: workflowHistoryExportSchema } } },
      401: unauthorized,
      403: forbidden,
      404: problem('Temporal ne connaît pas ce poste (workflow inexistant, ou purgé après sa rétention).'),
      503: unavailable,
    },
  },
  {
    method: 'get',
    path: '/api/v1/posts/{id}/audit',
    summary: 'Audit du poste : rejeu de son historique avec le code d’aujourd’hui, comparaison avec la chronologie, le modèle de lecture et les chaînes d’empreintes',
    description:
      'Rôles `auditor` et `anct`. Le même rapport que `npm run audit -- <id> --json`. `ok` n’est vrai que si tout concorde ; chaque écart nomme la version, le champ, la valeur du workflow et la valeur gardée. Le premier appel d’un processus prépare le rejeu (quelques secondes).',
    tags: ['audit'],
    request: { params: postIdParamsSchema },
    responses: {
      200: { description: 'Le rapport.', content: { 'application/json': { schema: postAuditReportSchema } } },
      401: unauthorized,
      403: forbidden,
      404: notFound,
      503: unavailable,
    },
  },
];
