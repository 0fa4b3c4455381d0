import type { BusinessDate } from '../domain/calendar/business-date';

const parisDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });

/**
 * The calendar day in metropolitan France (Europe/Paris), whatever the server's zone: the
 * `appliedOn` of an application sent through the API. An application sent at 00:30 in Paris is
 * dated that day, not the previous one as UTC would say. (Overseas structures apply on the
 * programme's calendar, which is the ministry's.)
 */
export function todayInParis(now: Date = new Date()): BusinessDate {
  return parisDate.format(now) as BusinessDate;
}
