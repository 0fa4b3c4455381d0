import { temporal } from '@temporalio/proto';
import { postRunHistories } from '../../../audit/post-workflow-history';
import { today } from '../../support/post-fixtures';
import { applicationOf, commune, staffOf, stepsToRenewal } from '../api/api-fixtures';
import { type ApiHarness, send, startApiHarness } from '../api/api-harness';

/**
 * A worker that keeps no workflow in its cache replays the post's history at every workflow task,
 * as a worker does after an eviction, a restart or a sticky queue's timeout under load. Any task
 * whose replay gives other commands than the ones recorded fails with a nondeterminism error, and
 * the post stops answering. The recorded histories (post-replay.test.ts) replay whole lifecycles;
 * this replays each lifecycle up to every one of its tasks, the renewal's continue-as-new and the
 * hand-over of its mails included.
 */
describe('a post whose history is replayed at every workflow task', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApiHarness({ maxCachedWorkflows: 0 });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('goes through its renewal, a refusal and the next run’s events with no task failed, and its audit agrees', async () => {
    const structure = commune('971', 'Commune rejouée');
    const agent = staffOf.structure(structure);
    const created = await api.request('POST', '/api/v1/posts', { as: agent, body: applicationOf(structure) });
    expect(created.status).toBe(201);
    const postId = created.body.id as string;
    for (const [actor, event] of stepsToRenewal(structure)) await send(api, postId, actor, event);
    await send(api, postId, agent, { type: 'COMPLETE_TRAINING', completedOn: today(), ccp1: 'passed' }, 403);
    await send(api, postId, agent, { type: 'CHANGE_CONTACT', contact: { name: 'Référente rejouée', email: 'referente.rejouee@example.fr' } });
    const completed = await send(api, postId, staffOf.trainingOrg('OF-AUDIT'), { type: 'COMPLETE_TRAINING', completedOn: today(), ccp1: 'passed' });
    expect(completed.status).toBe('active');

    const runs = [];
    for await (const run of postRunHistories({ client: api.client, namespace: api.client.options.namespace }, postId)) runs.push(run);
    expect(runs).toHaveLength(2);
    for (const { runId, history } of runs) {
      const failed = (history.events ?? []).filter((e) => e.eventType === temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED);
      expect({ runId, failedTasks: failed.length }).toEqual({ runId, failedTasks: 0 });
    }

    const audit = await api.request('GET', `/api/v1/posts/${postId}/audit`, { as: staffOf.auditor });
    expect(audit.status).toBe(200);
    expect({ ok: audit.body.ok, deterministic: audit.body.deterministic, differences: audit.body.differences }).toEqual({ ok: true, deterministic: true, differences: [] });
    expect(audit.body.statuses.at(-1)).toMatchObject({ type: 'COMPLETE_TRAINING', runId: runs[1]!.runId });
  });
});
