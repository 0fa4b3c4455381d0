import type { Logger } from 'pino';
import type { NotificationRow } from '../domain/lifecycle/post-notifications';
import type { PostView } from '../domain/lifecycle/post-view';
import type { Models } from '../models/create-models';

/** One accepted change of a post, as the workflow hands it over. */
export interface PostChange {
  entry: {
    postId: string;
    version: number;
    requestId: string;
    actor: unknown;
    type: string;
    payload: unknown;
    receivedAt: string;
    statusBefore: string | null;
    status: string;
  };
  notifications: NotificationRow[];
  view: PostView;
}

export interface PostActivityDeps {
  models: Models;
  logger: Logger;
}

/**
 * The workflow's side effects, created with their dependencies. Every write is keyed by a
 * business id (`<post>:<version>`, `post:<id>:tranche:2`, a notification key), so a retried
 * activity writes nothing twice; none needs a transaction, which FerretDB 1.x lacks.
 */
export function createPostActivities({ models, logger }: PostActivityDeps) {
  async function writeNotifications(rows: NotificationRow[]): Promise<number> {
    let written = 0;
    for (const row of rows) {
      const result = await models.Notification.updateOne({ _id: row.key }, { $setOnInsert: row }, { upsert: true });
      written += result.upsertedCount;
    }
    return written;
  }

  /**
   * Rewrites the read model of a post. The post document is written last and carries the version:
   * a retry after a partial write redoes what is missing, and an older view never overwrites a
   * newer one. Structure, advisor, convention and tranche rows are written only when they changed.
   */
  async function projectPost(view: PostView): Promise<void> {
    const stored = await models.Post.findById(view.id, { version: 1, structure: 1, advisor: 1, convention: 1, tranches: 1 }).lean();
    if (stored && stored.version >= view.version) {
      logger.debug({ postId: view.id, version: view.version }, 'read model already at this version or newer');
      return;
    }
    const changed = (field: 'structure' | 'advisor' | 'convention' | 'tranches') =>
      !stored || JSON.stringify(stored[field] ?? null) !== JSON.stringify(view[field] ?? null);

    const { structure } = view;
    if (changed('structure')) {
      await models.Structure.updateOne(
        { _id: structure.siret },
        { $set: { name: structure.name, sector: structure.sector, kind: structure.kind, department: structure.department } },
        { upsert: true, runValidators: true },
      );
    }
    if (view.advisor && changed('advisor')) {
      const key = `post:${view.id}:advisor:${view.advisor.email.toLowerCase()}`;
      await models.Advisor.updateOne({ _id: key }, { $set: { key, postId: view.id, ...view.advisor } }, { upsert: true, runValidators: true });
    }
    if (view.convention && (changed('convention') || changed('tranches'))) {
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

    const document = {
      version: view.version,
      status: view.status,
      policy: view.policy,
      siret: view.structure.siret,
      department: view.structure.department,
      trainingOrgId: view.trainingOrgId,
      structure: view.structure,
      advisor: view.advisor,
      deadlines: view.deadlines,
      nextDeadlineOn: view.deadlines.map((d) => d.dueOn).sort()[0] ?? null,
      convention: view.convention,
      tranches: view.tranches,
      contract: view.contract,
      absence: view.absence,
      outcome: view.outcome,
    };
    // By _id alone, the only filter FerretDB's SQLite backend pushes down: `{ _id, version: { $lt } }`
    // scanned the whole collection on every write. The version was checked above; the workflow runs
    // one post's effects one after the other, so no older view can land in between.
    await models.Post.updateOne({ _id: view.id }, { $set: document }, { upsert: true, runValidators: true });
  }

  async function recordPostChange(change: PostChange): Promise<void> {
    const { entry } = change;
    const key = `${entry.postId}:${entry.version}`;
    await models.PostEvent.updateOne({ _id: key }, { $setOnInsert: { ...entry, key, outcome: 'accepted' } }, { upsert: true });
    await writeNotifications(change.notifications);
    await projectPost(change.view);
  }

  return { recordPostChange, writeNotifications };
}

export type PostActivities = ReturnType<typeof createPostActivities>;
