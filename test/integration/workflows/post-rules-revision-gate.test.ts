import fs from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { bundlePostWorkflows } from '../../../runtime/post-workflow-bundle';
import { historiesDir } from '../../../scripts/record-replay-histories';
import { postWorkflowBundle } from '../../support/post-harness';
import { withoutLatestRevisionGate } from '../../support/ungated-bundle';

/**
 * docs/workflow-versioning.md: the workflow picks its run's rules revision with `patched()`. This
 * test bundles the workflow with the latest revision's gate taken out (the runs of revision 2 then
 * decide with the latest rules) and replays the history recorded before the latest revision: it
 * must fail with a nondeterminism error of the rules, not of a marker, which is what such a deploy
 * would do to the posts still running. The real bundle replays it (post-replay.test.ts too).
 */
let ungated: Promise<WorkflowBundleWithSourceMap> | undefined;
function ungatedBundle(): Promise<WorkflowBundleWithSourceMap> {
  // Bundled as the worker's is (the shared domain preloaded), the gate aside.
  ungated ??= bundlePostWorkflows({ webpackConfigHook: withoutLatestRevisionGate });
  return ungated;
}

function history(file: string) {
  return temporal.api.history.v1.History.fromObject(JSON.parse(fs.readFileSync(path.join(historiesDir, file), 'utf8')));
}

describe('the rules-revision gate (docs/workflow-versioning.md)', () => {
  // Two webpack builds of the workflow are set-up, pure CPU: on a busy machine they alone can take a
  // minute, which the tests of the replay itself must not be charged with.
  beforeAll(async () => {
    await Promise.all([ungatedBundle(), postWorkflowBundle()]);
  }, 300_000);

  it('without the latest revision’s gate, revision-2-2021-private.json, recorded before it, fails to replay', async () => {
    const file = 'revision-2-2021-private.json';
    const replay = Worker.runReplayHistory({ workflowBundle: await ungatedBundle() }, history(file), file);
    await expect(replay).rejects.toBeInstanceOf(DeterminismViolationError);
    await expect(replay).rejects.toThrow(expect.objectContaining({ message: expect.not.stringMatching(/patch marker/i) }));
    await expect(Worker.runReplayHistory({ workflowBundle: await postWorkflowBundle() }, history(file), file)).resolves.toBeUndefined();
  });

  it('without it, a history of revision 1, which the latest revision does not touch, still replays', async () => {
    const file = 'revision-1-2021-public.json';
    await expect(Worker.runReplayHistory({ workflowBundle: await ungatedBundle() }, history(file), file)).resolves.toBeUndefined();
  });
});
