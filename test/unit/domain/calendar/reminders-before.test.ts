import { remindersBefore } from '../../../../domain/calendar/reminders-before';

describe('remindersBefore (RULES.md §5: reminders before a deadline, each sent once)', () => {
  it('lists every reminder, earliest first, when none has passed', () => {
    expect(remindersBefore('2022-02-28', [1, 30, 7], '2022-01-01')).toEqual([
      { daysBefore: 30, on: '2022-01-29' },
      { daysBefore: 7, on: '2022-02-21' },
      { daysBefore: 1, on: '2022-02-27' },
    ]);
  });

  it("keeps today's reminder and drops the ones whose day has passed", () => {
    expect(remindersBefore('2022-02-28', [30, 7, 1], '2022-02-21')).toEqual([
      { daysBefore: 7, on: '2022-02-21' },
      { daysBefore: 1, on: '2022-02-27' },
    ]);
    expect(remindersBefore('2022-02-28', [30, 7, 1], '2022-02-22')).toEqual([{ daysBefore: 1, on: '2022-02-27' }]);
  });

  it('has nothing left to send once the deadline is near or past', () => {
    expect(remindersBefore('2022-02-28', [30, 7, 1], '2022-02-28')).toEqual([]);
    expect(remindersBefore('2022-02-28', [30, 7, 1], '2022-06-01')).toEqual([]);
  });
});
