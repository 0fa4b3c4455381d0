import { addCalendarMonths, compareDates, type BusinessDate } from '../calendar/business-date';
import { POLICIES, type FollowUpReport, type PolicyId } from './policy';

export type FollowUpReportDates = Partial<Record<FollowUpReport, BusinessDate>>;

/**
 * The 2021 texts ask for periodic follow-ups while the convention runs (RULES.md §2.3): the use
 * of the subsidy every quarter (public guide), the hosting conditions every half-year (public
 * guide and private AMI). The first falls one period after the convention's signature.
 */
export function firstFollowUpReports(policy: PolicyId, conventionSignedOn: BusinessDate): FollowUpReportDates {
  return Object.fromEntries(
    POLICIES[policy].followUpReports.map((rule) => [rule.report, addCalendarMonths(conventionSignedOn, rule.everyMonths)]),
  );
}

/**
 * The report of the same kind after the one due on `dueOn`. Counted from the signature each time,
 * so that a convention signed on 31 January keeps its reports on the months' last days instead of
 * drifting to the 28th after February.
 */
export function nextFollowUpReportOn(
  policy: PolicyId,
  report: FollowUpReport,
  conventionSignedOn: BusinessDate,
  dueOn: BusinessDate,
): BusinessDate | null {
  const rule = POLICIES[policy].followUpReports.find((r) => r.report === report);
  if (!rule) return null;
  let periods = 1;
  while (compareDates(addCalendarMonths(conventionSignedOn, periods * rule.everyMonths), dueOn) <= 0) periods += 1;
  return addCalendarMonths(conventionSignedOn, periods * rule.everyMonths);
}
