import type { Connection } from 'mongoose';
import pino from 'pino';
import { createPostActivities } from '../../../activities/post-activities';
import { createPostListQueries } from '../../../console/adapters/post-list-queries';
import { postView } from '../../../domain/lifecycle/post-view';
import type { Models } from '../../../models/create-models';
import { createPostChangeFeed, postChangeModel } from '../../../models/post-change-feed';
import { situations } from '../../support/post-situations';
import { useTestModels } from '../../support/test-models';

/**
 * The read model's change feed on the run's MongoDB wire-protocol server (FerretDB): writers that
 * append at the same time get every number once and leave no gap, and the console's in-memory
 * lists see what another writer (another worker) changed, at their next request.
 */
describe('the change feed of the read model', () => {
  const database = useTestModels('feed');
  let mongo: Connection;
  let models: Models;
  beforeAll(() => {
    mongo = database.mongo();
    models = database.models();
  });

  it('numbers the changes of writers appending at once 1, 2, 3… each once', async () => {
    const writers = [0, 1, 2].map(() => createPostChangeFeed(postChangeModel(mongo)));
    await Promise.all(writers.map((writer, w) => Promise.all(Array.from({ length: 20 }, (_, i) => writer.append(`post-${w}`, i + 1)))));
    const reader = createPostChangeFeed(postChangeModel(mongo));
    const rows = await reader.after(0, 1000);
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(new Set(rows.map((r) => `${r.postId}@${r.version}`)).size).toBe(60);
    expect(await reader.lastSequence()).toBe(60);
    expect(await reader.after(60, 10)).toEqual([]);
  });

  it('shows in the console’s lists, at the next request, a post another writer changed', async () => {
    const lists = createPostListQueries(models, { rebuildAfter: 5 });
    const anct = { id: 'anct-1', role: 'anct' } as const;
    const { committee, recruiting } = situations();
    expect(await lists.actionable(anct)).toEqual([]);

    const otherWorker = createPostActivities({ models, logger: pino({ level: 'silent' }) });
    const record = (postId: string, version: number, stored: typeof committee) =>
      otherWorker.recordPostChange({
        entry: { postId, version, requestId: `r-${postId}-${version}`, actor: anct, type: 'TEST', payload: null, rulesRevision: 2, receivedAt: new Date().toISOString(), statusBefore: null, status: 'committee' },
        notifications: [],
        view: postView(postId, version, { ...stored, context: { ...stored.context, postId } }),
        changed: { structure: true, advisor: true, convention: true },
      });
    await record('feed-post', 1, committee);
    expect((await lists.actionable(anct)).map((r) => [r._id, r.actionsByRole?.anct])).toEqual([['feed-post', ['COMMITTEE_DECISION']]]);
    await record('feed-post', 2, recruiting);
    expect((await lists.actionable(anct)).map((r) => [r._id, r.status])).toEqual([['feed-post', 'recruiting']]);

    // More changes than `rebuildAfter` since the last look: the whole read model is read again.
    for (let n = 0; n < 8; n++) await record(`feed-more-${n}`, 1, committee);
    const page = await lists.postsPage(anct, { status: 'committee' }, 1, 20);
    expect(page.total).toBe(8);
  });
});
