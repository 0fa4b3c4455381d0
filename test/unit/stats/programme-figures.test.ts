import type { BusinessDate } from '../../../domain/calendar/business-date';
import { programmeFigures, type StatsPostRow } from '../../../stats/programme-figures';

const today = '2026-03-15' as BusinessDate;
const d = (s: string) => s as BusinessDate;
const none = { from: null, to: null };

describe('the programme’s figures from the read model’s rows', () => {
  it('tells waiting money (suspended, or due on a vacant post) from money due, and due from scheduled later', () => {
    const post = (id: string, status: StatsPostRow['status'], tranches: StatsPostRow['tranches']): StatsPostRow => ({ id, status, department: '974', convention: null, tranches });
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
      events: [],
      notifications: [],
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

  it('counts a delay from the first event of each kind, a rejection as a committee, and only the posts of the rows', () => {
    const figures = programmeFigures({
      posts: [{ id: 'a', status: 'rejected', department: '01', convention: null, tranches: [] }],
      events: [
        { postId: 'a', version: 3, type: 'COMMITTEE_DECISION', payload: { decision: 'rejected', decidedOn: d('2026-01-11') } },
        { postId: 'a', version: 1, type: 'SUBMIT_APPLICATION', payload: { appliedOn: d('2026-01-01') } },
        { postId: 'other', version: 1, type: 'SUBMIT_APPLICATION', payload: { appliedOn: d('2025-01-01') } },
        { postId: 'other', version: 2, type: 'COMMITTEE_DECISION', payload: { decision: 'validated', decidedOn: d('2026-01-01') } },
      ],
      notifications: [{ postId: 'other', state: 'sent', rows: 4 }],
      period: none,
      today,
    });
    expect(figures.delays[0]).toEqual({ stage: 'application_to_committee', posts: 1, medianDays: 10, p90Days: 10 });
    expect(figures.delays[1]).toEqual({ stage: 'committee_to_recruitment', posts: 0, medianDays: null, p90Days: null });
    expect(figures.reminders.total).toBe(0);
  });
});
