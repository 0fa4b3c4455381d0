import type { Server } from 'node:http';
import { Client, Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';
import mongoose from 'mongoose';
import type { Logger } from 'pino';
import { appAuthOf, createApp } from './api/create-app';
import { createPostWorkflowClient } from './api/post-workflow-client';
import { prepareAuthStorage } from './auth/auth-storage';
import { type Config, loadConfig, requireSignInConfig } from './config/config';
import { createModels, syncModelIndexes } from './models/create-models';
import { createLogger } from './runtime/create-logger';

/**
 * The staff API process. Started by `npm start` (or `npx tsx server.ts`); on SIGINT/SIGTERM it
 * stops accepting requests, lets those under way finish, then closes its connections.
 */
export interface RunningServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

export async function startServer(config: Config, logger: Logger): Promise<RunningServer> {
  const signIn = requireSignInConfig(config);
  const mongo = await mongoose.createConnection(config.MONGODB_URI, { serverSelectionTimeoutMS: 5_000 }).asPromise();
  const models = createModels(mongo);
  await syncModelIndexes(models);
  await prepareAuthStorage(mongo, { bootstrapAnctEmails: config.BOOTSTRAP_ANCT_EMAILS });
  // A few retries, not the client's default minute of them: when Temporal is down, staff get a 503 in seconds.
  const connection = await Connection.connect({
    address: config.TEMPORAL_ADDRESS,
    interceptors: [makeGrpcRetryInterceptor(defaultGrpcRetryOptions({ maxAttempts: 4 }))],
  });
  const temporal = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  const app = createApp({
    logger,
    temporal,
    mongo,
    models,
    posts: createPostWorkflowClient(temporal, config.TEMPORAL_TASK_QUEUE),
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    auth: appAuthOf(signIn),
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.HTTP_PORT, config.HTTP_HOST, () => resolve(s)).on('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.HTTP_PORT;
  const url = `http://${config.HTTP_HOST}:${port}`;
  logger.info({ url }, 'API listening');
  return {
    server,
    url,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await connection.close();
      await mongo.close();
    },
  };
}

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config, 'api');
  const running = await startServer(config, logger);
  const stop = async (signal: string) => {
    logger.info({ signal }, 'API stopping');
    await running.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
