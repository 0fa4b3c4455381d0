import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { DefaultLogger, type NativeConnection, Runtime, Worker, type WorkflowBundleOption } from '@temporalio/worker';
import mongoose, { type Connection } from 'mongoose';
import pino from 'pino';
import { createMailActivities, type MailActivities } from '../../activities/mail-activities';
import { createPostActivities, type PostActivities } from '../../activities/post-activities';
import { createPostWorkflowClient, type PostWorkflowClient } from '../../api/post-workflow-client';
import { mailTaskQueueOf } from '../../mail/mail-task-queue';
import { domainOfAddress } from '../../mail/message-id';
import { createMailRenderer } from '../../mail/render-mail';
import { createSmtpTransport, type MailTransport } from '../../mail/smtp/smtp-transport';
import { createModels, type Models, syncModelIndexes } from '../../models/create-models';
import { bundlePostWorkflows } from '../../runtime/post-workflow-bundle';
import { withDatabase } from '../../runtime/with-database';

// Tests crash activities on purpose; the SDK's warnings about it would drown the jest report.
Runtime.install({ logger: new DefaultLogger('ERROR') });

let bundle: Promise<WorkflowBundleOption> | undefined;

/**
 * The workflow bundle: the one the global setup built for the whole run (WORKFLOW_BUNDLE_PATH,
 * which the worker processes the tests start load too), or, outside it, one built once per test
 * process. Bundling costs seconds of CPU: every worker of the run reuses the same.
 */
export function postWorkflowBundle(): Promise<WorkflowBundleOption> {
  const codePath = process.env.WORKFLOW_BUNDLE_PATH;
  bundle ??= codePath ? Promise.resolve({ codePath }) : bundlePostWorkflows();
  return bundle;
}

export interface PostHarness {
  models: Models;
  mongo: Connection;
  /** The connection string of this harness's own database, for worker processes started by a test. */
  mongoUri: string;
  posts: PostWorkflowClient;
  taskQueue: string;
  worker: Worker;
  /** Starts (again) the workers on the same queues and database, e.g. after killing the first ones. */
  startWorker(activities?: PostActivities): Promise<Worker>;
  /** Stops the post worker and the mail worker. */
  stopWorker(): Promise<void>;
  stop(): Promise<void>;
}

/** Where the harness's mails go, as the worker process sends them (MAIL_FROM's default). */
export const TEST_MAIL_FROM = 'Conseiller numérique France Services <ne-pas-repondre@conseiller-numerique.gouv.fr>';
export const TEST_PUBLIC_URL = 'http://127.0.0.1:3000';

/**
 * A real worker on a queue of its own and a MongoDB database of its own, against the servers of
 * the test run (`TEMPORAL_ADDRESS`, `MONGODB_URI`, `SMTP_URL`) or a time-skipping environment,
 * with the mail worker beside it on its own queue (issue 11). `smtpUrl` sends this harness's
 * mails elsewhere than the run's Mailpit (a server of the test's own, a proxy).
 */
export async function startPostHarness(args: {
  client: Client;
  connection: NativeConnection;
  namespace?: string;
  wrapActivities?: (activities: PostActivities) => PostActivities;
  smtpUrl?: string;
  wrapMailActivities?: (activities: MailActivities) => MailActivities;
  /** The post worker's cache; 0 replays the history at every workflow task, as after an eviction. */
  maxCachedWorkflows?: number;
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
  const smtpUrl = args.smtpUrl ?? process.env.SMTP_URL;
  if (!smtpUrl) throw new Error('SMTP_URL is not set: run the integration tests through jest’s global setup');
  const renderer = await createMailRenderer();

  let worker!: Worker;
  let mailWorker!: Worker;
  let transport: MailTransport | undefined;
  let running: Promise<unknown> = Promise.resolve();
  const startWorker = async (override?: PostActivities) => {
    transport = createSmtpTransport(smtpUrl);
    const baseMail = createMailActivities({ models, logger, transport, renderer, from: TEST_MAIL_FROM, messageIdDomain: domainOfAddress(TEST_MAIL_FROM), publicUrl: TEST_PUBLIC_URL });
    [worker, mailWorker] = await Promise.all([
      Worker.create({
        connection: args.connection,
        namespace: args.namespace ?? 'default',
        taskQueue,
        workflowBundle: await postWorkflowBundle(),
        activities: override ?? activities,
        ...(args.maxCachedWorkflows === undefined ? {} : { maxCachedWorkflows: args.maxCachedWorkflows }),
      }),
      Worker.create({
        connection: args.connection,
        namespace: args.namespace ?? 'default',
        taskQueue: mailTaskQueueOf(taskQueue),
        activities: args.wrapMailActivities ? args.wrapMailActivities(baseMail) : baseMail,
      }),
    ]);
    running = Promise.all([worker.run(), mailWorker.run()]);
    return worker;
  };
  const stopWorker = async () => {
    for (const w of [worker, mailWorker]) if (w.getState() === 'RUNNING') w.shutdown();
    await running;
    transport?.close();
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
