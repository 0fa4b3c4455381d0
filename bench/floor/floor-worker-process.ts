import { NativeConnection } from '@temporalio/worker';
import { startFloorWorker } from './floor-worker';

/**
 * The floor's worker alone in a process of its own, for bench/worker-memory.bench.ts: what the SDK
 * keeps per cached workflow when the workflow holds next to nothing. Reads TEMPORAL_ADDRESS,
 * FLOOR_TASK_QUEUE and FLOOR_MAX_CACHED_WORKFLOWS; stops on SIGTERM (the SDK's runtime).
 */
async function main(): Promise<void> {
  const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  const worker = await startFloorWorker(connection, {
    taskQueue: process.env.FLOOR_TASK_QUEUE!,
    maxCachedWorkflows: Number(process.env.FLOOR_MAX_CACHED_WORKFLOWS),
  });
  process.stdout.write('floor worker started\n');
  await worker.stopped;
  await connection.close();
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
