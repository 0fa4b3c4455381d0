/**
 * Issue 15's exports with N posts in the read model, as ANCT downloads them through the real API
 * on FerretDB: the time to stream each export (posts, tranches, notices; CSV and XLSX) and this
 * process's memory (it serves the API; the download is counted, never kept) before, at its peak
 * while streaming (sampled), and after. Goals: each export < 5 s with 4 000 posts, memory flat.
 * Not a test: it prints figures and their ratios to the goals.
 *
 *   npm run bench:exports -- [--posts 4000]
 *
 * Starts FerretDB and the local OpenID Connect provider on free loopback
 * ports and serves the product's app in this process (no Temporal: exports read MongoDB only).
 * The posts, at every stage of the machine, their tranches and notices are written straight
 * through the Mongoose models (test/support/export-read-model.ts). Each export is also timed
 * reading its rows from the database without writing them, to tell the database's share.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { notificationExportSources, postExportSources, trancheExportSources } from '../exports/export-sources';
import { seedExportReadModel } from '../test/support/export-read-model';
import { anctSessionCookie, serveReadModelApp, startReadModelStack } from './read-model-app';
import { type Cleanups, runBench } from './bench-support';

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

async function main(cleanups: Cleanups): Promise<void> {
  const { mongo, models, oidc, serverKind } = await startReadModelStack('exports', cleanups);

  const seeded = performance.now();
  await seedExportReadModel(models, { posts: POSTS, departments: DEPARTMENTS, prefix: 'bench' });
  const [tranches, notices] = await Promise.all([models.Tranche.countDocuments(), models.Notification.countDocuments()]);
  process.stderr.write(`read model of ${POSTS} posts, ${tranches} tranches, ${notices} notices written in ${((performance.now() - seeded) / 1000).toFixed(1)} s\n`);

  const app = await serveReadModelApp({ mongo, models, oidc, clientName: 'exports-bench-rp' });
  cleanups.push(() => app.close());
  const { url } = app;
  const cookie = await anctSessionCookie(mongo);

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
    `\nExports: ${POSTS} posts, ${tranches} tranches, ${notices} notices in the read model (${serverKind}), streamed one at a time through the API as ANCT; ` +
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
}

runBench(main);
