import { z } from 'zod';
import type { StatsQuery, StatsResource } from '../../api/stats-api-schemas';
import { businessDateSchema } from '../../domain/calendar/business-date';
import { departmentCodeSchema } from '../../domain/identity/department';
import { policyIdSchema } from '../../domain/policies/policy';
import { frenchEuros } from '../../domain/text/french-format';
import type { DelayStage } from '../../stats/programme-figures';
import { POLICY_LABELS, statusLabel } from './console-labels';
import { frenchDateOf } from './french-format';

/** The filters of « Pilotage », in the console's French names; a value not allowed is dropped and the page says so. */
const pilotageFiltersSchema = z.object({
  departement: departmentCodeSchema.optional().catch(undefined),
  politique: policyIdSchema.optional().catch(undefined),
  du: businessDateSchema.optional().catch(undefined),
  au: businessDateSchema.optional().catch(undefined),
});

export function parsePilotageQuery(query: Record<string, unknown>): { query: StatsQuery; dropped: string[] } {
  const single = Object.fromEntries(Object.entries(query).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const parsed = pilotageFiltersSchema.parse(single);
  const dropped = Object.keys(pilotageFiltersSchema.shape).filter((k) => single[k] !== undefined && single[k] !== '' && parsed[k as keyof typeof parsed] === undefined);
  return { query: { department: parsed.departement, policy: parsed.politique, from: parsed.du, to: parsed.au }, dropped };
}

const DELAY_LABELS: Record<DelayStage, string> = {
  application_to_committee: 'De la candidature au comité',
  committee_to_recruitment: 'Du comité au recrutement (contrat signé)',
  recruitment_to_training: 'Du recrutement au départ en formation',
  conformity_to_convention: 'De la conformité à la convention',
};

const monthName = new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const frenchMonth = (month: string) => monthName.format(new Date(`${month}-01T00:00:00Z`));
const frenchDays = (days: number | null) => (days === null ? '—' : `${String(days).replace('.', ',')} j`);

/**
 * The charts' data as the attributes of DSFR Chart's web components take it: JSON lists of
 * series. Euros, not cents, on the axes; the tables give the amounts to the cent.
 */
const series = (value: unknown[]) => JSON.stringify(value);

/**
 * « Pilotage »: the figures of `GET /api/v1/stats`, as three charts and, for each figure, a table
 * (the charts are pictures; the tables are what a screen reader reads, and what is exact).
 */
export function pilotageView(figures: StatsResource, input: { query: StatsQuery; dropped: string[]; departmentFixed: string | null }) {
  const { posts, money, delays, recruitment, reminders } = figures;
  const statuses = posts.byStatus.map((s) => ({ label: statusLabel(s.status).label, posts: s.posts }));
  const moneyRow = (m: (typeof money.byDepartment)[number] | typeof money) => ({
    committed: frenchEuros(m.committedCents),
    paid: frenchEuros(m.paidCents),
    due30: frenchEuros(m.dueWithin30DaysCents),
    due90: frenchEuros(m.dueWithin90DaysCents),
    waiting: frenchEuros(m.waitingCents),
  });
  const months = money.byMonth.map((m) => ({ label: frenchMonth(m.month), paid: frenchEuros(m.paidCents), due: frenchEuros(m.dueCents) }));
  return {
    filters: {
      department: input.query.department ?? '',
      policy: input.query.policy ?? '',
      from: input.query.from ?? '',
      to: input.query.to ?? '',
      policyOptions: Object.entries(POLICY_LABELS).map(([value, label]) => ({ value, label, selected: value === input.query.policy })),
      departmentFixed: input.departmentFixed,
      dropped: input.dropped,
    },
    today: frenchDateOf(figures.today),
    period:
      figures.period.from || figures.period.to
        ? `du ${figures.period.from ? frenchDateOf(figures.period.from) : 'début'} au ${figures.period.to ? frenchDateOf(figures.period.to) : 'jour'}`
        : 'depuis le début du programme',
    total: posts.total,
    statuses,
    statusChart: posts.total > 0 ? { x: series([statuses.map((s) => s.label)]), y: series([statuses.map((s) => s.posts)]) } : null,
    departments: posts.byDepartment.map((d) => ({
      department: d.department,
      region: d.region?.name ?? '—',
      total: d.total,
      statuses: d.byStatus.map((s) => `${statusLabel(s.status).label} : ${s.posts}`).join(' ; '),
    })),
    departmentChart:
      posts.byDepartment.length > 0 ? { x: series([posts.byDepartment.map((d) => d.department)]), y: series([posts.byDepartment.map((d) => d.total)]) } : null,
    regions: posts.byRegion.map((r) => ({ region: r.region?.name ?? '—', total: r.total })),
    money: { total: moneyRow(money), byDepartment: money.byDepartment.map((d) => ({ department: d.department, region: d.region?.name ?? '—', ...moneyRow(d) })) },
    months,
    moneyChart:
      money.byMonth.length > 0
        ? {
            x: series([months.map((m) => m.label), months.map((m) => m.label)]),
            y: series([money.byMonth.map((m) => m.paidCents / 100), money.byMonth.map((m) => m.dueCents / 100)]),
            name: series(['Payé', 'À payer']),
          }
        : null,
    delays: delays.map((d) => ({ label: DELAY_LABELS[d.stage], posts: d.posts, median: frenchDays(d.medianDays), p90: frenchDays(d.p90Days) })),
    overdue: { total: recruitment.overdue, byDepartment: recruitment.byDepartment },
    reminders,
  };
}
