import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { Express } from 'express';
import pino from 'pino';
import { createApp } from '../../../api/create-app';
import type { PostWorkflowClient } from '../../../api/post-workflow-client';
import { prepareAuthStorage } from '../../../auth/auth-storage';
import { roleScopeOf } from '../../../auth/habilitations/habilitation';
import { createHabilitationStore, type HabilitationStore } from '../../../auth/habilitations/habilitation-store';
import type { Actor } from '../../../domain/lifecycle/actor';
import type { Models } from '../../../models/create-models';
import type { Connection as MongoConnection } from 'mongoose';
import { type PostHarness, startPostHarness } from '../../support/post-harness';
import { programToken, testAppAuth } from '../../support/test-identity-provider';

/**
 * The API over real HTTP on an ephemeral loopback port, in front of a real worker on a task queue
 * of its own and a MongoDB database of its own (the test run's Temporal dev server and FerretDB),
 * signing people in and checking programs' tokens at the test run's local OpenID Connect provider.
 */

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

const tokens = new Map<string, Promise<string>>();
/**
 * A real access token for `actor`, from the local provider by the client-credentials grant: the
 * program's client id is the actor's id. What it may do is its habilitation's, in the database of
 * the API it calls (`ApiHarness.habilitate`).
 */
export function tokenFor(actor: Actor): Promise<string> {
  let token = tokens.get(actor.id);
  if (!token) {
    token = programToken(actor.id);
    tokens.set(actor.id, token);
    token.catch(() => tokens.delete(actor.id));
  }
  return token;
}

/** Grants `actor` its role and scope, as a program, in a database's habilitations (once). */
export function habilitator(habilitations: HabilitationStore): (actor: Actor) => Promise<void> {
  const done = new Map<string, Promise<unknown>>();
  return async (actor) => {
    const key = JSON.stringify(actor);
    let granted = done.get(key);
    if (!granted) {
      granted = habilitations.grant({ kind: 'program', clientId: actor.id }, roleScopeOf(actor), { id: 'test-harness', role: null, via: 'local-development' });
      done.set(key, granted);
    }
    await granted;
  };
}

/**
 * Serves the app that `makeApp` builds for the server's own URL (its sign-in callback needs it)
 * on an ephemeral loopback port. Requests made `as` an actor carry its real token, after
 * `habilitate` gave it its habilitation.
 */
export async function listen(makeApp: (url: string) => Express | Promise<Express>, habilitate?: (actor: Actor) => Promise<void>): Promise<ApiServer> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.listen(0, '127.0.0.1', () => resolve()).on('error', reject));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  server.on('request', await makeApp(url));
  return {
    url,
    async request(method, path, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      if (options.as && typeof options.as !== 'string') await habilitate?.(options.as);
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
  habilitations: HabilitationStore;
  /** Gives an actor its habilitation in this API's database (requests `as` it do it themselves). */
  habilitate(actor: Actor): Promise<void>;
  /** Waits until `check` holds on the post as the given actor reads it. */
  waitForPost<T = any>(postId: string, as: Actor, check: (post: T) => boolean, what: string): Promise<T>;
}

/** `smtpUrl`: the worker sends this API's mails there instead of the run's Mailpit (a server of the test's own). */
export async function startApiHarness(options: { smtpUrl?: string; maxCachedWorkflows?: number } = {}): Promise<ApiHarness> {
  const address = process.env.TEMPORAL_ADDRESS;
  if (!address) throw new Error('TEMPORAL_ADDRESS is not set: run the integration tests through jest’s global setup');
  const connection = await Connection.connect({ address });
  const nativeConnection = await NativeConnection.connect({ address });
  const client = new Client({ connection });
  const harness = await startPostHarness({ client, connection: nativeConnection, smtpUrl: options.smtpUrl, maxCachedWorkflows: options.maxCachedWorkflows });
  await prepareAuthStorage(harness.mongo, { bootstrapAnctEmails: [] });
  const habilitations = createHabilitationStore(harness.mongo);
  const habilitate = habilitator(habilitations);
  const server = await listen(
    async (url) =>
      createApp({
        logger: pino({ level: 'silent' }),
        temporal: client,
        mongo: harness.mongo,
        models: harness.models,
        posts: harness.posts,
        namespace: 'default',
        taskQueue: harness.taskQueue,
        auth: await testAppAuth(url),
      }),
    habilitate,
  );
  return {
    ...server,
    harness,
    models: harness.models,
    mongo: harness.mongo,
    posts: harness.posts,
    client,
    habilitations,
    habilitate,
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
