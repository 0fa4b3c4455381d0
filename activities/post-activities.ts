import type { Logger } from 'pino';
import type { NotificationRow } from '../domain/lifecycle/post-notifications';
import type { PostView } from '../domain/lifecycle/post-view';
import type { Models } from '../models/create-models';
import { isDuplicateKeyError } from '../models/duplicate-key-error';
import { createPostChangeFeed, postChangeModel } from '../models/post-change-feed';
import { postDocumentOf } from '../models/post.model';
import { createPostFiguresStore } from '../stats/post-figures-store';

/** One accepted change of a post, as the workflow hands it over. */
export interface PostChange {
  entry: {
    postId: string;
    version: number;
    requestId: string;
    actor: unknown;
    type: string;
    payload: unknown;
    rulesRevision: number;
    receivedAt: string;
    statusBefore: string | null;
    status: string;
    /** The timeline's hash chain (domain/audit/timeline-chain.ts); absent on entries built before it. */
    previousHash?: string;
    hash?: string;
  };
  notifications: NotificationRow[];
  view: PostView;
  /** Which parts of the view differ from the previous one: only those rows are rewritten. */
  changed: { structure: boolean; advisor: boolean; convention: boolean };
}

export interface PostActivityDeps {
  models: Models;
  logger: Logger;
}

/**
 * The workflow's side effects, created with their dependencies. Every row is keyed by a business
 * id (`<post>:<version>`, `post:<id>:period:1:tranche:2`, a notification key), so a retried
 * activity writes nothing twice; none needs a transaction, which FerretDB 1.x lacks.
 *
 * FerretDB 1.x's SQLite backend finds a document through an index only by its `_id` (and only with
 * the fix `npm run tools` applies, see scripts/install-tools.ts); any other filter scans. Rows
 * written once (timeline, notifications) are therefore inserted, a duplicate meaning "already
 * written"; rows that change are updated by `_id`, and only when the workflow says they changed.
 */
export function createPostActivities({ models, logger }: PostActivityDeps) {
  const changes = createPostChangeFeed(postChangeModel(models.Post.db));
  const figures = createPostFiguresStore(models);
  async function insertOnce(insert: () => Promise<unknown>): Promise<boolean> {
    try {
      await insert();
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  async function writeNotifications(rows: NotificationRow[]): Promise<number> {
    let written = 0;
    for (const row of rows) {
      if (await insertOnce(() => models.Notification.create({ _id: row.key, ...row }))) {
        written += 1;
        await figures.recordNewNotice({ _id: row.key, postId: row.postId, createdAt: row.createdAt });
      } else {
        // A retry: the stored row says its state, which may no longer be pending.
        await figures.syncNotice(row.key);
      }
    }
    return written;
  }

  /** Rewrites the read model of a post; the workflow runs one post's changes one after the other. */
  async function projectPost(view: PostView, changed: PostChange['changed']): Promise<void> {
    const { structure } = view;
    if (changed.structure) {
      await models.Structure.updateOne(
        { _id: structure.siret },
        { $set: { name: structure.name, sector: structure.sector, kind: structure.kind, department: structure.department } },
        { upsert: true, runValidators: true },
      );
    }
    if (view.advisor && changed.advisor) {
      const key = `post:${view.id}:advisor:${view.advisor.email.toLowerCase()}`;
      await models.Advisor.updateOne({ _id: key }, { $set: { key, postId: view.id, ...view.advisor } }, { upsert: true, runValidators: true });
    }
    if (view.convention && changed.convention) {
      const { period } = view.convention;
      const conventionKey = `post:${view.id}:period:${period}`;
      await models.Convention.updateOne(
        { _id: conventionKey },
        { $set: { key: conventionKey, postId: view.id, ...view.convention } },
        { upsert: true, runValidators: true },
      );
      for (const tranche of view.tranches) {
        const key = `post:${view.id}:period:${period}:tranche:${tranche.number}`;
        await models.Tranche.updateOne({ _id: key }, { $set: { key, postId: view.id, period, ...tranche } }, { upsert: true, runValidators: true });
      }
    }
    await models.Post.updateOne({ _id: view.id }, { $set: postDocumentOf(view) }, { upsert: true, runValidators: true });
    // Readers that keep the posts' list in memory (the console) learn here which post to read again.
    await changes.append(view.id, view.version);
  }

  async function recordPostChange(change: PostChange): Promise<void> {
    const { entry } = change;
    const key = `${entry.postId}:${entry.version}`;
    const first = await insertOnce(() => models.PostEvent.create({ _id: key, key, ...entry, outcome: 'accepted' }));
    if (!first) logger.debug({ postId: entry.postId, version: entry.version }, 'change already recorded: a retry');
    // Two documents of their own: written side by side, each keyed by a business id.
    await Promise.all([writeNotifications(change.notifications), figures.recordChange(entry, change.view)]);
    // The post document comes last: once it shows this version, everything above is written.
    await projectPost(change.view, change.changed);
  }

  return { recordPostChange, writeNotifications };
}

export type PostActivities = ReturnType<typeof createPostActivities>;
