/**
 * Time of `GET /api/v1/stats` through the real API with N posts at various stages in the read
 * model, on FerretDB (or MONGODB_URI): p50 of M calls as ANCT (everything) and as a prefecture
 * (one département), printed as a ratio to the goal of issue 15 (< 1 s). Then where the time goes:
 * the read of `post_figures` and the pure figures, timed alone in this process. Not a test: it
 * prints figures.
 *
 *   npm run bench:stats -- [--posts 4000] [--calls 5]
 *
 * The posts are written by the workflow's own activity (`recordPostChange`) from views of posts in
 * every state of the machine (bench/read-model-app.ts); each gets the timeline events that date
 * its stages and three outbox rows in the delivery states the mail delivery writes, inserted
 * straight into the read model, from which `post_figures` is then rebuilt (timed too).
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { todayInParis } from '../api/today-in-paris';
import { createHabilitationStore } from '../auth/habilitations/habilitation-store';
import { createSessionStore } from '../auth/sessions/session-store';
import { addDays, type BusinessDate } from '../domain/calendar/business-date';
import type { Structure } from '../domain/lifecycle/post-events';
import type { DeliveryState } from '../mail/delivery/delivery-state';
import { programmeFigures } from '../stats/programme-figures';
import { createPostFiguresStore } from '../stats/post-figures-store';
import { readStatsRows } from '../stats/stats-read-model';
import { luhnSiret } from '../test/integration/api/api-fixtures';
import { seedReadModelPosts, serveReadModelApp, startReadModelStack } from './read-model-app';
import { type Cleanups, runBench } from './bench-support';

const { values: args } = parseArgs({ options: { posts: { type: 'string', default: '4000' }, calls: { type: 'string', default: '5' } } });
const POSTS = Math.max(10, Math.min(50_000, Number(args.posts)));
const CALLS = Math.max(1, Math.min(100, Number(args.calls)));
const GOAL_MS = 1_000;
const DEPARTMENTS = ['971', '972', '973', '974', '976', '01', '13', '2A', '33', '35', '59', '69', '75', '93'];
const STATES: DeliveryState[] = ['sent', 'sent', 'failed', 'no_recipient', 'pending'];

const median = (ms: number[]) => [...ms].sort((a, b) => a - b)[Math.floor((ms.length - 1) / 2)]!;

async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const value = await run();
  return [value, performance.now() - t0];
}

async function main(cleanups: Cleanups): Promise<void> {
  const { mongo, models, oidc, serverKind } = await startReadModelStack('stats', cleanups);

  const today = todayInParis();
  const seeded = performance.now();
  const structureOf = (n: number): Structure => ({
    name: `Commune ${n}`,
    siret: luhnSiret(`2${String(n).padStart(12, '0')}`),
    sector: 'public',
    kind: 'territorial-authority',
    department: DEPARTMENTS[n % DEPARTMENTS.length]!,
  });
  await seedReadModelPosts(models, POSTS, structureOf, async (postId, view, n) => {
    // The stages' events, spread over the past year, and the post's outbox rows.
    const applied: BusinessDate = addDays(today, -400 + (n % 97));
    const stages: [string, Record<string, unknown>][] = [
      ['SUBMIT_APPLICATION', { appliedOn: applied }],
      ['COMMITTEE_DECISION', { decision: 'validated', decidedOn: addDays(applied, 20 + (n % 23)) }],
      ['SIGN_CONTRACT', { signedOn: addDays(applied, 60 + (n % 41)) }],
      ['VALIDATE_CONFORMITY', { validatedOn: addDays(applied, 70 + (n % 31)) }],
      ['SIGN_CONVENTION', { signedOn: addDays(applied, 85 + (n % 37)) }],
      ['START_TRAINING', { startedOn: addDays(applied, 75 + (n % 29)) }],
    ];
    await models.PostEvent.insertMany(
      stages.slice(0, 1 + (n % stages.length)).map(([type, payload], i) => ({
        _id: `${postId}:${i + 2}`,
        key: `${postId}:${i + 2}`,
        postId,
        outcome: 'accepted',
        version: i + 2,
        requestId: `bench-${n}-${i}`,
        actor: { id: 'bench', role: 'anct' },
        type,
        payload: { type, ...payload },
        rulesRevision: 3,
        receivedAt: new Date().toISOString(),
        status: view.status,
      })),
    );
    await models.Notification.insertMany(
      [0, 1, 2].map((i) => {
        const state = STATES[(n + i) % STATES.length]!;
        return {
          _id: `bench:${postId}:${i}`,
          key: `bench:${postId}:${i}`,
          postId,
          topic: 'tranche_due',
          recipientRole: 'bdt',
          recipientScope: null,
          subject: 'Tranche due',
          body: 'Une tranche est due.',
          createdAt: new Date(Date.now() - (n % 300) * 86_400_000).toISOString(),
          delivery: { state, attempts: state === 'pending' ? 0 : 1, to: state === 'no_recipient' ? [] : ['bdt@example.fr'], sentAt: state === 'sent' ? new Date().toISOString() : null },
        };
      }),
    );
  });
  process.stderr.write(`read model of ${POSTS} posts written in ${((performance.now() - seeded) / 1000).toFixed(1)} s\n`);
  // The events and outbox rows above went straight to their collections: the statistics' copy is rebuilt from them, as after an upgrade.
  const [rebuilt, rebuildMs] = await timed(() => createPostFiguresStore(models).rebuild());

  const app = await serveReadModelApp({ mongo, models, oidc, clientName: 'stats-bench-rp' });
  cleanups.push(() => app.close());
  const { url } = app;

  const sessions = createSessionStore(mongo, { ttlMinutes: 60 });
  const habilitations = createHabilitationStore(mongo);
  async function cookieOf(email: string, scope: Parameters<typeof habilitations.grant>[1]): Promise<string> {
    await habilitations.grant({ kind: 'person', email }, scope, { id: 'bench', role: null, via: 'local-development' });
    const { cookieValue } = await sessions.create({ email, sub: email, idpId: null, givenName: 'Agent', usualName: 'Banc', siret: null, uid: null }, 'bench-id-token');
    return `cnum_session=${cookieValue}`;
  }
  const callers = [
    { name: 'ANCT, everything', cookie: await cookieOf('stats.banc@anct.test', { role: 'anct' }), query: '' },
    { name: 'ANCT, a period of 6 months', cookie: await cookieOf('stats.banc@anct.test', { role: 'anct' }), query: `?from=${addDays(today, -180)}&to=${today}` },
    { name: 'prefecture of 971', cookie: await cookieOf('stats.banc@guadeloupe.pref.test', { role: 'prefecture', department: '971' }), query: '' },
  ];

  const loadBefore = os.loadavg()[0]!;
  const results = [];
  for (const caller of callers) {
    const ms: number[] = [];
    let bytes = 0;
    for (let i = 0; i < CALLS; i++) {
      const [, elapsed] = await timed(async () => {
        const response = await fetch(`${url}/api/v1/stats${caller.query}`, { headers: { cookie: caller.cookie } });
        const body = await response.text();
        if (response.status !== 200) throw new Error(`${caller.name}: ${response.status} ${body.slice(0, 300)}`);
        bytes = body.length;
      });
      ms.push(elapsed);
    }
    results.push({ name: caller.name, p50: median(ms), bytes });
  }

  // Where the time goes, for ANCT's call: the read alone, then the pure figures.
  const [posts, readMs] = await timed(() => readStatsRows(models, {}));
  const [, figuresMs] = await timed(async () => programmeFigures({ posts, period: { from: null, to: null }, today }));

  const cpus = os.cpus();
  console.log(
    `\nGET /api/v1/stats: ${POSTS} posts, ${rebuilt.events} stage events, ${rebuilt.notices} outbox rows (${serverKind}); p50 of ${CALLS} calls, one at a time; ` +
      `node ${process.version}, ${cpus.length} × ${cpus[0]?.model ?? 'cpu'}; 1-min load average ${loadBefore.toFixed(1)} before, ${os.loadavg()[0]!.toFixed(1)} after\n`,
  );
  console.log('| caller | p50 ms | ratio to goal (< 1 s) | answer bytes |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const r of results) console.log(`| ${r.name} | ${r.p50.toFixed(0)} | ${(r.p50 / GOAL_MS).toFixed(2)} ${r.p50 < GOAL_MS ? '(met)' : '(missed)'} | ${r.bytes} |`);
  console.log('\nWhere ANCT’s call spends its time (each part alone, once):\n');
  console.log('| part | ms | rows |');
  console.log('| --- | ---: | ---: |');
  console.log(`| post_figures: one find, figures parsed | ${readMs.toFixed(0)} | ${posts.length} |`);
  console.log(`| pure figures (stats/programme-figures.ts) | ${figuresMs.toFixed(1)} | |`);
  console.log(`\npost_figures rebuilt from the posts, their timelines and the outbox (npm run stats:rebuild) in ${(rebuildMs / 1000).toFixed(1)} s`);
}

runBench(main);
