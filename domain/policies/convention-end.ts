import { addCalendarMonths, type BusinessDate } from '../calendar/business-date';
import { remindersBefore, type Reminder } from '../calendar/reminders-before';

/**
 * The day a convention of `months` calendar months started on `startsOn` ends: its last covered
 * day is the day before (signed 2022-03-15 for 24 months: ends 2024-03-15, at 00:00 UTC).
 */
export function conventionEndOn(startsOn: BusinessDate, months: number): BusinessDate {
  return addCalendarMonths(startsOn, months);
}

/** A product choice, not a figure of the seeds: time to request a renewal or prepare the exit. */
export const CONVENTION_END_REMINDER_DAYS = [90, 30] as const;

export type ConventionEndReminderDays = (typeof CONVENTION_END_REMINDER_DAYS)[number];

export function conventionEndReminderDates(
  endsOn: BusinessDate,
  today: BusinessDate,
): Reminder<ConventionEndReminderDays>[] {
  return remindersBefore(endsOn, CONVENTION_END_REMINDER_DAYS, today);
}
