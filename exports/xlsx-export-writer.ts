import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { CellKind, CellValue } from '../domain/exports/export-table';
import { exportRow, type ExportTable } from '../domain/exports/export-table';
import { parisWallClock } from '../domain/exports/paris-wall-clock';
import { drain } from './drain';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Number formats of the cells: euros with two decimals and the sign, days and instants the French way. */
const NUMBER_FORMATS: Partial<Record<CellKind, string>> = {
  euros: '#,##0.00 "€"',
  date: 'dd/mm/yyyy',
  instant: 'dd/mm/yyyy hh:mm',
};

/** A value as a typed cell: euros as a number of euros, days and Paris instants as dates. */
function cellOf(kind: CellKind, value: CellValue): ExcelJS.CellValue {
  if (value === null || value === '') return null;
  switch (kind) {
    case 'text':
      return String(value);
    case 'integer':
      return Number(value);
    case 'euros':
      return Number(value) / 100;
    case 'date': {
      const [year, month, day] = String(value).split('-').map(Number) as [number, number, number];
      return new Date(Date.UTC(year, month - 1, day));
    }
    case 'instant':
      return parisWallClock(value instanceof Date ? value : String(value))?.asZoneless ?? null;
  }
}

/** Rows committed between two looks at the client's pace. */
const ROWS_PER_DRAIN = 200;

/**
 * Streams an export as one sheet of a workbook to `out` (exceljs's streaming writer: each row is
 * written out as it is committed, strings inline rather than in a shared table that would grow
 * with the rows), and ends it. The header row is frozen.
 */
export async function writeXlsxExport<S>(table: ExportTable<S>, sources: AsyncIterable<S>, out: Writable): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(table.sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = table.columns.map((c) => ({ width: c.width, style: NUMBER_FORMATS[c.kind] ? { numFmt: NUMBER_FORMATS[c.kind] } : {} }));
  const header = sheet.addRow(table.columns.map((c) => c.header));
  header.font = { bold: true };
  header.commit();
  const kinds = table.columns.map((c) => c.kind);
  let rows = 0;
  for await (const source of sources) {
    sheet.addRow(exportRow(table, source).map((value, i) => cellOf(kinds[i]!, value))).commit();
    if (++rows % ROWS_PER_DRAIN === 0) await drain(out);
  }
  sheet.commit();
  await workbook.commit();
}
