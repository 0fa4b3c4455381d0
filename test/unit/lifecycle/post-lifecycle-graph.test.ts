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

  const paths = getShortestPaths(postLifecycleMachine, {
    input: { postId: 'graph', policy: '2022-public', rulesRevision: LATEST_POST_RULES_REVISION, structure: structures.guadeloupeCommune, appliedOn: '2022-03-01' },
    events,
    serializeState: (snapshot) => JSON.stringify(snapshot.value),
  });
  const reached = paths.map((path) => path.state);

  it.each(getStateNodes(postLifecycleMachine).map((node) => [node.id, node] as const))('reaches %s', (_id, node) => {
    const path = node.path;
    expect(reached.some((snapshot) => snapshot._nodes.some((active) => active.path.join('.') === path.join('.')))).toBe(true);
  });

  it.each(['rejected', 'withdrawn', 'closed', 'transferred'])('reaches the final state %s with the machine done', (state) => {
    const final = reached.find((snapshot) => snapshot.value === state);
    expect(final?.status).toBe('done');
  });
});
