/**
 * An export as a spreadsheet sees it (issue 15): columns with a French header and a kind, and one
 * function per column that reads its value from what the row is built of. The kinds are what a
 * spreadsheet types: the CSV writes each the French way, the workbook as a typed cell.
 */
export type CellKind =
  /** Any text, written as it is. */
  | 'text'
  /** A whole number (a count, a percent, months). */
  | 'integer'
  /** Integer euro cents, shown in euros: money stays in cents until the edge. */
  | 'euros'
  /** A calendar day `YYYY-MM-DD`, as the read model stores business dates. */
  | 'date'
  /** An instant (ISO 8601 or a Date), shown as the wall clock of Paris. */
  | 'instant';

export type CellValue = string | number | Date | null;

export interface ExportColumn<Source> {
  header: string;
  kind: CellKind;
  /** Characters, for the workbook's column width. */
  width: number;
  value: (source: Source) => CellValue;
}

export interface ExportTable<Source> {
  /** The workbook's sheet name (31 characters at most, Excel's limit). */
  sheet: string;
  /** The download's name, without its extension. */
  fileName: string;
  columns: readonly ExportColumn<Source>[];
}

export function exportRow<Source>(table: ExportTable<Source>, source: Source): CellValue[] {
  return table.columns.map((column) => column.value(source));
}
