import type { Client } from '@temporalio/client';
import express, { type Express } from 'express';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { Models } from '../models/create-models';
import { healthRouter } from './health.router';
import type { PostWorkflowClient } from './post-workflow-client';
import { notFoundRoute, problemHandler } from './problem-details';

export interface AppDeps {
  logger: Logger;
  temporal: Client;
  mongo: Connection;
  models: Models;
  posts: PostWorkflowClient;
  namespace: string;
  taskQueue: string;
  jwtSecret: string;
}

/** Request bodies are small JSON events; anything larger is refused before it is parsed. */
export const BODY_LIMIT = '64kb';

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(pinoHttp({ logger: deps.logger, autoLogging: { ignore: (req) => req.url === '/health' } }));
  app.use(express.json({ limit: BODY_LIMIT }));
  app.use(healthRouter(deps));
  app.use(notFoundRoute);
  app.use(problemHandler(deps.logger));
  return app;
}
