import { addDays, compareDates, type BusinessDate } from './business-date';

export interface Reminder<Days extends number = number> {
  readonly daysBefore: Days;
  readonly on: BusinessDate;
}

/**
 * The reminders still to send before a deadline, earliest first. A reminder whose day is today is
 * kept (it has not been sent yet); one whose day has passed is dropped, never sent late.
 */
export function remindersBefore<Days extends number>(
  deadline: BusinessDate,
  daysBefore: readonly Days[],
  today: BusinessDate,
): Reminder<Days>[] {
  return daysBefore
    .map((days) => ({ daysBefore: days, on: addDays(deadline, -days) }))
    .filter((reminder) => compareDates(reminder.on, today) >= 0)
    .sort((a, b) => compareDates(a.on, b.on));
}
