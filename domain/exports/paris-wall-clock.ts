import type { BusinessDate } from '../calendar/business-date';

const parts = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

export interface ParisWallClock {
  date: BusinessDate;
  /** `HH:MM`. */
  time: string;
  /**
   * The same wall clock as a Date whose UTC fields hold it: a spreadsheet cell has no time zone,
   * and staff read instants as the time in Paris (winter UTC+1, summer UTC+2).
   */
  asZoneless: Date;
}

/** What the clock in Paris showed at `instant`; null for a value that is no instant. */
export function parisWallClock(instant: string | Date): ParisWallClock | null {
  const at = instant instanceof Date ? instant : new Date(instant);
  if (Number.isNaN(at.getTime())) return null;
  const field = Object.fromEntries(parts.formatToParts(at).map((p) => [p.type, p.value]));
  const [year, month, day, hour, minute, second] = [field.year, field.month, field.day, field.hour, field.minute, field.second].map(Number) as [number, number, number, number, number, number];
  return {
    date: `${field.year}-${field.month}-${field.day}` as BusinessDate,
    time: `${field.hour}:${field.minute}`,
    asZoneless: new Date(Date.UTC(year, month - 1, day, hour, minute, second)),
  };
}
