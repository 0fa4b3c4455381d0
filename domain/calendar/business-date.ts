import { addMonths } from 'date-fns';
import { z } from 'zod';

/**
 * A calendar day as the programme's documents write it (`YYYY-MM-DD`): no time, no time zone.
 * Deadlines and due dates are days, so the rules never depend on the clock or the server's zone.
 */
export type BusinessDate = `${number}-${number}-${number}`;

const SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

interface CalendarDay {
  readonly year: number;
  /** 1 to 12, as written, not JavaScript's 0 to 11. */
  readonly month: number;
  readonly day: number;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

function format({ year, month, day }: CalendarDay): BusinessDate {
  // Four digits is all the format can hold; arithmetic that leaves it is a caller's mistake.
  if (year < 0 || year > 9999) throw new RangeError(`year ${year} cannot be written as YYYY`);
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}` as BusinessDate;
}

function parse(date: string): CalendarDay {
  const match = SHAPE.exec(date);
  if (!match) throw new RangeError(`not a YYYY-MM-DD business date: ${date}`);
  return { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
}

function utcMidnightMs({ year, month, day }: CalendarDay): number {
  // setUTCFullYear, unlike Date.UTC, does not turn years 0-99 into 1900-1999.
  const instant = new Date(0);
  instant.setUTCFullYear(year, month - 1, day);
  return instant.getTime();
}

function fromUtcMs(ms: number): BusinessDate {
  const instant = new Date(ms);
  return format({
    year: instant.getUTCFullYear(),
    month: instant.getUTCMonth() + 1,
    day: instant.getUTCDate(),
  });
}

function requireInteger(n: number, what: string): void {
  if (!Number.isInteger(n)) throw new RangeError(`${what} must be a whole number, got ${n}`);
}

export function isBusinessDate(value: string): value is BusinessDate {
  if (!SHAPE.test(value)) return false;
  // An impossible day (2023-02-30) rolls over to another day, so it does not survive the round trip.
  return fromUtcMs(utcMidnightMs(parse(value))) === value;
}

export const businessDateSchema = z
  .string()
  .refine(isBusinessDate, 'date attendue au format AAAA-MM-JJ, jour existant du calendrier');

/** Calendar months; a day missing from the target month becomes its last day (31 Jan + 1 = 28/29 Feb). */
export function addCalendarMonths(date: BusinessDate, months: number): BusinessDate {
  requireInteger(months, 'months');
  const { year, month, day } = parse(date);
  // date-fns works on local calendar fields. At local noon those fields are the business day in
  // every time zone (no zone changes its clock at noon), so the result is the one UTC would give.
  const localNoon = new Date(2000, 0, 1, 12);
  localNoon.setFullYear(year, month - 1, day);
  const moved = addMonths(localNoon, months);
  return format({ year: moved.getFullYear(), month: moved.getMonth() + 1, day: moved.getDate() });
}

export function addDays(date: BusinessDate, days: number): BusinessDate {
  requireInteger(days, 'days');
  return fromUtcMs(utcMidnightMs(parse(date)) + days * DAY_MS);
}

/** Negative when `a` comes first; the fixed-width format makes text order calendar order. */
export function compareDates(a: BusinessDate, b: BusinessDate): -1 | 0 | 1 {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

export function laterOf(a: BusinessDate, b: BusinessDate): BusinessDate {
  return compareDates(a, b) >= 0 ? a : b;
}

/** Whole days from `from` to `to`: positive when `to` is later. */
export function daysBetween(from: BusinessDate, to: BusinessDate): number {
  return (utcMidnightMs(parse(to)) - utcMidnightMs(parse(from))) / DAY_MS;
}

/** A deadline on a day falls at the start of that day, 00:00 UTC. */
export function toInstant(date: BusinessDate): Date {
  return new Date(utcMidnightMs(parse(date)));
}
