import { randomUUID } from 'node:crypto';
import { type Client, WithStartWorkflowOperation } from '@temporalio/client';
import { bundleWorkflowCode, type NativeConnection, Worker } from '@temporalio/worker';
import * as activities from './floor.activities';
import { floorUpdate, floorWithActivityWorkflow, floorWorkflow } from './floor.workflow';

const silent = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };

/** A worker of the floor workflow alone, on its own task queue, with the same options as the posts' worker. */
export async function startFloorWorker(connection: NativeConnection, options: { taskQueue: string; maxCachedWorkflows?: number }) {
  const worker = await Worker.create({
    connection,
    taskQueue: options.taskQueue,
    workflowBundle: await bundleWorkflowCode({ workflowsPath: require.resolve('./floor.workflow'), logger: silent }),
    activities,
    ...(options.maxCachedWorkflows === undefined ? {} : { maxCachedWorkflows: options.maxCachedWorkflows }),
  });
  const running = worker.run();
  return {
    /** Resolves once the worker has stopped, whoever stopped it (`stop`, or a signal the SDK's runtime handles). */
    stopped: running,
    async stop() {
      worker.shutdown();
      await running;
    },
  };
}

/**
 * The floor's calls, shaped as the posts' are: the first an update-with-start, the next plain
 * updates. `activityInputBytes` starts the floor whose updates each await an activity with an input that long.
 */
export function floorClient(client: Client, taskQueue: string, options: { activityInputBytes?: number } = {}) {
  const { activityInputBytes } = options;
  return {
    async create(): Promise<string> {
      const workflowId = `floor-${randomUUID()}`;
      const startWorkflowOperation =
        activityInputBytes === undefined
          ? new WithStartWorkflowOperation(floorWorkflow, { workflowId, taskQueue, workflowIdConflictPolicy: 'USE_EXISTING' })
          : new WithStartWorkflowOperation(floorWithActivityWorkflow, { workflowId, taskQueue, workflowIdConflictPolicy: 'USE_EXISTING', args: [activityInputBytes] });
      await client.workflow.executeUpdateWithStart(floorUpdate, { args: [0], updateId: randomUUID(), startWorkflowOperation });
      return workflowId;
    },
    async update(workflowId: string, n: number): Promise<void> {
      await client.workflow.getHandle(workflowId).executeUpdate(floorUpdate, { args: [n], updateId: randomUUID() });
    },
  };
}
