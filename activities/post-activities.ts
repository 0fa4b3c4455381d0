import type { Logger } from 'pino';
import type { NotificationRow } from '../domain/lifecycle/post-notifications';
import type { PostView } from '../domain/lifecycle/post-view';
import type { Models } from '../models/create-models';
import { isDuplicateKeyError } from '../models/duplicate-key-error';

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
      const result = await models.Notification.updateOne({ key: row.key }, { $setOnInsert: row }, { upsert: true });
      written += result.upsertedCount;
    }
    return written;
  }

  async function projectPost(view: PostView): Promise<void> {
    const nextDeadlineOn = view.deadlines.map((d) => d.dueOn).sort()[0] ?? null;
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
      nextDeadlineOn,
      convention: view.convention,
      tranches: view.tranches,
      contract: view.contract,
      absence: view.absence,
      outcome: view.outcome,
    };
    try {
      // Matches only an older version; an upsert on a newer one collides on _id and is dropped.
      await models.Post.updateOne(
        { _id: view.id, version: { $lt: view.version } },
        { $set: document },
        { upsert: true, runValidators: true },
      );
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      logger.debug({ postId: view.id, version: view.version }, 'read model already at this version or newer');
    }

    const { structure } = view;
    await models.Structure.updateOne(
      { siret: structure.siret },
      { $set: { name: structure.name, sector: structure.sector, kind: structure.kind, department: structure.department } },
      { upsert: true, runValidators: true },
    );
    if (view.advisor) {
      await models.Advisor.updateOne(
        { key: `post:${view.id}:advisor:${view.advisor.email.toLowerCase()}` },
        { $set: { postId: view.id, ...view.advisor } },
        { upsert: true, runValidators: true },
      );
    }
    if (view.convention) {
      const { period } = view.convention;
      await models.Convention.updateOne(
        { key: `post:${view.id}:period:${period}` },
        { $set: { postId: view.id, ...view.convention } },
        { upsert: true, runValidators: true },
      );
      for (const tranche of view.tranches) {
        await models.Tranche.updateOne(
          { key: `post:${view.id}:period:${period}:tranche:${tranche.number}` },
          { $set: { postId: view.id, period, ...tranche } },
          { upsert: true, runValidators: true },
        );
      }
    }
  }

  async function recordPostChange(change: PostChange): Promise<void> {
    const { entry } = change;
    await models.PostEvent.updateOne(
      { key: `${entry.postId}:${entry.version}` },
      { $setOnInsert: { ...entry, outcome: 'accepted' } },
      { upsert: true },
    );
    await writeNotifications(change.notifications);
    await projectPost(change.view);
  }

  return { recordPostChange, writeNotifications };
}

export type PostActivities = ReturnType<typeof createPostActivities>;
