import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import pino from 'pino';
import { createApp } from '../../../api/create-app';
import { mintAccessToken } from '../../../api/mint-access-token';
import type { PostWorkflowClient } from '../../../api/post-workflow-client';
import type { AccessTokenClaims } from '../../../api/verify-access-token';
import type { Actor } from '../../../domain/lifecycle/actor';
import type { Models } from '../../../models/create-models';
import type { Connection as MongoConnection } from 'mongoose';
import { type PostHarness, startPostHarness } from '../../support/post-harness';

/**
 * The API over real HTTP on an ephemeral loopback port, in front of a real worker on a task queue
 * of its own and a MongoDB database of its own (the test run's Temporal dev server and FerretDB).
 */
export const TEST_JWT_SECRET = 'api-integration-tests-secret-0123456789abcdef';

export interface HttpAnswer<T = any> {
  status: number;
  headers: Headers;
  contentType: string;
  body: T;
}

export interface RequestOptions {
  as?: Actor | string | null;
  body?: unknown;
  /** Sent as is, not JSON-encoded. */
  rawBody?: string;
  headers?: Record<string, string>;
  idempotencyKey?: string;
}

export interface ApiServer {
  url: string;
  request<T = any>(method: string, path: string, options?: RequestOptions): Promise<HttpAnswer<T>>;
  close(): Promise<void>;
}

export function claimsOf(actor: Actor): AccessTokenClaims {
  switch (actor.role) {
    case 'structure':
      return { sub: actor.id, role: 'structure', siret: actor.siret };
    case 'prefecture':
      return { sub: actor.id, role: 'prefecture', department: actor.department };
    case 'training_org':
      return { sub: actor.id, role: 'training_org', trainingOrgId: actor.trainingOrgId };
    case 'system':
      throw new Error('no token for the system actor');
    default:
      return { sub: actor.id, role: actor.role };
  }
}

const tokens = new Map<string, Promise<string>>();
export function tokenFor(actor: Actor, secret = TEST_JWT_SECRET): Promise<string> {
  const cacheKey = `${secret}:${JSON.stringify(actor)}`;
  let token = tokens.get(cacheKey);
  if (!token) {
    token = mintAccessToken(secret, claimsOf(actor));
    tokens.set(cacheKey, token);
  }
  return token;
}

export async function listen(app: ReturnType<typeof createApp>): Promise<ApiServer> {
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s)).on('error', reject);
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    async request(method, path, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      if (options.as) headers.authorization = `Bearer ${typeof options.as === 'string' ? options.as : await tokenFor(options.as)}`;
      if (options.idempotencyKey !== undefined) headers['idempotency-key'] = options.idempotencyKey;
      let body: string | undefined = options.rawBody;
      if (options.body !== undefined) {
        body = JSON.stringify(options.body);
        headers['content-type'] ??= 'application/json';
      }
      const response = await fetch(`${url}${path}`, { method, headers, body });
      const text = await response.text();
      const contentType = response.headers.get('content-type') ?? '';
      return { status: response.status, headers: response.headers, contentType, body: text && /json/.test(contentType) ? JSON.parse(text) : text };
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface ApiHarness extends ApiServer {
  harness: PostHarness;
  models: Models;
  mongo: MongoConnection;
  posts: PostWorkflowClient;
  client: Client;
  /** Waits until `check` holds on the post as the given actor reads it. */
  waitForPost<T = any>(postId: string, as: Actor, check: (post: T) => boolean, what: string): Promise<T>;
}

export async function startApiHarness(): Promise<ApiHarness> {
  const address = process.env.TEMPORAL_ADDRESS;
  if (!address) throw new Error('TEMPORAL_ADDRESS is not set: run the integration tests through jest’s global setup');
  const connection = await Connection.connect({ address });
  const nativeConnection = await NativeConnection.connect({ address });
  const client = new Client({ connection });
  const harness = await startPostHarness({ client, connection: nativeConnection });
  const app = createApp({
    logger: pino({ level: 'silent' }),
    temporal: client,
    mongo: harness.mongo,
    models: harness.models,
    posts: harness.posts,
    namespace: 'default',
    taskQueue: harness.taskQueue,
    jwtSecret: TEST_JWT_SECRET,
  });
  const server = await listen(app);
  return {
    ...server,
    harness,
    models: harness.models,
    mongo: harness.mongo,
    posts: harness.posts,
    client,
    async waitForPost(postId, as, check, what) {
      let last: unknown;
      for (let attempt = 0; attempt < 200; attempt++) {
        const answer = await server.request('GET', `/api/v1/posts/${postId}`, { as });
        last = answer.body;
        if (answer.status === 200 && check(answer.body)) return answer.body;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`post ${postId} never reached: ${what}; last seen ${JSON.stringify(last)}`);
    },
    async close() {
      await server.close();
      await harness.stop();
      await nativeConnection.close();
      await connection.close();
    },
  };
}

/** Sends one event as `as`, expecting `status`; returns the body. */
export async function send(api: ApiServer, postId: string, as: Actor, event: Record<string, unknown>, status = 200, key?: string) {
  const answer = await api.request('POST', `/api/v1/posts/${postId}/events`, { as, body: event, idempotencyKey: key });
  if (answer.status !== status) {
    throw new Error(`${event.type as string} as ${as.role}: expected ${status}, got ${answer.status} ${JSON.stringify(answer.body)}`);
  }
  return answer.body;
}
