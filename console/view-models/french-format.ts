import { type BusinessDate, daysBetween } from '../../domain/calendar/business-date';
import { frenchDate } from '../../domain/text/french-format';
import { todayInParis } from '../../api/today-in-paris';

/**
 * What the console writes in French beyond the dates and amounts of `domain/text/french-format.ts`
 * (RULES.md §5), which it uses as the notifications and mails do: an instant of the timeline and
 * the days left before a deadline.
 */

const parisTime = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** `frenchDate` of a date of the API's resources, which zod types as plain strings (`YYYY-MM-DD` as the workflow stored it). */
export function frenchDateOf(date: string): string {
  return frenchDate(date as BusinessDate);
}

/** An instant as staff in metropolitan France read it: « 3 décembre 2026 à 14 h 05 ». */
export function frenchInstant(instant: string | Date): string {
  const at = instant instanceof Date ? instant : new Date(instant);
  if (Number.isNaN(at.getTime())) return String(instant);
  const [hour, minute] = parisTime.format(at).split(':');
  return `${frenchDate(todayInParis(at))} à ${hour} h ${minute}`;
}

/** Days from `today` to `dueOn`, said as staff would: « dans 12 jours », « aujourd’hui », « dépassée de 3 jours ». */
export function daysLeft(today: BusinessDate, dueOn: string): { days: number; text: string } {
  const days = daysBetween(today, dueOn as BusinessDate);
  if (days === 0) return { days, text: 'aujourd’hui' };
  if (days === 1) return { days, text: 'demain' };
  if (days > 1) return { days, text: `dans ${days} jours` };
  return { days, text: days === -1 ? 'dépassée d’un jour' : `dépassée de ${-days} jours` };
}
