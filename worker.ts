import { NativeConnection, Worker } from '@temporalio/worker';
import mongoose from 'mongoose';
import type { Logger } from 'pino';
import { createMailActivities } from './activities/mail-activities';
import { createPostActivities } from './activities/post-activities';
import { type Config, loadConfig, requireMailConfig } from './config/config';
import { mailTaskQueueOf } from './mail/mail-task-queue';
import { domainOfAddress } from './mail/message-id';
import { createMailRenderer } from './mail/render-mail';
import { createSmtpTransport } from './mail/smtp/smtp-transport';
import { createModels, syncModelIndexes } from './models/create-models';
import { createLogger } from './runtime/create-logger';
import { postWorkflowCode } from './runtime/post-workflow-bundle';
import { requirePostSearchAttributes } from './runtime/post-search-attributes';
import { installTemporalRuntimeLogger } from './runtime/temporal-runtime-logger';

/**
 * The worker process: runs every post's workflow and its activities, and the mail activities on a
 * task queue of their own (issue 11). Started by `npm start` (or `npx tsx worker.ts`); stops
 * gracefully on SIGINT/SIGTERM, letting running activities finish.
 */

/** Sends at once per worker: each waits on the SMTP server, none on this process's CPU. */
const MAIL_ACTIVITY_SLOTS = 20;

export interface RunningWorker {
  worker: Worker;
  /** Resolves when the worker has stopped and its connections are closed. */
  done: Promise<void>;
  shutdown(): Promise<void>;
}

export async function startWorker(config: Config, logger: Logger): Promise<RunningWorker> {
  const mail = requireMailConfig(config);
  const renderer = await createMailRenderer();
  const mongo = await mongoose.createConnection(config.MONGODB_URI, { serverSelectionTimeoutMS: 10_000 }).asPromise();
  const models = createModels(mongo);
  await syncModelIndexes(models);
  const [posts, postFigures] = await Promise.all([models.Post.estimatedDocumentCount(), models.PostFigure.estimatedDocumentCount()]);
  // A database from before the statistics' copies: every post counts for nothing in the figures until it changes.
  if (postFigures < posts) logger.warn({ posts, postFigures }, 'post_figures holds fewer posts than posts: stop the worker and run npm run stats:rebuild once');
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  try {
    await requirePostSearchAttributes(connection.operatorService, config.TEMPORAL_NAMESPACE);
  } catch (error) {
    await connection.close();
    await mongo.close();
    throw error;
  }
  const { source: workflowCode, ...workflows } = postWorkflowCode(config.WORKFLOW_BUNDLE_PATH);
  const worker = await Worker.create({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    ...workflows,
    maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
    activities: createPostActivities({ models, logger }),
  });
  const transport = createSmtpTransport(mail.SMTP_URL);
  const mailWorker = await Worker.create({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: mailTaskQueueOf(config.TEMPORAL_TASK_QUEUE),
    maxConcurrentActivityTaskExecutions: MAIL_ACTIVITY_SLOTS,
    activities: createMailActivities({
      models,
      logger,
      transport,
      renderer,
      from: mail.MAIL_FROM,
      messageIdDomain: domainOfAddress(mail.MAIL_FROM),
      publicUrl: config.PUBLIC_URL,
    }),
  });
  const stopBoth = () => {
    for (const w of [worker, mailWorker]) if (w.getState() === 'RUNNING') w.shutdown();
  };
  // One of them failing stops the other: the process then exits whole, to be restarted whole.
  const runs = [worker, mailWorker].map((w) => w.run().catch((error: unknown) => { stopBoth(); throw error; }));
  const done = Promise.allSettled(runs).then(async (results) => {
    transport.close();
    await connection.close();
    await mongo.close();
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
  });
  logger.info({ taskQueue: config.TEMPORAL_TASK_QUEUE, temporal: config.TEMPORAL_ADDRESS, smtp: transport.server, workflowCode }, 'worker started');
  return {
    worker,
    done,
    async shutdown() {
      stopBoth();
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
