import { z } from 'zod';
import type { BusinessDate } from '../../domain/calendar/business-date';
import { businessDateSchema } from '../../domain/calendar/business-date';
import { departmentCodeSchema } from '../../domain/identity/department';
import { postStatuses } from '../../domain/lifecycle/post-status';
import { policyIdSchema } from '../../domain/policies/policy';
import type { PostListRow } from '../adapters/post-list-queries';
import { type BadgeType, deadlineLabel, POLICY_LABELS, policyLabel, STATUS_LABELS, statusLabel } from './console-labels';
import { daysLeft, frenchDateOf } from './french-format';

export const POSTS_PAGE_SIZE = 20;

/**
 * The filters of « Postes », from the page's query string: the API's filters (status, département,
 * policy, deadline before) and a search by structure name or SIRET. A value that is not one of
 * the allowed ones is dropped, and the page says so, rather than refusing the whole page.
 */
export const postListFiltersSchema = z.object({
  statut: z.enum(postStatuses).optional().catch(undefined),
  departement: departmentCodeSchema.optional().catch(undefined),
  politique: policyIdSchema.optional().catch(undefined),
  echeanceAvant: businessDateSchema.optional().catch(undefined),
  recherche: z.string().trim().max(200).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined),
});

export interface PostListFilters {
  status?: string;
  department?: string;
  policy?: string;
  deadlineBefore?: string;
  search?: string;
}

export function parsePostListQuery(query: Record<string, unknown>): { filters: PostListFilters; page: number; dropped: string[] } {
  const single = Object.fromEntries(Object.entries(query).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const parsed = postListFiltersSchema.parse(single);
  const dropped = Object.keys(postListFiltersSchema.shape).filter((k) => single[k] !== undefined && single[k] !== '' && parsed[k as keyof typeof parsed] === undefined);
  return {
    filters: {
      status: parsed.statut,
      department: parsed.departement,
      policy: parsed.politique,
      deadlineBefore: parsed.echeanceAvant,
      search: parsed.recherche || undefined,
    },
    page: parsed.page ?? 1,
    dropped,
  };
}

function queryString(filters: PostListFilters, page?: number, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams(extra);
  if (filters.status) params.set('statut', filters.status);
  if (filters.department) params.set('departement', filters.department);
  if (filters.policy) params.set('politique', filters.policy);
  if (filters.deadlineBefore) params.set('echeanceAvant', filters.deadlineBefore);
  if (filters.search) params.set('recherche', filters.search);
  if (page && page > 1) params.set('page', String(page));
  const text = params.toString();
  return text ? `?${text}` : '';
}

export interface PostRowView {
  href: string;
  name: string;
  siret: string;
  department: string;
  status: { label: string; badge: BadgeType };
  policy: string;
  deadline: { label: string; date: string; daysLeft: string; overdue: boolean } | null;
}

export function postRowView(row: PostListRow, today: BusinessDate, postHref: (id: string) => string): PostRowView {
  const next = (row.deadlines ?? [])
    .filter((d): d is { kind: string; dueOn: string } => Boolean(d.kind && d.dueOn))
    .sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : 0))[0];
  const left = next ? daysLeft(today, next.dueOn) : null;
  return {
    href: postHref(row._id),
    name: row.structure.name,
    siret: row.siret,
    department: row.department,
    status: statusLabel(row.status),
    policy: policyLabel(row.policy),
    deadline: next && left ? { label: deadlineLabel(next.kind), date: frenchDateOf(next.dueOn), daysLeft: left.text, overdue: left.days < 0 } : null,
  };
}

export interface PaginationView {
  pages: { number: number; href: string; current: boolean }[];
  previous: string | null;
  next: string | null;
  first: string | null;
  last: string | null;
}

/** DSFR pagination: the first, the last, and the pages around the current one. */
export function paginationView(page: number, total: number, pageSize: number, hrefOf: (page: number) => string): PaginationView | null {
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  if (pageCount <= 1) return null;
  const numbers = [...new Set([1, page - 2, page - 1, page, page + 1, page + 2, pageCount])].filter((n) => n >= 1 && n <= pageCount).sort((a, b) => a - b);
  return {
    pages: numbers.map((number) => ({ number, href: hrefOf(number), current: number === page })),
    previous: page > 1 ? hrefOf(page - 1) : null,
    next: page < pageCount ? hrefOf(page + 1) : null,
    first: page > 1 ? hrefOf(1) : null,
    last: page < pageCount ? hrefOf(pageCount) : null,
  };
}

const DROPPED_NAMES: Record<string, string> = {
  statut: 'statut',
  departement: 'département',
  politique: 'politique',
  echeanceAvant: 'échéance avant',
  recherche: 'recherche',
  page: 'page',
};

export function postsListView(args: {
  rows: PostListRow[];
  total: number;
  page: number;
  filters: PostListFilters;
  dropped: string[];
  today: BusinessDate;
  listPath: string;
  postHref: (id: string) => string;
  /** « Exporter »: where each export of the list, with its filters, is downloaded. */
  exportPaths: { posts: string; tranches: string; notifications: string };
  /** A prefecture's département is fixed: no département filter to offer. */
  departmentFixed: string | null;
}) {
  const { rows, total, page, filters, today, listPath } = args;
  const first = total === 0 ? 0 : (page - 1) * POSTS_PAGE_SIZE + 1;
  const exportsOf = (label: string, path: string) => ({
    label,
    csv: `${path}${queryString(filters, undefined, { format: 'csv' })}`,
    xlsx: `${path}${queryString(filters, undefined, { format: 'xlsx' })}`,
  });
  return {
    exports: [exportsOf('Postes', args.exportPaths.posts), exportsOf('Tranches', args.exportPaths.tranches), exportsOf('Notifications', args.exportPaths.notifications)],
    filters: { ...filters, query: queryString(filters) },
    departmentFixed: args.departmentFixed,
    statusOptions: Object.entries(STATUS_LABELS).map(([value, { label }]) => ({ value, label, selected: value === filters.status })),
    policyOptions: Object.entries(POLICY_LABELS).map(([value, label]) => ({ value, label, selected: value === filters.policy })),
    dropped: args.dropped.map((name) => DROPPED_NAMES[name] ?? name),
    rows: rows.map((row) => postRowView(row, today, args.postHref)),
    total,
    range: total === 0 ? null : { first, last: first + rows.length - 1 },
    pagination: paginationView(page, total, POSTS_PAGE_SIZE, (n) => `${listPath}${queryString(filters, n)}`),
  };
}
