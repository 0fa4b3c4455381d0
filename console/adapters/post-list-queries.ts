import type { Actor } from '../../domain/lifecycle/actor';
import type { Models } from '../../models/create-models';
import { createPostChangeFeed, postChangeModel } from '../../models/post-change-feed';
import { postsFilter, visibleToFilter } from '../../api/post-resource';
import type { PostListFilters } from '../view-models/posts-list-view';

/** What a list row needs of a post: the read model's document, without its timeline or tranches. */
export interface PostListRow {
  _id: string;
  version?: number;
  status: string;
  policy: string;
  siret: string;
  department: string;
  trainingOrgId?: string | null;
  structure: { name: string; siret: string; department: string };
  deadlines?: { kind?: string | null; dueOn?: string | null }[];
  nextDeadlineOn?: string | null;
  actionsByRole?: Record<string, string[]> | null;
  createdAt?: Date | null;
}

const LIST_FIELDS = { version: 1, status: 1, policy: 1, siret: 1, department: 1, trainingOrgId: 1, structure: 1, deadlines: 1, nextDeadlineOn: 1, actionsByRole: 1, createdAt: 1 };

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

/** A search typed in « Postes »: a SIRET when it is 14 digits (spaces aside), a structure's name otherwise. */
function searchOf(filters: PostListFilters): { siret: string | null; name: RegExp | null } {
  const search = filters.search?.trim() ?? '';
  const siret = /^\d{14}$/.test(search.replace(/\s/g, '')) ? search.replace(/\s/g, '') : null;
  return { siret, name: search && !siret ? new RegExp(structureNamePattern(search), 'i') : null };
}

/**
 * « Postes »'s filters and search as a MongoDB filter, for the exports its « Exporter » links
 * download: the API's list filter (`postsFilter`) and the structure's name the search matches.
 */
export function postListFilter(actor: Actor, filters: PostListFilters): Record<string, unknown> {
  const { siret, name } = searchOf(filters);
  const listed = postsFilter(actor, { ...filters, siret: siret ?? undefined } as Parameters<typeof postsFilter>[1]);
  return name ? { $and: [listed, { 'structure.name': { $regex: name.source, $options: 'i' } }] } : listed;
}

/** The read model's own filter, applied to a row in memory: the same fields as `visibleToFilter`'s MongoDB query. */
function visibleTo(actor: Actor): (row: PostListRow) => boolean {
  const filter = visibleToFilter(actor) as Record<string, string>;
  return (row) => Object.entries(filter).every(([field, value]) => (row as unknown as Record<string, unknown>)[field] === value);
}

/** More changes than this since the last look: reading the whole read model again is quicker. */
const REBUILD_AFTER = 500;

/**
 * The console's two lists, « Postes » and « Mes actions », from the read model's posts kept in
 * memory and brought up to date at each request from the change feed (models/post-change-feed.ts).
 * Measured on FerretDB 1.x with 4 000 posts, a query of the posts collection costs seconds
 * whatever its filter (only `_id` is indexed), while an `_id` lookup costs a millisecond: so the
 * whole collection is read once, and after that only the posts the feed names, by `_id`. A
 * request sees every change whose activity finished before it began, written by any worker and
 * read by any API process. The territory filter is the API's (`visibleToFilter`).
 */
export function createPostListQueries(models: Models, options: { rebuildAfter?: number } = {}) {
  const feed = createPostChangeFeed(postChangeModel(models.Post.db));
  const rebuildAfter = options.rebuildAfter ?? REBUILD_AFTER;
  const rows = new Map<string, PostListRow>();
  let seen = -1;
  let refreshing: Promise<void> | null = null;

  const keep = (row: PostListRow) => {
    const current = rows.get(row._id);
    if (!current || (current.version ?? 0) <= (row.version ?? 0)) rows.set(row._id, row);
  };

  async function rebuild(): Promise<void> {
    // The feed's end first: a change written during the scan is then read again, which is harmless.
    const end = await feed.lastSequence(Math.max(seen, 0));
    const all = await models.Post.find({}, LIST_FIELDS).lean<PostListRow[]>();
    rows.clear();
    for (const row of all) keep(row);
    seen = end;
  }

  async function catchUp(): Promise<void> {
    if (seen < 0) return rebuild();
    const changes = await feed.after(seen, rebuildAfter + 1);
    if (changes.length > rebuildAfter) return rebuild();
    if (changes.length === 0) return;
    const ids = [...new Set(changes.map((c) => c.postId))];
    const docs = await Promise.all(ids.map((id) => models.Post.findById(id, LIST_FIELDS).lean<PostListRow>()));
    for (const doc of docs) if (doc) keep(doc);
    seen = changes[changes.length - 1]!.seq;
  }

  /** One catch-up at a time; requests that arrive during one wait for the next, which starts after theirs began. */
  let queued: Promise<void> | null = null;
  function upToDate(): Promise<void> {
    if (!refreshing) {
      refreshing = catchUp().finally(() => (refreshing = null));
      return refreshing;
    }
    queued ??= refreshing.catch(() => undefined).then(() => {
      queued = null;
      return upToDate();
    });
    return queued;
  }

  async function postsPage(actor: Actor, filters: PostListFilters, page: number, pageSize: number): Promise<{ rows: PostListRow[]; total: number }> {
    await upToDate();
    const { siret, name } = searchOf(filters);
    const visible = visibleTo(actor);
    const matching = [...rows.values()].filter(
      (row) =>
        visible(row) &&
        (!filters.status || row.status === filters.status) &&
        (!filters.department || row.department === filters.department) &&
        (!filters.policy || row.policy === filters.policy) &&
        (!filters.deadlineBefore || (row.nextDeadlineOn != null && row.nextDeadlineOn < filters.deadlineBefore)) &&
        (!siret || row.siret === siret) &&
        (!name || name.test(row.structure.name)),
    );
    const created = (row: PostListRow) => (row.createdAt instanceof Date ? row.createdAt.getTime() : 0);
    matching.sort((a, b) => created(b) - created(a) || (a._id < b._id ? -1 : 1));
    return { rows: matching.slice((page - 1) * pageSize, page * pageSize), total: matching.length };
  }

  /** Every post of the actor's territory where its role may send an event now (`actionsByRole`). */
  async function actionable(actor: Actor): Promise<PostListRow[]> {
    await upToDate();
    const visible = visibleTo(actor);
    return [...rows.values()].filter((row) => visible(row) && (row.actionsByRole?.[actor.role]?.length ?? 0) > 0);
  }

  return { postsPage, actionable };
}

export type PostListQueries = ReturnType<typeof createPostListQueries>;
