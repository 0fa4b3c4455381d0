import type { BusinessDate } from '../calendar/business-date';

/**
 * Dates and amounts as texts for people write them (RULES.md §5): « 1er mars 2027 »,
 * « 14 000,00 € », never `2027-03-01` or `1400000`. Pure, so that the workflow bundle can build
 * its notifications with it, and the mail templates will reuse it.
 *
 * Intl's `fr-FR` groups thousands with a narrow no-break space (U+202F) and puts a no-break space
 * (U+00A0) before the euro sign. Both become U+00A0 here: an amount never breaks across two lines,
 * and U+00A0 is drawn by every mail client's fonts, which U+202F is not.
 */
export const NO_BREAK_SPACE = '\u00a0';

const dateParts = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const euros = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR', minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** « 1er mars 2027 », « 14 avril 2022 »: the first of the month is an ordinal in French. */
export function frenchDate(date: BusinessDate): string {
  const parts = dateParts.formatToParts(new Date(`${date}T00:00:00Z`));
  return parts.map((part) => (part.type === 'day' && part.value === '1' ? '1er' : part.value)).join('');
}

/** « 14 000,00 € » from 1 400 000 cents; the cents are always written, as on a payment order. */
export function frenchEuros(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`an amount is a whole number of cents, got ${cents}`);
  // Whole cents divided by 100 print exactly with two decimals; the sign is Intl's.
  return euros.format(cents / 100).replace(/[\u202f\u00a0 ]/g, NO_BREAK_SPACE);
}
