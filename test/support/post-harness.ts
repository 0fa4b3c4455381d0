import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import {
  bundleWorkflowCode,
  DefaultLogger,
  type NativeConnection,
  Runtime,
  Worker,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import mongoose, { type Connection } from 'mongoose';
import pino from 'pino';
import { createPostActivities, type PostActivities } from '../../activities/post-activities';
import { createPostWorkflowClient, type PostWorkflowClient } from '../../api/post-workflow-client';
import { createModels, type Models, syncModelIndexes } from '../../models/create-models';
import { withDatabase } from '../../runtime/with-database';

// Tests crash activities on purpose; the SDK's warnings about it would drown the jest report.
Runtime.install({ logger: new DefaultLogger('ERROR') });

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;

/** The workflow bundle, built once per test process: bundling costs seconds, every worker reuses it. */
export function postWorkflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows'), logger: silentBundlerLogger });
  return bundle;
}

const silentBundlerLogger = {
  log: () => {},
  trace: () => {},
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: (message: string) => process.stderr.write(`${message}\n`),
};

export interface PostHarness {
  models: Models;
  mongo: Connection;
  /** The connection string of this harness's own database, for worker processes started by a test. */
  mongoUri: string;
  posts: PostWorkflowClient;
  taskQueue: string;
  worker: Worker;
  /** Starts (again) a worker on the same queue and database, e.g. after killing the first one. */
  startWorker(activities?: PostActivities): Promise<Worker>;
  stopWorker(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A real worker on a queue of its own and a MongoDB database of its own, against the servers of
 * the test run (`TEMPORAL_ADDRESS`, `MONGODB_URI`) or a time-skipping environment.
 */
export async function startPostHarness(args: {
  client: Client;
  connection: NativeConnection;
  namespace?: string;
  wrapActivities?: (activities: PostActivities) => PostActivities;
}): Promise<PostHarness> {
  const uri = process.env.MONGODB_URI;
  if (!uri) throw new Error('MONGODB_URI is not set: run the integration tests through jest’s global setup');
  const mongoUri = withDatabase(uri, `cnum_${randomUUID().slice(0, 8)}`);
  const mongo = await mongoose.createConnection(mongoUri).asPromise();
  const models = createModels(mongo);
  await syncModelIndexes(models);
  const taskQueue = `posts-${randomUUID()}`;
  const logger = pino({ level: 'silent' });
  const baseActivities = createPostActivities({ models, logger });
  const activities = args.wrapActivities ? args.wrapActivities(baseActivities) : baseActivities;

  let worker!: Worker;
  let running: Promise<void> = Promise.resolve();
  const startWorker = async (override?: PostActivities) => {
    worker = await Worker.create({
      connection: args.connection,
      namespace: args.namespace ?? 'default',
      taskQueue,
      workflowBundle: await postWorkflowBundle(),
      activities: override ?? activities,
    });
    running = worker.run();
    return worker;
  };
  const stopWorker = async () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await running;
  };
  await startWorker();

  return {
    models,
    mongo,
    mongoUri,
    posts: createPostWorkflowClient(args.client, taskQueue),
    taskQueue,
    get worker() {
      return worker;
    },
    startWorker,
    stopWorker,
    async stop() {
      await stopWorker();
      await mongo.dropDatabase().catch(() => {});
      await mongo.close();
    },
  };
}
