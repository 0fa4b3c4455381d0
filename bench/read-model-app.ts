import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import type { Connection as MongoConnection } from 'mongoose';
import pino from 'pino';
import { createPostActivities } from '../activities/post-activities';
import { createApp } from '../api/create-app';
import { createPostWorkflowClient } from '../api/post-workflow-client';
import { registerLocalClient, relyingPartyClientMetadata } from '../auth/local-provider/register-local-client';
import { configSchema } from '../config/config';
import type { Structure } from '../domain/lifecycle/post-events';
import type { StoredPostSnapshot } from '../domain/lifecycle/post-snapshot';
import { type PostView, postView } from '../domain/lifecycle/post-view';
import type { Models } from '../models/create-models';
import { situations } from '../test/support/post-situations';

/**
 * What the benches of the read model share (the console's lists, the statistics): posts in every
 * state of the machine written by the workflow's own activity, and the product's app served on a
 * loopback port with no Temporal server behind it (those pages and routes read MongoDB only).
 */

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
