import type { Response } from 'express';
import type { Logger } from 'pino';
import { todayInParis } from '../api/today-in-paris';
import type { ExportTable } from '../domain/exports/export-table';
import type { Models } from '../models/create-models';
import { writeCsvExport } from './csv-export-writer';
import { ExportAbortedError } from './drain';
import { notificationExportSources, postExportSources, trancheExportSources } from './export-sources';
import { notificationsExport, postsExport, tranchesExport } from './export-tables';
import { writeXlsxExport, XLSX_CONTENT_TYPE } from './xlsx-export-writer';

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';
export const exportKinds = ['posts', 'tranches', 'notifications'] as const;
export type ExportKind = (typeof exportKinds)[number];
export type ExportFormat = 'csv' | 'xlsx';

interface ExportOf<S> {
  table: ExportTable<S>;
  read: (models: Models, filter: Record<string, unknown>) => AsyncGenerator<S>;
}

/** Holds the first row back until the database has answered, so that a failure before it is still an error page or problem. */
async function firstAnswered<S>(sources: AsyncGenerator<S>): Promise<AsyncIterable<S>> {
  const first = await sources.next();
  return (async function* () {
    if (first.done) return;
    yield first.value;
    yield* sources;
  })();
}

export interface ExportRequest {
  res: Response;
  logger: Logger;
  models: Models;
  kind: ExportKind;
  format: ExportFormat;
  filter: Record<string, unknown>;
}

/**
 * Streams one export of the posts `filter` selects to `res`, as a download: the API's exports
 * route and the console's « Exporter » links both answer with it.
 */
export function sendExport(request: ExportRequest): Promise<void> {
  switch (request.kind) {
    case 'posts':
      return stream({ table: postsExport, read: postExportSources }, request);
    case 'tranches':
      return stream({ table: tranchesExport, read: trancheExportSources }, request);
    case 'notifications':
      return stream({ table: notificationsExport, read: notificationExportSources }, request);
  }
}

async function stream<S>({ table, read }: ExportOf<S>, { res, logger, models, kind, format, filter }: ExportRequest): Promise<void> {
  const sources = await firstAnswered(read(models, filter));
  res
    .status(200)
    .type(format === 'csv' ? CSV_CONTENT_TYPE : XLSX_CONTENT_TYPE)
    .attachment(`${table.fileName}-${todayInParis()}.${format}`)
    .setHeader('Cache-Control', 'no-store');
  try {
    await (format === 'csv' ? writeCsvExport(table, sources, res) : writeXlsxExport(table, sources, res));
  } catch (error) {
    // The status line is sent: a failure now can only cut the download short, never pass for a whole file.
    if (!(error instanceof ExportAbortedError)) logger.error({ err: error, export: kind }, 'export failed while streaming');
    res.destroy();
  }
}
