import { z } from 'zod';
import type { ExportFormat } from '../exports/export-response';
import { listPostsQuerySchema } from './post-api-schemas';

/** Issue 15: the exports of the read model, as spreadsheets. */
export const EXPORTS_PATH = '/api/v1/exports';

const exportFormats = ['csv', 'xlsx'] as const satisfies readonly ExportFormat[];

/**
 * The list's filters (`GET /api/v1/posts`), without its page: an export holds every post the list
 * would show, page after page, and the tranches or notices of those posts. A repeated or unknown
 * parameter is refused, as by the list.
 */
export const exportQuerySchema = listPostsQuerySchema
  .omit({ page: true, pageSize: true })
  .extend({
    format: z
      .enum(exportFormats, { error: 'format inconnu : csv (par défaut) ou xlsx' })
      .optional()
      .transform((format) => format ?? 'csv')
      .meta({
        default: 'csv',
        description:
          'csv : UTF-8 avec BOM, séparateur « ; », virgule décimale pour les euros, jours JJ/MM/AAAA, heures de Paris (RFC 4180). xlsx : classeur Excel, une feuille, cellules typées (dates, euros au format €), ligne d’en-tête figée.',
      }),
  });
export type ExportQuery = z.infer<typeof exportQuerySchema>;
