/**
 * Server time of the console's lists with N posts in the read model, as ANCT sees them: « Postes »
 * (first page, filtered, searched) and « Mes actions », p50/p95 over M requests each. Goal (issue
 * 14): p95 < 200 ms with 4 000 posts on FerretDB. Not a test: it prints figures.
 *
 *   npm run bench:console -- [--posts 4000] [--requests 50]
 *
 * Starts FerretDB (or uses MONGODB_URI) and the local OpenID Connect provider on free loopback
 * ports, and serves the product's app in this process (no Temporal server: the lists read MongoDB
 * only). The read model is written by the workflow's own activity (`recordPostChange`), from views
 * the pure decision function computes for posts in every state of the machine; the requests carry
 * a real session cookie of an ANCT agent.
 */
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { luhnSiret } from '../test/integration/api/api-fixtures';
import { anctSessionCookie, seedReadModelPosts, serveReadModelApp, startReadModelStack } from './read-model-app';
import { type Cleanups, runBench } from './bench-support';

const { values: args } = parseArgs({ options: { posts: { type: 'string', default: '4000' }, requests: { type: 'string', default: '50' } } });
const POSTS = Math.max(10, Math.min(50_000, Number(args.posts)));
const REQUESTS = Math.max(5, Math.min(1000, Number(args.requests)));
const DEPARTMENTS = ['971', '972', '973', '974', '976', '01', '13', '2A', '33', '35', '59', '69', '75', '93'];
const TOWNS = ['Sainte-Anne', 'Le Gosier', 'Baie-Mahault', 'Saint-François', 'Le Lamentin', 'Saint-Paul', 'Évry', 'Lyon', 'Marseille', 'Rennes'];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main(cleanups: Cleanups): Promise<void> {
  const { mongo, models, oidc, serverKind } = await startReadModelStack('console', cleanups);

  // The read model of POSTS posts in every state, written by the workflow's own activity.
  const seeded = performance.now();
  await seedReadModelPosts(models, POSTS, (n) => ({
    name: `Commune de ${TOWNS[n % TOWNS.length]} ${n}`,
    siret: luhnSiret(`2${String(n).padStart(12, '0')}`),
    sector: 'public',
    kind: 'territorial-authority',
    department: DEPARTMENTS[n % DEPARTMENTS.length]!,
  }));
  process.stderr.write(`read model of ${POSTS} posts written in ${((performance.now() - seeded) / 1000).toFixed(1)} s\n`);

  const app = await serveReadModelApp({ mongo, models, oidc, clientName: 'console-bench-rp' });
  cleanups.push(() => app.close());
  const { url } = app;

  const cookie = await anctSessionCookie(mongo);

  const pages = [
    // What every page costs besides its list: a page without the database, then the session and habilitations read.
    { name: 'baseline: sign-in page (no database)', path: '/console/connexion' },
    { name: 'baseline: session and habilitations only', path: '/console/habilitation' },
    { name: 'Postes, first page', path: '/console/postes' },
    { name: 'Postes, filtered (971, recruiting)', path: '/console/postes?departement=971&statut=recruiting' },
    { name: 'Postes, searched (« sainte anne »)', path: '/console/postes?recherche=sainte+anne' },
    { name: 'Mes actions', path: '/console/' },
  ];
  const loadBefore = os.loadavg()[0]!;
  const results = [];
  for (const page of pages) {
    const get = async () => {
      const response = await fetch(`${url}${page.path}`, { headers: { cookie }, redirect: 'manual' });
      const body = await response.text();
      if (response.status !== 200) throw new Error(`${page.path}: ${response.status} ${body.slice(0, 300)}`);
      return body;
    };
    // The first list request of the process reads the whole read model into memory.
    const first = performance.now();
    await get();
    const firstMs = performance.now() - first;
    const ms: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const t0 = performance.now();
      await get();
      ms.push(performance.now() - t0);
    }
    ms.sort((a, b) => a - b);
    results.push({ page: page.name, first: firstMs, p50: percentile(ms, 50), p95: percentile(ms, 95) });
  }
  const cpus = os.cpus();
  console.log(
    `\nConsole lists: ${POSTS} posts in the read model (${serverKind}), ${REQUESTS} requests each, one at a time, as ANCT; ` +
      `node ${process.version}, ${cpus.length} × ${cpus[0]?.model ?? 'cpu'}; 1-min load average ${loadBefore.toFixed(1)} before, ${os.loadavg()[0]!.toFixed(1)} after\n`,
  );
  console.log('| page | first request ms | p50 ms | p95 ms | goal p95 < 200 ms |');
  console.log('| --- | ---: | ---: | ---: | --- |');
  for (const r of results) {
    console.log(`| ${r.page} | ${r.first.toFixed(1)} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.page.startsWith('baseline') ? '' : r.p95 < 200 ? 'met' : 'missed'} |`);
  }
}

runBench(main);
