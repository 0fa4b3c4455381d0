import { NativeConnection, Worker } from '@temporalio/worker';
import mongoose from 'mongoose';
import type { Logger } from 'pino';
import { createPostActivities } from './activities/post-activities';
import { type Config, loadConfig } from './config/config';
import { createModels, syncModelIndexes } from './models/create-models';
import { createLogger } from './runtime/create-logger';
import { requirePostSearchAttributes } from './runtime/post-search-attributes';
import { installTemporalRuntimeLogger } from './runtime/temporal-runtime-logger';

/**
 * The worker process: runs every post's workflow and its activities. Started by `npm start` (or
 * `npx tsx worker.ts`); stops gracefully on SIGINT/SIGTERM, letting running activities finish.
 */
export interface RunningWorker {
  worker: Worker;
  /** Resolves when the worker has stopped and its connections are closed. */
  done: Promise<void>;
  shutdown(): Promise<void>;
}

export async function startWorker(config: Config, logger: Logger): Promise<RunningWorker> {
  const mongo = await mongoose.createConnection(config.MONGODB_URI, { serverSelectionTimeoutMS: 10_000 }).asPromise();
  const models = createModels(mongo);
  await syncModelIndexes(models);
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  try {
    await requirePostSearchAttributes(connection.operatorService, config.TEMPORAL_NAMESPACE);
  } catch (error) {
    await connection.close();
    await mongo.close();
    throw error;
  }
  const worker = await Worker.create({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    workflowsPath: require.resolve('./workflows'),
    maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
    activities: createPostActivities({ models, logger }),
  });
  const done = worker.run().finally(async () => {
    await connection.close();
    await mongo.close();
  });
  logger.info({ taskQueue: config.TEMPORAL_TASK_QUEUE, temporal: config.TEMPORAL_ADDRESS }, 'worker started');
  return {
    worker,
    done,
    async shutdown() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await done;
    },
  };
}

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config, 'worker');
  installTemporalRuntimeLogger(logger);
  // The SDK's runtime stops the worker on SIGINT/SIGTERM and `run()` resolves once it has drained.
  const running = await startWorker(config, logger);
  await running.done;
  logger.info('worker stopped');
}

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
