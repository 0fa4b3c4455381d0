import { programmeFiguresSchema } from '../../../api/stats-api-schemas';
import type { Actor } from '../../../domain/lifecycle/actor';
import { staffOf } from './api-fixtures';
import { type ApiHarness, startApiHarness } from './api-harness';
import { STATS_T, writeStatsPosts } from './stats-fixtures';

const ARA = { code: '84', name: 'Auvergne-Rhône-Alpes' };
const GUADELOUPE = { code: '01', name: 'Guadeloupe' };
const CORSE = { code: '94', name: 'Corse' };
const IDF = { code: '11', name: 'Île-de-France' };
const zero = { committedCents: 0, paidCents: 0, dueWithin30DaysCents: 0, dueWithin90DaysCents: 0, waitingCents: 0 };

/**
 * `GET /api/v1/stats` on the known set of stats-fixtures.ts, written to the read model of a
 * database of this test's own. Every expected figure is worked out by hand from the set.
 */
describe('programme statistics', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApiHarness();
    await writeStatsPosts(api.models, 'stats');
  });
  afterAll(() => api?.close());

  async function stats(as: Actor, query = '') {
    const answer = await api.request('GET', `/api/v1/stats${query}`, { as });
    expect(answer.status).toBe(200);
    const figures = programmeFiguresSchema.strict().parse(answer.body);
    // The expected figures below are computed from today's date: a run across midnight in Paris would see another day.
    expect(figures.today).toBe(STATS_T);
    return figures;
  }

  it('counts the posts by status, département and region', async () => {
    const { posts } = await stats(staffOf.anct);
    expect(posts.total).toBe(8);
    expect(posts.byStatus).toEqual([
      { status: 'committee', posts: 1 },
      { status: 'recruiting', posts: 1 },
      { status: 'recruitment_overdue', posts: 2 },
      { status: 'in_training', posts: 1 },
      { status: 'active', posts: 2 },
      { status: 'vacant', posts: 1 },
    ]);
    expect(posts.byDepartment).toEqual([
      { department: '2A', region: CORSE, total: 1, byStatus: [{ status: 'committee', posts: 1 }] },
      {
        department: '69',
        region: ARA,
        total: 3,
        byStatus: [
          { status: 'recruitment_overdue', posts: 1 },
          { status: 'active', posts: 1 },
          { status: 'vacant', posts: 1 },
        ],
      },
      { department: '75', region: IDF, total: 2, byStatus: [{ status: 'recruiting', posts: 1 }, { status: 'active', posts: 1 }] },
      { department: '971', region: GUADELOUPE, total: 2, byStatus: [{ status: 'recruitment_overdue', posts: 1 }, { status: 'in_training', posts: 1 }] },
    ]);
    expect(posts.byRegion.map((r) => [r.region?.name, r.total])).toEqual([
      ['Guadeloupe', 2],
      ['Île-de-France', 2],
      ['Auvergne-Rhône-Alpes', 3],
      ['Corse', 1],
    ]);
  });

  it('sums the money to the cent: committed, paid, due within 30 and 90 days, waiting', async () => {
    const { money } = await stats(staffOf.bdt);
    // committed: p1 5 000 000 + p2 4 000 000 + p3 7 000 000 + p8 5 000 000; paid: p1 t1 1 000 001 + p2 t1 800 000;
    // ≤ 30 days: p1 t2 (due 5 days ago) 1 500 000 + p3 t2 (in 20 days) 2 100 000 + p8 t1 (due since 2025) 1 000 000;
    // ≤ 90 days: those + p2 t3 (in 60 days) 2 000 000; waiting: p2 t2 (vacant) 1 200 000 + p3 t1 (suspended) 1 400 000.
    expect(money).toMatchObject({
      committedCents: 21_000_000,
      paidCents: 1_800_001,
      dueWithin30DaysCents: 4_600_000,
      dueWithin90DaysCents: 6_600_000,
      waitingCents: 2_600_000,
    });
    expect(money.byDepartment).toEqual([
      { department: '2A', region: CORSE, ...zero },
      { department: '69', region: ARA, committedCents: 9_000_000, paidCents: 1_800_001, dueWithin30DaysCents: 1_500_000, dueWithin90DaysCents: 3_500_000, waitingCents: 1_200_000 },
      { department: '75', region: IDF, ...zero, committedCents: 5_000_000, dueWithin30DaysCents: 1_000_000, dueWithin90DaysCents: 1_000_000 },
      { department: '971', region: GUADELOUPE, ...zero, committedCents: 7_000_000, dueWithin30DaysCents: 2_100_000, dueWithin90DaysCents: 2_100_000, waitingCents: 1_400_000 },
    ]);
  });

  it('gives the median and 90th percentile of each stage’s delay, in days, from the first event of each kind', async () => {
    const { delays } = await stats(staffOf.anct);
    expect(delays).toEqual([
      // p1 30, p2 10, p3 35, p4 20, p7 15 → 10 15 20 30 35: median 20, p90 30 + 0.6 × 5
      { stage: 'application_to_committee', posts: 5, medianDays: 20, p90Days: 33 },
      // p1 61 (1 Oct → 1 Dec), p2 60 (its replacement's contract ignored), p3 30 → 30 60 61
      { stage: 'committee_to_recruitment', posts: 3, medianDays: 60, p90Days: 60.8 },
      // p1 10, p3 14
      { stage: 'recruitment_to_training', posts: 2, medianDays: 12, p90Days: 13.6 },
      // p1 10, p2 30, p3 14 → 10 14 30: p90 14 + 0.8 × 16; p5's refused convention counts for nothing
      { stage: 'conformity_to_convention', posts: 3, medianDays: 14, p90Days: 26.8 },
    ]);
  });

  it('counts the recruitment deadlines overdue now, and the reminders by delivery state', async () => {
    const figures = await stats(staffOf.anct);
    expect(figures.recruitment).toEqual({ overdue: 2, byDepartment: [{ department: '69', overdue: 1 }, { department: '971', overdue: 1 }] });
    expect(figures.reminders).toEqual({ total: 8, sent: 4, failed: 1, noRecipient: 1, pending: 1, beforeEmailDelivery: 1 });
  });

  it('applies the period to what happened in it, in Paris days, and not to what is due today', async () => {
    const figures = await stats(staffOf.anct, '?from=2025-01-01&to=2025-12-31');
    expect(figures.period).toEqual({ from: '2025-01-01', to: '2025-12-31' });
    // p8's convention was signed in December 2024.
    expect(figures.money).toMatchObject({ committedCents: 16_000_000, paidCents: 1_800_001, dueWithin30DaysCents: 4_600_000, waitingCents: 2_600_000 });
    expect(figures.money.byMonth).toEqual([
      { month: '2025-01', paidCents: 0, dueCents: 1_000_000 },
      { month: '2025-03', paidCents: 1_000_001, dueCents: 0 },
      { month: '2025-05', paidCents: 800_000, dueCents: 0 },
    ]);
    expect(figures.delays).toEqual([
      { stage: 'application_to_committee', posts: 1, medianDays: 35, p90Days: 35 },
      { stage: 'committee_to_recruitment', posts: 2, medianDays: 45, p90Days: 57 },
      { stage: 'recruitment_to_training', posts: 1, medianDays: 14, p90Days: 14 },
      { stage: 'conformity_to_convention', posts: 3, medianDays: 14, p90Days: 26.8 },
    ]);
    // p2's failure is dated 1 January 2026 in Paris; p1's row of 31 December 23:30 UTC is 1 January 2025 there.
    expect(figures.reminders).toEqual({ total: 7, sent: 4, failed: 0, noRecipient: 1, pending: 1, beforeEmailDelivery: 1 });
    expect(figures.posts.total).toBe(8);
  });

  it('has no delay where no post reached the stage: null, not 0', async () => {
    const figures = await stats(staffOf.anct, '?from=2030-01-01');
    expect(figures.delays.every((d) => d.posts === 0 && d.medianDays === null && d.p90Days === null)).toBe(true);
    expect(figures.money).toMatchObject({ committedCents: 0, paidCents: 0, byMonth: [] });
    expect(figures.reminders.total).toBe(0);
  });

  it('filters by département and policy', async () => {
    const byPolicy = await stats(staffOf.anct, '?policy=2022-public');
    expect(byPolicy.posts.total).toBe(4); // p1, p3, p7, p8
    expect(byPolicy.money.committedCents).toBe(17_000_000);
    const rhone = await stats(staffOf.anct, '?department=69&policy=2022-private');
    expect(rhone.posts.byStatus).toEqual([{ status: 'vacant', posts: 1 }]);
    expect(rhone.money).toMatchObject({ committedCents: 4_000_000, paidCents: 800_000, waitingCents: 1_200_000, dueWithin90DaysCents: 2_000_000 });
    expect(rhone.reminders).toMatchObject({ total: 1, failed: 1 });
  });

  it('shows a prefecture its département only, whatever it asks for', async () => {
    const guadeloupe = await stats(staffOf.prefecture('971'));
    expect(guadeloupe.posts.total).toBe(2);
    expect(guadeloupe.posts.byDepartment.map((d) => d.department)).toEqual(['971']);
    expect(guadeloupe.money).toMatchObject({ committedCents: 7_000_000, paidCents: 0, dueWithin30DaysCents: 2_100_000, waitingCents: 1_400_000 });
    // p3 35 days, p4 20 days: median 27.5, p90 20 + 0.9 × 15
    expect(guadeloupe.delays[0]).toEqual({ stage: 'application_to_committee', posts: 2, medianDays: 27.5, p90Days: 33.5 });
    expect(guadeloupe.reminders).toEqual({ total: 3, sent: 1, failed: 0, noRecipient: 1, pending: 1, beforeEmailDelivery: 0 });
    expect(guadeloupe.recruitment).toEqual({ overdue: 1, byDepartment: [{ department: '971', overdue: 1 }] });
    const elsewhere = await stats(staffOf.prefecture('971'), '?department=69');
    expect(elsewhere.posts.total).toBe(0);
    expect(elsewhere.money.committedCents).toBe(0);
  });

  it('refuses a malformed or unknown parameter, naming it', async () => {
    const answer = await api.request('GET', '/api/v1/stats?from=2025-13-01', { as: staffOf.anct });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: 'query.invalid' });
    expect(JSON.stringify(answer.body.issues)).toContain('from');
    expect((await api.request('GET', '/api/v1/stats?region=84', { as: staffOf.anct })).status).toBe(400);
  });
});
