import type { CellKind, CellValue } from './export-table';
import { parisWallClock } from './paris-wall-clock';

/**
 * CSV as a French spreadsheet opens it without an import wizard (issue 15): UTF-8 announced by its
 * byte order mark, `;` between fields (the comma is the decimal separator), euros with a decimal
 * comma, days as `JJ/MM/AAAA`, lines ended by CRLF and fields quoted as RFC 4180 says.
 */
export const CSV_BOM = '\ufeff';
export const CSV_SEPARATOR = ';';
export const CSV_LINE_END = '\r\n';

/** RFC 4180: a field holding the separator, a quote or a line break is quoted, its quotes doubled. */
export function csvField(text: string): string {
  return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A text a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, or a tab or carriage return
 * first, OWASP's CSV injection) gets a leading apostrophe, which the spreadsheet shows as text:
 * a structure's name is typed by the structure, and must never compute anything on staff's machines.
 */
export function inertText(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** 123456 cents as `1234,56`: no thousands separator, which a spreadsheet would read as text. */
export function euroDecimal(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`an amount is a whole number of cents, got ${cents}`);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.trunc(abs / 100)},${String(abs % 100).padStart(2, '0')}`;
}

/** `2027-03-01` as `01/03/2027`. */
export function frenchDay(date: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new RangeError(`a day is written YYYY-MM-DD, got ${date}`);
  return `${match[3]}/${match[2]}/${match[1]}`;
}

/** An instant as the clock in Paris showed it: `01/01/2027 00:30` for 2026-12-31T23:30Z. */
export function frenchInstant(instant: string | Date): string {
  const clock = parisWallClock(instant);
  if (!clock) throw new RangeError(`not an instant: ${String(instant)}`);
  return `${frenchDay(clock.date)} ${clock.time}`;
}

function cellText(kind: CellKind, value: CellValue): string {
  if (value === null || value === '') return '';
  switch (kind) {
    case 'text':
      return inertText(String(value));
    case 'integer':
      return String(value);
    case 'euros':
      return euroDecimal(Number(value));
    case 'date':
      return frenchDay(String(value));
    case 'instant':
      return frenchInstant(value instanceof Date ? value : String(value));
  }
}

/** One record: each value written for its column's kind, quoted where needed, CRLF-ended. */
export function csvLine(kinds: readonly CellKind[], values: readonly CellValue[]): string {
  return values.map((value, i) => csvField(cellText(kinds[i]!, value))).join(CSV_SEPARATOR) + CSV_LINE_END;
}

/** The first record: the headers, as text. */
export function csvHeaderLine(headers: readonly string[]): string {
  return headers.map(csvField).join(CSV_SEPARATOR) + CSV_LINE_END;
}
