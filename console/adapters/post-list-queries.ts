import type { Actor } from '../../domain/lifecycle/actor';
import type { Models } from '../../models/create-models';
import { visibleToFilter } from '../../api/post-resource';
import type { PostListFilters } from '../view-models/posts-list-view';

/** What a list row needs of a post: the read model's document, without its timeline or tranches. */
export interface PostListRow {
  _id: string;
  status: string;
  policy: string;
  siret: string;
  department: string;
  structure: { name: string; siret: string; department: string };
  deadlines?: { kind?: string | null; dueOn?: string | null }[];
  nextDeadlineOn?: string | null;
  actionsByRole?: Record<string, string[]> | null;
  createdAt?: Date | null;
}

const LIST_FIELDS = { status: 1, policy: 1, siret: 1, department: 1, structure: 1, deadlines: 1, nextDeadlineOn: 1, actionsByRole: 1, createdAt: 1 };

const FOLDS: Record<string, string> = { a: 'aàâä', c: 'cç', e: 'eéèêë', i: 'iîï', o: 'oôö', u: 'uùûü', y: 'yÿ' };

/** A case- and accent-insensitive pattern for a search typed by a person: « sainte anne » finds « Sainte-Anne ». */
export function structureNamePattern(search: string): string {
  return search
    .trim()
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[\s'’-]+/)
    .filter(Boolean)
    .map((word) => [...word].map((c) => (FOLDS[c] ? `[${FOLDS[c]}]` : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join(''))
    .join("[\\s'’-]+");
}

/**
 * The console's two lists, read from the MongoDB read model with the same territory filter as the
 * API (`visibleToFilter`). The filters are the API's (status, département, policy, deadline before)
 * plus a search by structure name or SIRET.
 */
export function createPostListQueries(models: Models) {
  async function postsPage(actor: Actor, filters: PostListFilters, page: number, pageSize: number): Promise<{ rows: PostListRow[]; total: number }> {
    const wanted: Record<string, unknown> = {};
    if (filters.status) wanted.status = filters.status;
    if (filters.department) wanted.department = filters.department;
    if (filters.policy) wanted.policy = filters.policy;
    if (filters.deadlineBefore) wanted.nextDeadlineOn = { $lt: filters.deadlineBefore, $ne: null };
    const search = filters.search?.trim() ?? '';
    if (/^\d{14}$/.test(search.replace(/\s/g, ''))) wanted.siret = search.replace(/\s/g, '');
    else if (search) wanted['structure.name'] = { $regex: structureNamePattern(search), $options: 'i' };
    const conditions = [visibleToFilter(actor), wanted].filter((c) => Object.keys(c).length > 0);
    const filter = conditions.length > 1 ? { $and: conditions } : (conditions[0] ?? {});
    const [rows, total] = await Promise.all([
      models.Post.find(filter, LIST_FIELDS)
        .sort({ createdAt: -1, _id: 1 })
        .skip((page - 1) * pageSize)
        .limit(pageSize)
        .lean<PostListRow[]>(),
      models.Post.countDocuments(filter),
    ]);
    return { rows, total };
  }

  /** Every post of the actor's territory where its role may send an event now (`actionsByRole`). */
  async function actionable(actor: Actor): Promise<PostListRow[]> {
    const conditions = [visibleToFilter(actor), { [`actionsByRole.${actor.role}.0`]: { $exists: true } }].filter((c) => Object.keys(c).length > 0);
    return models.Post.find(conditions.length > 1 ? { $and: conditions } : conditions[0]!, LIST_FIELDS).lean<PostListRow[]>();
  }

  return { postsPage, actionable };
}

export type PostListQueries = ReturnType<typeof createPostListQueries>;
