/**
 * Issue 15's exports with N posts in the read model, as ANCT downloads them through the real API
 * on FerretDB: the time to stream each export (posts, tranches, notices; CSV and XLSX) and this
 * process's memory (it serves the API; the download is counted, never kept) before, at its peak
 * while streaming (sampled), and after. Goals: each export < 5 s with 4 000 posts, memory flat.
 * Not a test: it prints figures and their ratios to the goals.
 *
 *   npm run bench:exports -- [--posts 4000]
 *
 * Starts FerretDB (or uses MONGODB_URI) and the local OpenID Connect provider on free loopback
 * ports and serves the product's app in this process (no Temporal: exports read MongoDB only).
 * The posts, at every stage of the machine, their tranches and notices are written straight
 * through the Mongoose models (test/support/export-read-model.ts). Each export is also timed
 * reading its rows from the database without writing them, to tell the database's share.
 */
import fs from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import mongoose from 'mongoose';
import pino from 'pino';
import { createApp } from '../api/create-app';
import { createPostWorkflowClient } from '../api/post-workflow-client';
import { prepareAuthStorage } from '../auth/auth-storage';
import { createHabilitationStore } from '../auth/habilitations/habilitation-store';
import { registerLocalClient, relyingPartyClientMetadata } from '../auth/local-provider/register-local-client';
import { createSessionStore } from '../auth/sessions/session-store';
import { configSchema } from '../config/config';
import { notificationExportSources, postExportSources, trancheExportSources } from '../exports/export-sources';
import { createModels, syncModelIndexes } from '../models/create-models';
import { startFerretDbServer } from '../runtime/ferretdb-server';
import { startLocalOidcProvider } from '../runtime/local-oidc-provider';
import { withDatabase } from '../runtime/with-database';
import { seedExportReadModel } from '../test/support/export-read-model';

const { values: args } = parseArgs({ options: { posts: { type: 'string', default: '4000' } } });
const POSTS = Math.max(10, Math.min(50_000, Number(args.posts)));
const DEPARTMENTS = ['971', '972', '973', '974', '976', '01', '13', '2A', '33', '35', '59', '69', '75', '93'];
const GOAL_MS = 5000;
const MiB = 1024 * 1024;

interface Memory {
  rss: number;
  heap: number;
}
const memory = (): Memory => {
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed };
};
/** A full collection when node was started with --expose-gc (the npm script does), so "before" and "after" are what stays. */
const settled = (): Memory => {
  (globalThis as { gc?: () => void }).gc?.();
  return memory();
};

