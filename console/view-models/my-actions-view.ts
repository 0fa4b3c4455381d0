import type { BusinessDate } from '../../domain/calendar/business-date';
import type { Actor } from '../../domain/lifecycle/actor';
import type { PostListRow } from '../adapters/post-list-queries';
import { eventLabel } from './console-labels';
import { type PostRowView, postRowView } from './posts-list-view';

export interface MyActionView extends PostRowView {
  actions: string[];
}

/**
 * « Mes actions »: every post of the person's territory where their role may act now, the nearest
 * deadline first (posts without a running deadline last, the oldest application first among them),
 * each with the days left and the names of the actions.
 */
export function myActionsView(rows: PostListRow[], actor: Actor, today: BusinessDate, postHref: (id: string) => string): { items: MyActionView[]; total: number } {
  const sortKey = (row: PostListRow) => row.nextDeadlineOn ?? '9999-12-31';
  const created = (row: PostListRow) => (row.createdAt instanceof Date ? row.createdAt.getTime() : 0);
  const items = rows
    .filter((row) => (row.actionsByRole?.[actor.role] ?? []).length > 0)
    .sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : created(a) - created(b) || (a._id < b._id ? -1 : 1)))
    .map((row) => ({ ...postRowView(row, today, postHref), actions: (row.actionsByRole?.[actor.role] ?? []).map(eventLabel) }));
  return { items, total: items.length };
}
