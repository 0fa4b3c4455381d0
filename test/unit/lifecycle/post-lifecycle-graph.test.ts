import { LATEST_POST_RULES_REVISION } from '../../../domain/lifecycle/post-rules-revision';
import { getShortestPaths, getStateNodes } from 'xstate/graph';
import type { PostEvent } from '../../../domain/lifecycle/post-events';
import { postLifecycleMachine } from '../../../domain/lifecycle/post-lifecycle.machine';
import { structures } from '../../support/post-fixtures';
import { sampleEvents } from '../../support/post-sample-events';

/** Path coverage (RULES.md §3): every state reachable from the application, every end too. */
describe('post lifecycle graph', () => {
  const { SUBMIT_APPLICATION: _application, ...laterEvents } = sampleEvents;
  const events = [
    ...Object.values(laterEvents),
    { ...sampleEvents.COMMITTEE_DECISION, decision: 'rejected' },
  ] as PostEvent[];

  // The 2021 private three months run until the contract: only that policy reaches an overdue contract.
  const inputs = [
    { postId: 'graph', policy: '2022-public', rulesRevision: LATEST_POST_RULES_REVISION, structure: structures.guadeloupeCommune, appliedOn: '2022-03-01' },
    { postId: 'graph', policy: '2021-private', rulesRevision: LATEST_POST_RULES_REVISION, structure: structures.association, appliedOn: '2021-06-01' },
  ] as const;
  const reached = inputs.flatMap((input) =>
    getShortestPaths(postLifecycleMachine, { input, events, serializeState: (snapshot) => JSON.stringify(snapshot.value) }).map((path) => path.state),
  );

  it.each(getStateNodes(postLifecycleMachine).map((node) => [node.id, node] as const))('reaches %s', (_id, node) => {
    const path = node.path;
    expect(reached.some((snapshot) => snapshot._nodes.some((active) => active.path.join('.') === path.join('.')))).toBe(true);
  });

  it.each(['rejected', 'withdrawn', 'closed', 'transferred'])('reaches the final state %s with the machine done', (state) => {
    const final = reached.find((snapshot) => snapshot.value === state);
    expect(final?.status).toBe('done');
  });
});