async function main(): Promise<void> {
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cnum-exports-bench-'));
  const cleanups: (() => Promise<unknown>)[] = [async () => fs.rmSync(tempDir, { recursive: true, force: true })];
  try {
    process.stderr.write('starting FerretDB and the local OpenID Connect provider…\n');
    const [mongoServer, oidc] = await Promise.all([
      startFerretDbServer({ dataDir: path.join(tempDir, 'ferretdb'), database: 'bench' }),
      startLocalOidcProvider({ dataDir: path.join(tempDir, 'oidc-provider') }),
    ]);
    cleanups.push(() => mongoServer.stop(), () => oidc.stop());
    const mongo = await mongoose.createConnection(withDatabase(mongoServer.uri, `exports_bench_${process.pid}`)).asPromise();
    cleanups.push(async () => {
      await mongo.dropDatabase().catch(() => undefined);
      await mongo.close();
    });
    const models = createModels(mongo);
    await syncModelIndexes(models);
    await prepareAuthStorage(mongo, { bootstrapAnctEmails: [] });

    const seeded = performance.now();
    await seedExportReadModel(models, { posts: POSTS, departments: DEPARTMENTS, prefix: 'bench' });
    const [tranches, notices] = await Promise.all([models.Tranche.countDocuments(), models.Notification.countDocuments()]);
    process.stderr.write(`read model of ${POSTS} posts, ${tranches} tranches, ${notices} notices written in ${((performance.now() - seeded) / 1000).toFixed(1)} s\n`);

    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    cleanups.push(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const rp = await registerLocalClient(oidc.issuer, oidc.registrationToken, relyingPartyClientMetadata('exports-bench-rp', url));
    // The exports never reach Temporal: a lazy connection that nothing opens.
    const temporal = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
    server.on(
      'request',
      createApp({
        logger: pino({ level: 'silent' }),
        temporal,
        mongo,
        models,
        posts: createPostWorkflowClient(temporal, 'unused'),
        namespace: 'default',
        taskQueue: 'unused',
        auth: {
          publicUrl: url,
          oidc: { issuer: oidc.issuer, clientId: rp.clientId, clientSecret: rp.clientSecret },
          apiTokens: { issuer: oidc.issuer, audience: configSchema.shape.API_AUDIENCE.parse(undefined) },
          sessionTtlMinutes: 60,
        },
      }),
    );
    const email = 'agent.banc@anct.test';
    await createHabilitationStore(mongo).grant({ kind: 'person', email }, { role: 'anct' }, { id: 'bench', role: null, via: 'local-development' });
    const { cookieValue } = await createSessionStore(mongo, { ttlMinutes: 60 }).create(
      { email, sub: 'bench', idpId: null, givenName: 'Agent', usualName: 'Banc', siret: null, uid: null },
      'bench-id-token',
    );
    const cookie = `cnum_session=${cookieValue}`;

    const readers = { posts: postExportSources, tranches: trancheExportSources, notifications: notificationExportSources };
    const results = [];
    for (const kind of ['posts', 'tranches', 'notifications'] as const) {
      // The database's share: the rows read (cursor, batched queries), nothing written.
      let t0 = performance.now();
      let rows = 0;
      for await (const _ of readers[kind](models, {})) rows += 1;
      const readMs = performance.now() - t0;
      for (const format of ['csv', 'xlsx'] as const) {
        const before = settled();
        let peak = before;
        const sampler = setInterval(() => {
          const now = memory();
          peak = { rss: Math.max(peak.rss, now.rss), heap: Math.max(peak.heap, now.heap) };
        }, 10);
        t0 = performance.now();
        const response = await fetch(`${url}/api/v1/exports/${kind}?format=${format}`, { headers: { cookie } });
        if (response.status !== 200) throw new Error(`${kind} ${format}: ${response.status} ${await response.text()}`);
        let bytes = 0;
        let firstByteMs = 0;
        for await (const chunk of response.body!) {
          if (bytes === 0) firstByteMs = performance.now() - t0;
          bytes += (chunk as Uint8Array).byteLength;
        }
        const ms = performance.now() - t0;
        clearInterval(sampler);
        const after = settled();
        results.push({ kind, format, rows, bytes, readMs, firstByteMs, ms, before, peak, after });
      }
    }

    const cpus = os.cpus();
    console.log(
      `\nExports: ${POSTS} posts, ${tranches} tranches, ${notices} notices in the read model (${mongoServer.kind}), streamed one at a time through the API as ANCT; ` +
        `node ${process.version}, ${cpus.length} × ${cpus[0]?.model ?? 'cpu'}, gc ${(globalThis as { gc?: unknown }).gc ? 'forced before and after' : 'not exposed'}; 1-min load average ${os.loadavg()[0]!.toFixed(1)}\n`,
    );
    console.log('| export | rows | size | database read only | first byte | whole download | ratio to 5 s | RSS before → peak → after (MiB) | heap before → peak → after (MiB) | peak heap − before |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | ---: |');
    const mib = (n: number) => (n / MiB).toFixed(0);
    for (const r of results) {
      console.log(
        `| ${r.kind} ${r.format} | ${r.rows} | ${(r.bytes / MiB).toFixed(2)} MiB | ${(r.readMs / 1000).toFixed(2)} s | ${(r.firstByteMs / 1000).toFixed(2)} s | ${(r.ms / 1000).toFixed(2)} s | ${(r.ms / GOAL_MS).toFixed(2)} (${r.ms < GOAL_MS ? 'met' : 'missed'}) | ` +
          `${mib(r.before.rss)} → ${mib(r.peak.rss)} → ${mib(r.after.rss)} | ${mib(r.before.heap)} → ${mib(r.peak.heap)} → ${mib(r.after.heap)} | ${((r.peak.heap - r.before.heap) / MiB).toFixed(1)} MiB |`,
      );
    }
  } finally {
    for (const fn of cleanups.splice(0).reverse()) await fn().catch((e) => process.stderr.write(`cleanup: ${String(e)}\n`));
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
