import type { Client } from '@temporalio/client';
import express, { type Express } from 'express';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { Models } from '../models/create-models';
import { dependencyErrors } from './dependency-errors';
import { healthRouter } from './health.router';
import { idempotencyKeyModel } from './idempotency-key.model';
import { methodNotAllowed } from './method-not-allowed';
import { openApiDocument, openApiRouter } from './openapi';
import { POSTS_PATH, postsRouter } from './posts.router';
import type { PostWorkflowClient } from './post-workflow-client';
import { notFoundRoute, problemHandler } from './problem-details';
import { type AccessTokenVerifier, createHs256AccessTokenVerifier } from './verify-access-token';

export interface AppDeps {
  logger: Logger;
  temporal: Client;
  mongo: Connection;
  models: Models;
  posts: PostWorkflowClient;
  namespace: string;
  taskQueue: string;
  jwtSecret: string;
  /** Replaces the HS256 shared-secret verifier (an OIDC provider, later). */
  verifier?: AccessTokenVerifier;
}

/** Request bodies are small JSON events; anything larger is refused before it is parsed. */
export const BODY_LIMIT = '64kb';

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(pinoHttp({ logger: deps.logger, autoLogging: { ignore: (req) => req.url === '/health' } }));
  app.use(methodNotAllowed(openApiDocument().paths ?? {}));
  app.use(express.json({ limit: BODY_LIMIT }));
  app.use(healthRouter(deps));
  app.use(openApiRouter());
  app.use(
    POSTS_PATH,
    postsRouter({
      logger: deps.logger,
      models: deps.models,
      posts: deps.posts,
      verifier: deps.verifier ?? createHs256AccessTokenVerifier(deps.jwtSecret),
      idempotencyKeys: idempotencyKeyModel(deps.mongo),
    }),
  );
  app.use(notFoundRoute);
  app.use(dependencyErrors);
  app.use(problemHandler(deps.logger));
  return app;
}
