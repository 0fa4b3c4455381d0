import type { ResponseConfig, RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { EXPORTS_PATH, exportQuerySchema } from './export-api-schemas';
import { notificationsExport, postsExport, tranchesExport } from '../exports/export-tables';
import { XLSX_CONTENT_TYPE } from '../exports/xlsx-export-writer';
import type { ExportTable } from '../domain/exports/export-table';
import { problemSchema, validationProblemSchema } from './post-api-schemas';
import { PROBLEM_CONTENT_TYPE } from './problem-details';

/** The exports' routes in the OpenAPI document (issue 15), registered by `openapi.ts`. */
const problem = (description: string, schema: z.ZodType = problemSchema): ResponseConfig => ({
  description,
  content: { [PROBLEM_CONTENT_TYPE]: { schema } },
});
const unauthorized = problem('Ni jeton valide ni session (jeton absent, invalide ou expiré ; en-tête WWW-Authenticate), ou session terminée.');
const unavailable = problem('MongoDB injoignable avant le premier octet : rien n’a été envoyé ; réessayer après Retry-After.');

const spreadsheet = (what: string, table: ExportTable<never>): ResponseConfig => ({
  description: `${what}. Colonnes, dans l’ordre : ${table.columns.map((c) => c.header).join(' ; ')}. Nom du fichier : ${table.fileName}-AAAA-MM-JJ.csv ou .xlsx (Content-Disposition).`,
  headers: z.object({ 'Content-Disposition': z.string().meta({ description: `attachment; filename=${table.fileName}-AAAA-MM-JJ.csv (ou .xlsx)` }) }),
  content: {
    'text/csv': { schema: z.string().meta({ description: 'format=csv (défaut)' }) },
    [XLSX_CONTENT_TYPE]: { schema: z.string().meta({ format: 'binary', description: 'format=xlsx' }) },
  },
});

const territory =
  'Les postes que GET /api/v1/posts montrerait à l’appelant, avec les mêmes filtres, sans pagination : une structure, les siens ; une préfecture, ceux de son département ; un organisme de formation, ceux dont il forme le conseiller ; ANCT, BdT et contrôle, tous. Lu en flux depuis le modèle de lecture MongoDB, les plus récents d’abord. Montants en euros (centimes exacts), jours JJ/MM/AAAA.';

function exportRoute(name: string, operationId: string, summary: string, what: string, table: ExportTable<never>): RouteConfig {
  return {
    method: 'get',
    path: `${EXPORTS_PATH}/${name}`,
    operationId,
    summary,
    description: territory,
    tags: ['exports'],
    request: { query: exportQuerySchema },
    responses: {
      200: spreadsheet(what, table),
      400: problem('Paramètre inconnu, répété ou invalide (`query.invalid`), dont un `format` autre que csv ou xlsx.', validationProblemSchema),
      401: unauthorized,
      503: unavailable,
    },
  };
}

export const exportRoutes: RouteConfig[] = [
  exportRoute('posts', 'exportPosts', 'Export des postes : une ligne par poste', 'Une ligne par poste', postsExport as ExportTable<never>),
  exportRoute('tranches', 'exportTranches', 'Export des tranches : une ligne par tranche de chaque période de convention', 'Une ligne par tranche', tranchesExport as ExportTable<never>),
  exportRoute('notifications', 'exportNotifications', 'Export des notifications : une ligne par rappel ou avis, avec son envoi', 'Une ligne par notification', notificationsExport as ExportTable<never>),
];
