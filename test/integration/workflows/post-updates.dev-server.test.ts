import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { PostEventRefusedError } from '../../../api/post-client-errors';
import { actors, structures, today } from '../../support/post-fixtures';
import { type PostHarness, startPostHarness } from '../../support/post-harness';

/** Workflow Updates on the Temporal dev server: validated by the shared decision function. */
describe('post workflow updates on the dev server', () => {
  let connection: Connection;
  let nativeConnection: NativeConnection;
  let harness: PostHarness;

  beforeAll(async () => {
    const address = process.env.TEMPORAL_ADDRESS!;
    connection = await Connection.connect({ address });
    nativeConnection = await NativeConnection.connect({ address });
    harness = await startPostHarness({ client: new Client({ connection }), connection: nativeConnection });
  });

  afterAll(async () => {
    await harness?.stop();
    await nativeConnection?.close();
    await connection?.close();
  });

  const structure = structures.reunionCommune;
  const applicant = actors.structureOf(structure);

  it('accepts an application, refuses an event out of turn with no trace in the history, and answers a repeated request once', async () => {
    const created = await harness.posts.submitApplication({
      actor: applicant,
      requestId: 'req-apply-1',
      event: { type: 'SUBMIT_APPLICATION', structure, appliedOn: today() },
    });
    expect(created.status).toBe('concertation');
    expect(created.version).toBe(1);
    const postId = created.postId;

    const refused = harness.posts.sendEvent(postId, {
      requestId: 'req-committee-too-early',
      actor: actors.anct,
      event: { type: 'COMMITTEE_DECISION', decision: 'validated', decidedOn: today() },
    });
    await expect(refused).rejects.toBeInstanceOf(PostEventRefusedError);
    await expect(refused).rejects.toMatchObject({
      refusal: { kind: 'not_allowed', code: 'event.not_allowed_in_status', allowedEvents: [] },
    });

    const opinion = { type: 'GIVE_PREFECTURE_OPINION', opinion: 'favorable', reasons: 'Territoire prioritaire' };
    const accepted = await harness.posts.sendEvent(postId, {
      requestId: 'req-opinion-1',
      actor: actors.prefectureOf(structure),
      event: opinion,
    });
    expect(accepted).toMatchObject({ status: 'committee', statusBefore: 'concertation', version: 2 });
    // The answer carries what the actor may do next, as the query answers it: the API asks nothing more.
    expect(accepted.allowedEvents).toEqual(await harness.posts.allowedEvents(postId, actors.prefectureOf(structure)));

    const repeated = await harness.posts.sendEvent(postId, {
      requestId: 'req-opinion-1',
      actor: actors.prefectureOf(structure),
      event: opinion,
    });
    expect(repeated).toEqual(accepted);

    const history = await new Client({ connection }).workflow.getHandle(postId).fetchHistory();
    const historyText = JSON.stringify(history);
    expect(historyText).not.toContain('req-committee-too-early');
    const acceptedUpdates = history.events!.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes);
    expect(acceptedUpdates).toHaveLength(2);

    const view = await harness.posts.view(postId);
    expect(view.status).toBe('committee');
    const stored = await harness.models.Post.findById(postId).lean();
    expect(stored).toMatchObject({ _id: postId, version: 2, status: 'committee', department: '974' });
  });

  it('refuses a prefecture acting outside its département, naming both départements', async () => {
    const created = await harness.posts.submitApplication({
      actor: applicant,
      requestId: 'req-apply-2',
      event: { type: 'SUBMIT_APPLICATION', structure, appliedOn: today() },
    });
    const outsider = actors.prefectureOf(structures.guadeloupeCommune);
    await expect(
      harness.posts.sendEvent(created.postId, {
        requestId: 'req-outsider',
        actor: outsider,
        event: { type: 'REQUEST_INFORMATION', questions: 'Budget ?' },
      }),
    ).rejects.toMatchObject({
      refusal: { kind: 'forbidden', code: 'scope.department', message: expect.stringContaining('971') },
    });
  });
});
