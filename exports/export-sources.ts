import type { Models } from '../models/create-models';
import { decodePostFigures } from '../models/post-figure.model';
import type { StageMarks } from '../stats/post-figures';
import type { ExportedNotification, ExportedPost, ExportedTranche, NotificationRowSource, PostRowSource, TrancheRowSource } from './export-tables';

/**
 * What the exports read from the read model, as streams: the posts through one MongoDB cursor,
 * and their tranches or notices one query per batch of posts (never one per post, never all at
 * once), so that memory holds a batch, not the programme. Projections keep FerretDB from sending
 * what no column shows (the posts' `actionsByRole`, the notices' bodies).
 *
 * FerretDB 1.24 answers `postId: { $in: … }` by scanning the whole collection, so each batch costs
 * a scan: at 4 000 posts, batches of 500 took the notices' export to 6.1 s (`npm run bench:exports`),
 * batches of 1 000 to 4.1 s, for the same memory (a batch's rows weigh little beside the writers').
 */
export const EXPORT_BATCH = 1000;

const POST_FIELDS = {
  status: 1,
  policy: 1,
  siret: 1,
  department: 1,
  structure: 1,
  advisor: 1,
  deadlines: 1,
  nextDeadlineOn: 1,
  convention: 1,
  contract: 1,
  outcome: 1,
  createdAt: 1,
};
const TRANCHE_FIELDS = { _id: 0, postId: 1, period: 1, number: 1, percent: 1, amountCents: 1, dueOn: 1, payableFrom: 1, status: 1, paidOn: 1 };
const NOTIFICATION_FIELDS = { _id: 0, postId: 1, topic: 1, recipientRole: 1, recipientScope: 1, subject: 1, dueOn: 1, createdAt: 1, delivery: 1 };

/** The posts the filter selects, in the list's order (newest first), a batch at a time. */
async function* postBatches(models: Models, filter: Record<string, unknown>): AsyncGenerator<ExportedPost[]> {
  const cursor = models.Post.find(filter, POST_FIELDS).sort({ createdAt: -1, _id: 1 }).lean<ExportedPost[]>().cursor({ batchSize: EXPORT_BATCH });
  let batch: ExportedPost[] = [];
  try {
    for await (const post of cursor) {
      batch.push(post as ExportedPost);
      if (batch.length >= EXPORT_BATCH) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  } finally {
    await cursor.close();
  }
}

function groupByPost<T extends { postId: string }>(rows: T[], order: (a: T, b: T) => number): Map<string, T[]> {
  const byPost = new Map<string, T[]>();
  for (const row of rows) {
    const list = byPost.get(row.postId);
    if (list) list.push(row);
    else byPost.set(row.postId, [row]);
  }
  for (const list of byPost.values()) list.sort(order);
  return byPost;
}

async function tranchesOf(models: Models, posts: ExportedPost[]): Promise<Map<string, ExportedTranche[]>> {
  const rows = await models.Tranche.find({ postId: { $in: posts.map((p) => p._id) } }, TRANCHE_FIELDS).lean<ExportedTranche[]>();
  return groupByPost(rows, (a, b) => a.period - b.period || a.number - b.number);
}

/** The stages each post reached, from the statistics' copy of it (stats/post-figures.ts). */
async function stagesOf(models: Models, posts: ExportedPost[]): Promise<Map<string, StageMarks>> {
  const rows = await models.PostFigure.find({ _id: { $in: posts.map((p) => p._id) } }, { figures: 1 }).lean<{ _id: string; figures: string }[]>();
  return new Map(rows.map(({ _id, figures }) => [_id, decodePostFigures(figures).stages]));
}

async function notificationsOf(models: Models, posts: ExportedPost[]): Promise<Map<string, ExportedNotification[]>> {
  const rows = await models.Notification.find({ postId: { $in: posts.map((p) => p._id) } }, NOTIFICATION_FIELDS).lean<ExportedNotification[]>();
  return groupByPost(rows, (a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.topic < b.topic ? -1 : 1));
}

/** One source per post, with every tranche of every convention period and the stages it reached. */
export async function* postExportSources(models: Models, filter: Record<string, unknown>): AsyncGenerator<PostRowSource> {
  for await (const posts of postBatches(models, filter)) {
    const [tranches, stages] = await Promise.all([tranchesOf(models, posts), stagesOf(models, posts)]);
    for (const post of posts) yield { post, tranches: tranches.get(post._id) ?? [], stages: stages.get(post._id) ?? {} };
  }
}

/** One source per tranche of the posts the filter selects, post by post, by period and number. */
export async function* trancheExportSources(models: Models, filter: Record<string, unknown>): AsyncGenerator<TrancheRowSource> {
  for await (const posts of postBatches(models, filter)) {
    const tranches = await tranchesOf(models, posts);
    for (const post of posts) for (const tranche of tranches.get(post._id) ?? []) yield { post, tranche };
  }
}

/** One source per notice of the posts the filter selects, post by post, oldest notice first. */
export async function* notificationExportSources(models: Models, filter: Record<string, unknown>): AsyncGenerator<NotificationRowSource> {
  for await (const posts of postBatches(models, filter)) {
    const notifications = await notificationsOf(models, posts);
    for (const post of posts) for (const notification of notifications.get(post._id) ?? []) yield { post, notification };
  }
}
