import {
  CONVENTION_END_REMINDER_DAYS,
  conventionEndOn,
  conventionEndReminderDates,
} from '../../../../domain/policies/convention-end';

describe('conventionEndOn', () => {
  it('ends a 24-month convention two calendar years after it starts (000_478a79800a90412a.txt)', () => {
    expect(conventionEndOn('2022-03-15', 24)).toBe('2024-03-15');
  });

  it('ends an 18-month CDD convention at the month end when the day is missing (004_de92c4ad36fd347a.txt)', () => {
    expect(conventionEndOn('2022-08-31', 18)).toBe('2024-02-29');
    expect(conventionEndOn('2021-08-31', 18)).toBe('2023-02-28');
  });

  it('ends a 36-month 2021 public convention three years later (001_6dade1b22e1aa482.txt)', () => {
    expect(conventionEndOn('2021-04-30', 36)).toBe('2024-04-30');
  });
});

describe('conventionEndReminderDates (RULES.md §5)', () => {
  it('reminds 90 and 30 days before the end', () => {
    expect(CONVENTION_END_REMINDER_DAYS).toEqual([90, 30]);
    expect(conventionEndReminderDates('2024-03-15', '2023-12-01')).toEqual([
      { daysBefore: 90, on: '2023-12-16' },
      { daysBefore: 30, on: '2024-02-14' },
    ]);
  });

  it('skips the reminders already past', () => {
    expect(conventionEndReminderDates('2024-03-15', '2024-01-01')).toEqual([{ daysBefore: 30, on: '2024-02-14' }]);
    expect(conventionEndReminderDates('2024-03-15', '2024-02-15')).toEqual([]);
  });
});
