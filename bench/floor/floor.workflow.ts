import { condition, defineUpdate, setHandler } from '@temporalio/workflow';

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
