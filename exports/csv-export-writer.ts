import type { Writable } from 'node:stream';
import { CSV_BOM, csvHeaderLine, csvLine } from '../domain/exports/csv-format';
import { exportRow, type ExportTable } from '../domain/exports/export-table';
import { drain } from './drain';

/** Lines are written in chunks of about this many characters, not one write per line. */
const CHUNK = 64 * 1024;

/** Streams an export as French CSV (domain/exports/csv-format.ts) to `out`, and ends it. */
export async function writeCsvExport<S>(table: ExportTable<S>, sources: AsyncIterable<S>, out: Writable): Promise<void> {
  const kinds = table.columns.map((c) => c.kind);
  let chunk = CSV_BOM + csvHeaderLine(table.columns.map((c) => c.header));
  for await (const source of sources) {
    chunk += csvLine(kinds, exportRow(table, source));
    if (chunk.length >= CHUNK) {
      out.write(chunk);
      chunk = '';
      await drain(out);
    }
  }
  out.end(chunk);
}
