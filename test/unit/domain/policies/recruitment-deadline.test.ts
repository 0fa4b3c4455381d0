import {
  RECRUITMENT_REMINDER_DAYS,
  recruitmentDeadline,
  recruitmentReminderDates,
} from '../../../../domain/policies/recruitment-deadline';

describe('recruitmentDeadline (RULES.md §2.3)', () => {
  it('gives 2021 private structures 3 months from the notification (002_ba07e18f5cc1ad7d.txt)', () => {
    expect(recruitmentDeadline('2021-private', '2021-06-15')).toBe('2021-09-15');
    expect(recruitmentDeadline('2021-private', '2021-11-30')).toBe('2022-02-28');
    expect(recruitmentDeadline('2021-private', '2023-11-30')).toBe('2024-02-29');
  });

  it.each(['2022-public', '2022-private'] as const)(
    'holds %s posts notified early to the 28 February 2022 initial deadline (000_478a79800a90412a.txt, 004_de92c4ad36fd347a.txt)',
    (policy) => {
      expect(recruitmentDeadline(policy, '2021-12-10')).toBe('2022-02-28');
      expect(recruitmentDeadline(policy, '2022-01-15')).toBe('2022-02-28');
      expect(recruitmentDeadline(policy, '2022-01-28')).toBe('2022-02-28');
      expect(recruitmentDeadline(policy, '2022-01-31')).toBe('2022-02-28');
    },
  );

  it.each(['2022-public', '2022-private'] as const)(
    'gives %s posts validated later one month from the notification (000_478a79800a90412a.txt, 004_de92c4ad36fd347a.txt)',
    (policy) => {
      expect(recruitmentDeadline(policy, '2022-02-01')).toBe('2022-03-01');
      expect(recruitmentDeadline(policy, '2022-02-15')).toBe('2022-03-15');
      expect(recruitmentDeadline(policy, '2022-03-31')).toBe('2022-04-30');
      expect(recruitmentDeadline(policy, '2023-01-31')).toBe('2023-02-28');
    },
  );

  it('runs no deadline for 2021 public structures, asked to recruit "dans les meilleurs délais" (001_6dade1b22e1aa482.txt)', () => {
    expect(recruitmentDeadline('2021-public', '2021-02-15')).toBeNull();
  });

  it('runs no deadline under the renewal policy, whose FAQ gives none (003_0395d5c6dd79564e.txt)', () => {
    expect(recruitmentDeadline('2025-renewal', '2025-05-01')).toBeNull();
  });
});

describe('recruitmentReminderDates (RULES.md §5)', () => {
  it('reminds the structure 30, 7 and 1 days before the deadline', () => {
    expect(RECRUITMENT_REMINDER_DAYS).toEqual([30, 7, 1]);
    expect(recruitmentReminderDates('2022-02-28', '2022-01-10')).toEqual([
      { daysBefore: 30, on: '2022-01-29' },
      { daysBefore: 7, on: '2022-02-21' },
      { daysBefore: 1, on: '2022-02-27' },
    ]);
  });

  it('skips the reminders already past', () => {
    expect(recruitmentReminderDates('2022-02-28', '2022-02-01')).toEqual([
      { daysBefore: 7, on: '2022-02-21' },
      { daysBefore: 1, on: '2022-02-27' },
    ]);
    expect(recruitmentReminderDates('2022-02-28', '2022-02-27')).toEqual([{ daysBefore: 1, on: '2022-02-27' }]);
    expect(recruitmentReminderDates('2022-02-28', '2022-03-01')).toEqual([]);
  });
});
