import type { BusinessDate } from '../../../domain/calendar/business-date';
import { programmeFigures, type StatsPostRow } from '../../../stats/programme-figures';

const today = '2026-03-15' as BusinessDate;
const d = (s: string) => s as BusinessDate;
const none = { from: null, to: null };

describe('the programme’s figures from the read model’s rows', () => {
  it('tells waiting money (suspended, or due on a vacant post) from money due, and due from scheduled later', () => {
    const post = (id: string, status: StatsPostRow['status'], tranches: StatsPostRow['tranches']): StatsPostRow => ({ id, status, department: '974', convention: null, tranches, stages: {}, notices: [] });
    const figures = programmeFigures({
      posts: [
        post('a', 'vacant', [
          { number: 1, amountCents: 100, dueOn: d('2026-03-01'), status: 'due', paidOn: null },
          { number: 2, amountCents: 200, dueOn: d('2026-04-14'), status: 'scheduled', paidOn: null },
        ]),
        post('b', 'active', [
          { number: 1, amountCents: 1_000, dueOn: d('2026-03-01'), status: 'suspended', paidOn: null },
          { number: 2, amountCents: 2_000, dueOn: d('2026-06-13'), status: 'scheduled', paidOn: null },
          { number: 3, amountCents: 4_000, dueOn: d('2026-06-14'), status: 'scheduled', paidOn: null },
        ]),
        // Ended early: its unpaid tranches are due to no one; what it was paid stays paid.
        post('c', 'exited_early', [
          { number: 1, amountCents: 10, dueOn: d('2026-01-01'), status: 'paid', paidOn: d('2026-01-02') },
          { number: 2, amountCents: 20_000, dueOn: d('2026-03-01'), status: 'due', paidOn: null },
          { number: 3, amountCents: 40_000, dueOn: d('2026-04-01'), status: 'scheduled', paidOn: null },
        ]),
      ],
      period: none,
      today,
    });
    // 14 April is today + 30 days, 13 June today + 90: both bounds included, 14 June not.
    expect(figures.money).toMatchObject({ waitingCents: 1_100, dueWithin30DaysCents: 200, dueWithin90DaysCents: 2_200, paidCents: 10, committedCents: 0 });
    expect(figures.money.byMonth).toEqual([
      { month: '2026-01', paidCents: 10, dueCents: 0 },
      { month: '2026-04', paidCents: 0, dueCents: 200 },
      { month: '2026-06', paidCents: 0, dueCents: 6_000 },
    ]);
    expect(figures.posts.byRegion).toEqual([
      { region: { code: '04', name: 'La Réunion' }, total: 3, byStatus: [{ status: 'active', posts: 1 }, { status: 'vacant', posts: 1 }, { status: 'exited_early', posts: 1 }] },
    ]);
  });

  it('counts a delay between the stages each post reached, a rejection as a committee, and the notices of the rows in the period', () => {
    const figures = programmeFigures({
      posts: [
        {
          id: 'a',
          status: 'rejected',
          department: '01',
          convention: null,
          tranches: [],
          stages: { applied: { version: 1, on: d('2026-01-01') }, committee: { version: 3, on: d('2026-01-11') } },
          notices: [
            { createdOn: d('2026-01-31'), state: 'sent' },
            { createdOn: d('2026-02-01'), state: null },
            { createdOn: d('2026-02-28'), state: 'no_recipient' },
            { createdOn: d('2026-03-01'), state: 'failed' },
          ],
        },
      ],
      period: { from: d('2026-01-11'), to: d('2026-02-28') },
      today,
    });
    expect(figures.delays[0]).toEqual({ stage: 'application_to_committee', posts: 1, medianDays: 10, p90Days: 10 });
    expect(figures.delays[1]).toEqual({ stage: 'committee_to_recruitment', posts: 0, medianDays: null, p90Days: null });
    expect(figures.reminders).toEqual({ total: 3, sent: 1, failed: 0, noRecipient: 1, pending: 0, beforeEmailDelivery: 1 });
  });
});
