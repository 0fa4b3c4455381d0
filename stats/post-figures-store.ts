import type { PostView } from '../domain/lifecycle/post-view';
import type { DeliveryState } from '../mail/delivery/delivery-state';
import type { Models } from '../models/create-models';
import { isDuplicateKeyError } from '../models/duplicate-key-error';
import { decodePostFigures, encodePostFigures } from '../models/post-figure.model';
import {
  noticeFigureOf,
  postFiguresOf,
  STAGE_EVENT_TYPES,
  type StageEvent,
  type StageMarks,
  withStageEvent,
} from './post-figures';

/** Documents written per round trip by the rebuild. */
const REBUILD_BATCH = 500;

interface StoredPostFigure {
  _id: string;
  figures: string;
}

/** An outbox row as the figures read it (`notifications`). */
interface NoticeRow {
  _id: string;
  postId: string;
  createdAt: string;
  delivery?: { state: DeliveryState } | null;
}

/**
 * The writers of `post_figures` and `notice_figures`: the post's activity after each accepted
 * change, the outbox after each delivery state, and a rebuild from the read model for data written
 * before they existed.
 */
export function createPostFiguresStore(models: Models) {
  const { PostFigure, NoticeFigure, Notification } = models;
  const stagesOf = (stored: StoredPostFigure | null): StageMarks => (stored ? decodePostFigures(stored.figures).stages : {});
  const territoryOf = (view: Pick<PostView, 'version' | 'policy' | 'structure' | 'trainingOrgId'>) => ({
    version: view.version,
    policy: view.policy,
    siret: view.structure.siret,
    department: view.structure.department,
    trainingOrgId: view.trainingOrgId,
  });

  /**
   * After an accepted change: the view's figures and the stages with `entry` added. One post's
   * changes are recorded one after the other, so reading the stages before writing them is safe,
   * and a retried change writes the same document again.
   */
  async function recordChange(entry: StageEvent, view: PostView): Promise<void> {
    const stored = await PostFigure.findById(view.id, { figures: 1 }).lean<StoredPostFigure>();
    const figures = postFiguresOf(view, withStageEvent(stagesOf(stored), entry));
    await PostFigure.updateOne({ _id: view.id }, { $set: { ...territoryOf(view), figures: encodePostFigures(figures) } }, { upsert: true });
  }

  /** Writes one outbox row's figure as `row` holds it. */
  async function recordNotice(row: NoticeRow): Promise<void> {
    await NoticeFigure.updateOne({ _id: row._id }, { $set: { postId: row.postId, ...noticeFigureOf(row) } }, { upsert: true });
  }

  /**
   * The figure of an outbox row just written: pending. Written only if absent, so that an attempt
   * that outlived its timeout never takes a row already delivered back to pending.
   */
  async function recordNewNotice(row: Omit<NoticeRow, 'delivery'>): Promise<void> {
    try {
      await NoticeFigure.create({ _id: row._id, postId: row.postId, ...noticeFigureOf({ ...row, delivery: { state: 'pending' } }) });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }

  /** The figure of the outbox row `key`, from the row itself: called after each change of its state. */
  async function syncNotice(key: string): Promise<void> {
    const row = await Notification.findById(key, { postId: 1, createdAt: 1, 'delivery.state': 1 }).lean<NoticeRow>();
    if (row) await recordNotice(row);
  }

  /**
   * Recomputes every post's figures from the posts, their accepted timeline entries and the outbox,
   * replacing what `post_figures` and `notice_figures` held: for a database written before they
   * existed (`npm run stats:rebuild`), with the worker stopped so that nothing is recorded meanwhile.
   */
  async function rebuild(): Promise<{ posts: number; events: number; notices: number }> {
    const stages = new Map<string, StageMarks>();
    const events = await models.PostEvent.find(
      { outcome: 'accepted', type: { $in: [...STAGE_EVENT_TYPES] } },
      { postId: 1, version: 1, type: 1, payload: 1, receivedAt: 1 },
    ).lean<(StageEvent & { postId: string })[]>();
    for (const event of events) stages.set(event.postId, withStageEvent(stages.get(event.postId) ?? {}, event));

    const rows = await Notification.find({}, { postId: 1, createdAt: 1, 'delivery.state': 1 }).lean<NoticeRow[]>();
    await NoticeFigure.deleteMany({});
    for (let start = 0; start < rows.length; start += REBUILD_BATCH) {
      await NoticeFigure.insertMany(rows.slice(start, start + REBUILD_BATCH).map((row) => ({ _id: row._id, postId: row.postId, ...noticeFigureOf(row) })));
    }

    let posts = 0;
    await PostFigure.deleteMany({});
    const cursor = models.Post.find({}, { version: 1, status: 1, policy: 1, structure: 1, trainingOrgId: 1, convention: 1, tranches: 1 })
      .lean<(Pick<PostView, 'version' | 'status' | 'policy' | 'structure' | 'trainingOrgId' | 'convention' | 'tranches'> & { _id: string })[]>()
      .cursor({ batchSize: REBUILD_BATCH });
    let batch: object[] = [];
    for await (const post of cursor) {
      batch.push({ _id: post._id, ...territoryOf(post), figures: encodePostFigures(postFiguresOf(post, stages.get(post._id) ?? {})) });
      if (batch.length === REBUILD_BATCH) {
        await PostFigure.insertMany(batch);
        posts += batch.length;
        batch = [];
      }
    }
    if (batch.length > 0) await PostFigure.insertMany(batch);
    posts += batch.length;
    return { posts, events: events.length, notices: rows.length };
  }

  return { recordChange, recordNewNotice, recordNotice, syncNotice, rebuild };
}

export type PostFiguresStore = ReturnType<typeof createPostFiguresStore>;
