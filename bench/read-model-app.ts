import fs from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import mongoose, { type Connection as MongoConnection } from 'mongoose';
import pino from 'pino';
import { createPostActivities } from '../activities/post-activities';
import { prepareAuthStorage } from '../auth/auth-storage';
import { createHabilitationStore } from '../auth/habilitations/habilitation-store';
import { createSessionStore } from '../auth/sessions/session-store';
import { createApp } from '../api/create-app';
import { createPostWorkflowClient } from '../api/post-workflow-client';
import { registerLocalClient, relyingPartyClientMetadata } from '../auth/local-provider/register-local-client';
import { configSchema } from '../config/config';
import type { Structure } from '../domain/lifecycle/post-events';
import type { StoredPostSnapshot } from '../domain/lifecycle/post-snapshot';
import { type PostView, postView } from '../domain/lifecycle/post-view';
import { createModels, type Models, syncModelIndexes } from '../models/create-models';
import { startFerretDbServer } from '../runtime/ferretdb-server';
import { startLocalOidcProvider } from '../runtime/local-oidc-provider';
import { withDatabase } from '../runtime/with-database';
import { situations } from '../test/support/post-situations';
import type { Cleanups } from './bench-support';

/**
 * What the benches of the read model share (the console's lists, the statistics): posts in every
 * state of the machine written by the workflow's own activity, and the product's app served on a
 * loopback port with no Temporal server behind it (those pages and routes read MongoDB only).
 */

/**
 * FerretDB and the local OpenID Connect provider on free loopback ports, in a temporary folder; a
 * database of the bench's own with its models' indexes and the sign-in collections. Each thing
 * started pushes its stop on `cleanups`, which the bench runs in reverse order.
 */
export async function startReadModelStack(bench: string, cleanups: Cleanups) {
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), `cnum-${bench}-bench-`));
  cleanups.push(async () => fs.rmSync(tempDir, { recursive: true, force: true }));
  process.stderr.write('starting FerretDB and the local OpenID Connect provider…\n');
  const [mongoServer, oidc] = await Promise.all([
    startFerretDbServer({ dataDir: path.join(tempDir, 'ferretdb'), database: 'bench' }),
    startLocalOidcProvider({ dataDir: path.join(tempDir, 'oidc-provider') }),
  ]);
  cleanups.push(() => mongoServer.stop(), () => oidc.stop());
  const mongo = await mongoose.createConnection(withDatabase(mongoServer.uri, `${bench}_bench_${process.pid}`)).asPromise();
  cleanups.push(async () => {
    await mongo.dropDatabase().catch(() => undefined);
    await mongo.close();
  });
  const models = createModels(mongo);
  await syncModelIndexes(models);
  await prepareAuthStorage(mongo, { bootstrapAnctEmails: [] });
  return { mongo, models, oidc, serverKind: mongoServer.kind };
}

/** Writes `count` posts, 25 at a time, the n-th in the n-th state of the machine (cycling) with `structureOf(n)`; `then` adds rows of its own. */
export async function seedReadModelPosts(
  models: Models,
  count: number,
  structureOf: (n: number) => Structure,
  then: (postId: string, view: PostView, n: number) => Promise<void> = async () => {},
): Promise<void> {
  const states = Object.values(situations());
  const activities = createPostActivities({ models, logger: pino({ level: 'silent' }) });
  for (let start = 0; start < count; start += 25) {
    await Promise.all(
      Array.from({ length: Math.min(25, count - start) }, async (_, j) => {
        const n = start + j;
        const postId = `bench-${String(n).padStart(6, '0')}`;
        const state = states[n % states.length]!;
        const stored: StoredPostSnapshot = { ...state, context: { ...state.context, postId, structure: structureOf(n) } };
        const view = postView(postId, 1, stored);
        await activities.recordPostChange({
          entry: { postId, version: 1, requestId: `seed-${n}`, actor: { id: 'bench', role: 'anct' }, type: 'SEED', payload: null, rulesRevision: 2, receivedAt: new Date().toISOString(), statusBefore: null, status: view.status },
          notifications: [],
          view,
          changed: { structure: true, advisor: true, convention: true },
        });
        await then(postId, view, n);
      }),
    );
  }
}

/** The product's app on a free loopback port, signing people in at the local provider `oidc`. */
export async function serveReadModelApp(input: { mongo: MongoConnection; models: Models; oidc: { issuer: string; registrationToken: string }; clientName: string }) {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const rp = await registerLocalClient(input.oidc.issuer, input.oidc.registrationToken, relyingPartyClientMetadata(input.clientName, url));
  // A lazy connection that nothing opens: these routes never reach Temporal.
  const temporal = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
  server.on(
    'request',
    createApp({
      logger: pino({ level: 'silent' }),
      temporal,
      mongo: input.mongo,
      models: input.models,
      posts: createPostWorkflowClient(temporal, 'unused'),
      namespace: 'default',
      taskQueue: 'unused',
      auth: {
        publicUrl: url,
        oidc: { issuer: input.oidc.issuer, clientId: rp.clientId, clientSecret: rp.clientSecret },
        apiTokens: { issuer: input.oidc.issuer, audience: configSchema.shape.API_AUDIENCE.parse(undefined) },
        sessionTtlMinutes: 60,
      },
    }),
  );
  return {
    url,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** The cookie of an ANCT agent signed in: a session and a habilitation written straight to the bench's database. */
export async function anctSessionCookie(mongo: MongoConnection): Promise<string> {
  const email = 'agent.banc@anct.test';
  await createHabilitationStore(mongo).grant({ kind: 'person', email }, { role: 'anct' }, { id: 'bench', role: null, via: 'local-development' });
  const { cookieValue } = await createSessionStore(mongo, { ttlMinutes: 60 }).create(
    { email, sub: 'bench', idpId: null, givenName: 'Agent', usualName: 'Banc', siret: null, uid: null },
    'bench-id-token',
  );
  return `cnum_session=${cookieValue}`;
}
