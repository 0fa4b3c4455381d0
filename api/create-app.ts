import type { Client } from '@temporalio/client';
import express, { type Express } from 'express';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { createHabilitationStore } from '../auth/habilitations/habilitation-store';
import { isLoopbackUrl } from '../auth/loopback-url';
import { createSessionStore } from '../auth/sessions/session-store';
import { createRelyingParty } from '../auth/sign-in/relying-party';
import type { SignInConfig } from '../config/config';
import { CONSOLE_PATH, consolePaths } from '../console/console-paths';
import { consoleRouter, consoleSignedOutPage } from '../console/console.router';
import type { Models } from '../models/create-models';
import { createPostAuditor } from '../audit/post-auditor';
import { auditRouter } from './audit.router';
import { authenticate } from './authenticate';
import { authRouter } from './auth.router';
import { dependencyErrors } from './dependency-errors';
import { directoryRouter } from './directory.router';
import { EXPORTS_PATH } from './export-api-schemas';
import { exportsRouter } from './exports.router';
import { HABILITATIONS_PATH, habilitationsRouter } from './habilitations.router';
import { healthRouter } from './health.router';
import { idempotencyKeyModel } from './idempotency-key.model';
import { DIRECTORY_PATH, NOTIFICATIONS_PATH } from './mail-api-schemas';
import { meRouter } from './me.router';
import { methodNotAllowed } from './method-not-allowed';
import { notificationsRouter } from './notifications.router';
import { openApiDocument, openApiRouter } from './openapi';
import { createPostEventSender } from './post-event-sender';
import { POSTS_PATH, postsRouter } from './posts.router';
import { PROGRAMME_PATH } from './programme-api-schemas';
import { programmeRouter } from './programme.router';
import { STATS_PATH } from './stats-api-schemas';
import { statsRouter } from './stats.router';
import type { PostWorkflowClient } from './post-workflow-client';
import { notFoundRoute, problemHandler } from './problem-details';
import { createAccessTokenVerifier } from './verify-access-token';

/** Who may call: people through OpenID Connect, programs with OAuth access tokens. */
export interface AppAuth {
  /** PUBLIC_URL: where browsers reach the API (callback URL, Secure cookies unless loopback). */
  publicUrl: string;
  oidc: { issuer: string; clientId: string; clientSecret: string };
  apiTokens: { issuer: string; audience: string; clockToleranceSeconds?: number };
  sessionTtlMinutes: number;
}

export function appAuthOf(config: SignInConfig): AppAuth {
  return {
    publicUrl: config.PUBLIC_URL,
    oidc: { issuer: config.OIDC_ISSUER, clientId: config.OIDC_CLIENT_ID, clientSecret: config.OIDC_CLIENT_SECRET },
    apiTokens: { issuer: config.API_TOKEN_ISSUER, audience: config.API_AUDIENCE },
    sessionTtlMinutes: config.SESSION_TTL_MINUTES,
  };
}

export interface AppDeps {
  logger: Logger;
  temporal: Client;
  mongo: Connection;
  models: Models;
  posts: PostWorkflowClient;
  namespace: string;
  taskQueue: string;
  auth: AppAuth;
}

/** Request bodies are small JSON events; anything larger is refused before it is parsed. */
export const BODY_LIMIT = '64kb';

export function createApp(deps: AppDeps): Express {
  const habilitations = createHabilitationStore(deps.mongo);
  const sessions = createSessionStore(deps.mongo, { ttlMinutes: deps.auth.sessionTtlMinutes });
  const caller = authenticate({ verifier: createAccessTokenVerifier(deps.auth.apiTokens), sessions, habilitations });

  const app = express();
  app.disable('x-powered-by');
  app.use(pinoHttp({ logger: deps.logger, autoLogging: { ignore: (req) => req.url === '/health' } }));
  app.use(methodNotAllowed(openApiDocument().paths ?? {}));
  app.use(express.json({ limit: BODY_LIMIT }));
  app.use(healthRouter(deps));
  app.use(openApiRouter());
  app.use(
    authRouter({
      logger: deps.logger,
      relyingParty: createRelyingParty({ ...deps.auth.oidc, publicUrl: deps.auth.publicUrl }),
      sessions,
      habilitations,
      secureCookies: !isLoopbackUrl(deps.auth.publicUrl),
      sessionTtlMinutes: deps.auth.sessionTtlMinutes,
      signedOut: consoleSignedOutPage(deps.auth.oidc.issuer),
    }),
  );
  app.use(meRouter({ authenticate: caller, habilitations }));
  app.use(HABILITATIONS_PATH, habilitationsRouter({ authenticate: caller, habilitations }));
  const auditPost = createPostAuditor({ models: deps.models, temporal: deps.temporal, namespace: deps.namespace });
  app.use(POSTS_PATH, auditRouter({ auditPost, temporal: deps.temporal, namespace: deps.namespace, authenticate: caller, habilitations }));
  app.use(
    POSTS_PATH,
    postsRouter({
      logger: deps.logger,
      models: deps.models,
      posts: deps.posts,
      authenticate: caller,
      habilitations,
      idempotencyKeys: idempotencyKeyModel(deps.mongo),
    }),
  );
  app.use(PROGRAMME_PATH, programmeRouter({ models: deps.models, authenticate: caller, habilitations }));
  app.use(STATS_PATH, statsRouter({ models: deps.models, authenticate: caller, habilitations }));
  app.get('/', (_req, res) => res.redirect(302, consolePaths.myActions));
  app.use(
    CONSOLE_PATH,
    consoleRouter({
      logger: deps.logger,
      models: deps.models,
      posts: deps.posts,
      authenticate: caller,
      habilitations,
      events: createPostEventSender({ logger: deps.logger, models: deps.models, posts: deps.posts, idempotencyKeys: idempotencyKeyModel(deps.mongo), habilitations }),
      auditPost,
      oidcIssuer: deps.auth.oidc.issuer,
      secureCookies: !isLoopbackUrl(deps.auth.publicUrl),
    }),
  );
  app.use(NOTIFICATIONS_PATH, notificationsRouter({ models: deps.models, temporal: deps.temporal, taskQueue: deps.taskQueue, authenticate: caller, habilitations }));
  app.use(EXPORTS_PATH, exportsRouter({ logger: deps.logger, models: deps.models, authenticate: caller, habilitations }));
  app.use(DIRECTORY_PATH, directoryRouter({ models: deps.models, authenticate: caller, habilitations }));
  app.use(notFoundRoute);
  app.use(dependencyErrors);
  app.use(problemHandler(deps.logger));
  return app;
}
