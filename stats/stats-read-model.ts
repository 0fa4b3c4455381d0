import type { Models } from '../models/create-models';
import { decodePostFigures } from '../models/post-figure.model';
import type { NoticeFigure } from './post-figures';
import type { StatsPostRow } from './programme-figures';

/**
 * The rows the statistics are computed from: one read of `post_figures` and one of
 * `notice_figures` (stats/post-figures.ts), small documents that the activities and the outbox
 * keep up to date, rather than the posts, their timelines and their outbox rows, which FerretDB
 * 1.24 would read and decode whole (issue 15's bench: 71.7 s at 4 000 posts that way).
 * `postFilter` is the caller's territory and the filters (`visibleToFilter` and the query), on the
 * fields `post_figures` keeps for them; the notices of other posts are dropped here, as FerretDB
 * would scan them all for a filter by post anyway.
 */
export async function readStatsRows(models: Models, postFilter: Record<string, unknown>): Promise<StatsPostRow[]> {
  const [posts, notices] = await Promise.all([
    models.PostFigure.find(postFilter, { figures: 1 }).lean<{ _id: string; figures: string }[]>(),
    models.NoticeFigure.find({}, { _id: 0, postId: 1, createdOn: 1, state: 1 }).lean<(NoticeFigure & { postId: string })[]>(),
  ]);
  const noticesOf = new Map<string, NoticeFigure[]>(posts.map((p) => [p._id, []]));
  for (const { postId, createdOn, state } of notices) noticesOf.get(postId)?.push({ createdOn, state });
  return posts.map(({ _id, figures }) => ({ id: _id, ...decodePostFigures(figures), notices: noticesOf.get(_id)! }));
}
