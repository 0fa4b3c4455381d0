import fs from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { historiesDir } from '../../../scripts/record-replay-histories';
import { postWorkflowBundle } from '../../support/post-harness';

/**
 * Every recorded lifecycle replays against today's workflow code. A change that would make
 * running posts diverge (a new activity, a timer moved, a different order) fails here: guard it
 * with `patched()` as docs/workflow-versioning.md says, and keep the old histories.
 */
const files = fs.readdirSync(historiesDir).filter((f) => f.endsWith('.json'));

describe('replay of recorded lifecycles', () => {
  it('has recorded histories to replay', () => {
    expect(files.length).toBeGreaterThanOrEqual(3);
  });

  it.each(files)('%s replays without nondeterminism', async (file) => {
    const history = temporal.api.history.v1.History.fromObject(JSON.parse(fs.readFileSync(path.join(historiesDir, file), 'utf8')));
    expect(history.events?.length).toBeGreaterThan(50);
    await Worker.runReplayHistory({ workflowBundle: await postWorkflowBundle() }, history, file.replace(/\.json$/, ''));
  });
});
