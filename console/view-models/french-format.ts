import { type BusinessDate, daysBetween } from '../../domain/calendar/business-date';

/**
 * Dates, instants and amounts written the French way (RULES.md §5: « 1er mars 2027 »,
 * « 14 000,00 € »). Issue 10 adds a formatting module to `domain/`; until it lands the console
 * writes them here, behind these four functions, which will then call it.
 */

const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];

/** « 1er mars 2027 », « 15 avril 2026 ». */
export function frenchDate(date: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return date;
  const day = Number(match[3]);
  return `${day === 1 ? '1er' : day} ${MONTHS[Number(match[2]) - 1]} ${Number(match[1])}`;
}

const parisParts = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** An instant as staff in metropolitan France read it: « 3 décembre 2026 à 14 h 05 ». */
export function frenchInstant(instant: string | Date): string {
  const at = instant instanceof Date ? instant : new Date(instant);
  if (Number.isNaN(at.getTime())) return String(instant);
  const parts = Object.fromEntries(parisParts.formatToParts(at).map((p) => [p.type, p.value]));
  return `${frenchDate(`${parts.year}-${parts.month}-${parts.day}`)} à ${parts.hour} h ${parts.minute}`;
}

const euros = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR', minimumFractionDigits: 2 });

/** Integer euro cents as « 14 000,00 € » (the thousands separated by a narrow no-break space). */
export function frenchAmount(cents: number): string {
  return euros.format(cents / 100);
}

/** Days from `today` to `dueOn`, said as staff would: « dans 12 jours », « aujourd’hui », « dépassée de 3 jours ». */
export function daysLeft(today: BusinessDate, dueOn: string): { days: number; text: string } {
  const days = daysBetween(today, dueOn as BusinessDate);
  if (days === 0) return { days, text: 'aujourd’hui' };
  if (days === 1) return { days, text: 'demain' };
  if (days > 1) return { days, text: `dans ${days} jours` };
  return { days, text: days === -1 ? 'dépassée d’un jour' : `dépassée de ${-days} jours` };
}
