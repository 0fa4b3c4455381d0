import { condition, defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';
import type * as floorActivities from './floor.activities';

/**
 * Temporal's own limit on this machine: a workflow whose update returns at once (no activity, no
 * rules, no read model). The benches drive it the way they drive the posts, on the same server in
 * the same run, and print the posts' figures as ratios to it. Bundled alone (bench/floor/), so its
 * workflow tasks cost what Temporal and the SDK cost, nothing of ours. It never ends: the bench's
 * server is thrown away with it.
 */
export const floorUpdate = defineUpdate<number, [number]>('floor');

export async function floorWorkflow(): Promise<void> {
  setHandler(floorUpdate, (n) => n);
  await condition(() => false);
}

const { floorEcho } = proxyActivities<typeof floorActivities>({ startToCloseTimeout: '30 seconds' });

/**
 * The floor with an activity per update, its input `inputBytes` long, awaited before the update
 * answers, as a post's read-model write is: what an activity and its input cost a cached
 * workflow, with nothing of ours in it (bench/worker-memory.bench.ts).
 */
export async function floorWithActivityWorkflow(inputBytes: number): Promise<void> {
  const input = 'x'.repeat(inputBytes);
  setHandler(floorUpdate, async (n) => {
    await floorEcho(input);
    return n;
  });
  await condition(() => false);
}
