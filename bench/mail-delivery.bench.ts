/**
 * Email delivery (issue 11), measured in one run on the same servers:
 *
 * 1. the p50 (and p99) of a transition while its notices go to an SMTP server answering at once,
 *    and to one that answers every command after 2 s, rounds interleaved; their ratio must stay
 *    ≤ 1.05, since a transition never waits for its mails;
 * 2. mails delivered per second from a full outbox (`--outbox` pending rows), by the delivery the
 *    mail activity runs, `--slots` at once as the worker's mail slots;
 * 3. the window in which a mail can go twice: from the server's acceptance to the `sent` write.
 *
 *   npm run bench:mail -- [--posts 4] [--transitions 20] [--rounds 2] [--outbox 400] [--slots 20]
 *
 * Starts its own Temporal dev server, FerretDB and Mailpit on free loopback ports, and in front of
 * this Mailpit a TCP relay that holds every answer of the server for 2 s; workers run in this
 * process (test/support/post-harness.ts), one pair per SMTP server. Stops them all at the end.
 */
import { BENCH_CONTACT } from './bench-support';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import pino from 'pino';
import type { Actor } from '../domain/lifecycle/actor';
import type { Structure } from '../domain/lifecycle/post-events';
import { createNotificationDelivery } from '../mail/delivery/deliver-notification';
import { createDirectoryStore } from '../mail/directory/directory-store';
import { domainOfAddress } from '../mail/message-id';
import { createMailRenderer } from '../mail/render-mail';
import { createSmtpTransport, type MailTransport } from '../mail/smtp/smtp-transport';
import { startFerretDbServer } from '../runtime/ferretdb-server';
import { startMailpitServer } from '../runtime/mailpit-server';
import { startTemporalDevServer } from '../runtime/temporal-dev-server';
import { type PostHarness, startPostHarness, TEST_MAIL_FROM, TEST_PUBLIC_URL } from '../test/support/post-harness';

const { values: args } = parseArgs({
  options: {
    posts: { type: 'string', default: '4' },
    transitions: { type: 'string', default: '20' },
    rounds: { type: 'string', default: '2' },
    outbox: { type: 'string', default: '400' },
    slots: { type: 'string', default: '20' },
  },
});
const POSTS = Math.max(1, Math.min(50, Number(args.posts)));
const TRANSITIONS = Math.max(2, Math.min(500, Number(args.transitions)));
const ROUNDS = Math.max(1, Math.min(10, Number(args.rounds)));
const OUTBOX = Math.max(10, Math.min(20_000, Number(args.outbox)));
const SLOTS = Math.max(1, Math.min(100, Number(args.slots)));
const SLOW_SMTP_MS = 2_000;

const structure: Structure = { name: 'Commune du banc d’essai', siret: '21971120100018', sector: 'public', kind: 'territorial-authority', department: '971' };
const contact = BENCH_CONTACT;
const agent: Actor = { id: 'bench-structure', role: 'structure', siret: structure.siret };
const prefecture: Actor = { id: 'bench-prefecture', role: 'prefecture', department: '971' };
const anct: Actor = { id: 'bench-anct', role: 'anct' };

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
const sortedOf = (values: number[]) => [...values].sort((a, b) => a - b);

/** A relay to `target` that holds each chunk the server sends for `delayMs`: an SMTP server slow to answer. */
async function slowRelay(target: URL, delayMs: number): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.on('data', (chunk) => setTimeout(() => client.writable && client.write(chunk), delayMs));
    upstream.on('end', () => setTimeout(() => client.end(), delayMs));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

async function preparePosts(harness: PostHarness, tag: string): Promise<string[]> {
  await createDirectoryStore(harness.models).set('prefecture', '971', [{ name: 'Référent préfecture 971', email: 'cnfs-971@example.fr' }], anct);
  const ids: string[] = [];
  for (let i = 0; i < POSTS; i++) {
    const event = { type: 'SUBMIT_APPLICATION', structure, contact, appliedOn: new Date().toISOString().slice(0, 10) };
    ids.push((await harness.posts.submitApplication({ actor: agent, requestId: `${tag}-apply-${i}`, event })).postId);
  }
  return ids;
}

/** `TRANSITIONS` per post, posts at once: REQUEST_INFORMATION then PROVIDE_INFORMATION, each writing one notice. */
async function transitionLatencies(harness: PostHarness, postIds: string[], round: number): Promise<number[]> {
  const latencies: number[] = [];
  await Promise.all(
    postIds.map(async (postId) => {
      for (let n = 0; n < TRANSITIONS; n++) {
        const [actor, event] =
          n % 2 === 0 ? [prefecture, { type: 'REQUEST_INFORMATION', questions: `Question ${round}.${n}` }] : [agent, { type: 'PROVIDE_INFORMATION', answers: `Réponse ${round}.${n}` }];
        const t0 = performance.now();
        // A refusal throws (PostEventRefusedError), which stops the run.
        await harness.posts.sendEvent(postId, { actor, requestId: `${postId}-${round}-${n}`, event });
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return latencies;
}

async function deliveryStates(harness: PostHarness): Promise<Record<string, number>> {
  const rows = await harness.models.Notification.find({}, { 'delivery.state': 1 }).lean<{ delivery?: { state: string } }[]>();
  return rows.reduce<Record<string, number>>((counts, r) => ({ ...counts, [r.delivery?.state ?? 'none']: (counts[r.delivery?.state ?? 'none'] ?? 0) + 1 }), {});
}

/** Fills the outbox with `OUTBOX` pending rows of one post, then delivers them `SLOTS` at once. */
async function drainOutbox(harness: PostHarness, postId: string, smtpUrl: string) {
  const createdAt = new Date().toISOString();
  const rows = Array.from({ length: OUTBOX }, (_, i) => {
    const key = `${postId}:bench-outbox:${i}:structure`;
    return { _id: key, key, postId, topic: 'information-requested', recipientRole: 'structure', recipientScope: structure.siret, subject: 'La préfecture demande des informations sur votre candidature', body: `Question ${i}`, createdAt };
  });
  await harness.models.Notification.insertMany(rows);
  const accepted = new Map<string, number>();
  const smtp = createSmtpTransport(smtpUrl);
  const transport: MailTransport = {
    server: smtp.server,
    close: () => smtp.close(),
    async send(mail) {
      const sent = await smtp.send(mail);
      accepted.set(mail.headers['X-Cnum-Notification']!, performance.now());
      return sent;
    },
  };
  const delivery = createNotificationDelivery({
    models: harness.models,
    logger: pino({ level: 'silent' }),
    transport,
    renderer: await createMailRenderer(),
    from: TEST_MAIL_FROM,
    messageIdDomain: domainOfAddress(TEST_MAIL_FROM),
    publicUrl: TEST_PUBLIC_URL,
  });
  const windows: number[] = [];
  const queue = rows.map((r) => r.key);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: SLOTS }, async () => {
      for (let key = queue.shift(); key; key = queue.shift()) {
        const outcome = await delivery.deliver(key);
        if (outcome !== 'sent') throw new Error(`${key}: ${outcome}`);
        windows.push(performance.now() - accepted.get(key)!);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  transport.close();
  return { mailsPerSecond: OUTBOX / seconds, seconds, windows: sortedOf(windows) };
}

async function main(): Promise<void> {
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cnum-bench-mail-'));
  const cleanups: (() => Promise<unknown>)[] = [async () => fs.rmSync(tempDir, { recursive: true, force: true })];
  const loadBefore = os.loadavg()[0]!;
  try {
    process.stderr.write('starting Temporal dev server, FerretDB and Mailpit…\n');
    const [temporal, mongoServer, mailpit] = await Promise.all([
      startTemporalDevServer({ env: {}, logLevel: 'error' }),
      startFerretDbServer({ dataDir: path.join(tempDir, 'ferretdb'), database: 'bench', env: {} }),
      startMailpitServer({ dbFile: path.join(tempDir, 'mailpit.db') }),
    ]);
    cleanups.push(() => temporal.stop(), () => mongoServer.stop(), () => mailpit.stop());
    process.env.MONGODB_URI = mongoServer.uri;
    const relay = await slowRelay(new URL(mailpit.smtpUrl), SLOW_SMTP_MS);
    cleanups.push(() => relay.close());
    const connection = await Connection.connect({ address: temporal.address });
    const native = await NativeConnection.connect({ address: temporal.address });
    cleanups.push(() => connection.close(), () => native.close());
    const client = new Client({ connection });

    const normal = await startPostHarness({ client, connection: native, smtpUrl: mailpit.smtpUrl });
    cleanups.push(() => normal.stop());
    const slow = await startPostHarness({ client, connection: native, smtpUrl: relay.url });
    cleanups.push(() => slow.stop());
    const [normalPosts, slowPosts] = [await preparePosts(normal, 'normal'), await preparePosts(slow, 'slow')];
    // Warm-up, not counted: the workflows' first tasks, the connections.
    await transitionLatencies(normal, normalPosts, -1);
    await transitionLatencies(slow, slowPosts, -1);

    const latencies = { normal: [] as number[], slow: [] as number[] };
    for (let round = 0; round < ROUNDS; round++) {
      latencies.normal.push(...(await transitionLatencies(normal, normalPosts, round)));
      latencies.slow.push(...(await transitionLatencies(slow, slowPosts, round)));
    }
    const slowStatesRightAfter = await deliveryStates(slow);
    const outbox = await drainOutbox(normal, normalPosts[0]!, mailpit.smtpUrl);

    const [n, s] = [sortedOf(latencies.normal), sortedOf(latencies.slow)];
    const ratio = percentile(s, 50) / percentile(n, 50);
    const ms = (v: number) => `${v.toFixed(1)} ms`;
    const lines = [
      `mail delivery bench: ${POSTS} posts × ${TRANSITIONS} transitions × ${ROUNDS} rounds per SMTP server, outbox of ${OUTBOX}, ${SLOTS} slots (load ${loadBefore.toFixed(2)} → ${os.loadavg()[0]!.toFixed(2)}, ${os.cpus().length} cores)`,
      `  transition, SMTP answering at once   p50 ${ms(percentile(n, 50))}  p99 ${ms(percentile(n, 99))}  (${n.length} transitions)`,
      `  transition, SMTP answering after 2 s p50 ${ms(percentile(s, 50))}  p99 ${ms(percentile(s, 99))}  (${s.length} transitions)`,
      `  ratio p50 slow / normal              ${ratio.toFixed(3)}  (target ≤ 1.05: ${ratio <= 1.05 ? 'met' : 'NOT met'})`,
      `  notices of the slow server right after its transitions: ${JSON.stringify(slowStatesRightAfter)}`,
      `  full outbox                          ${outbox.mailsPerSecond.toFixed(1)} mails/s  (${OUTBOX} in ${outbox.seconds.toFixed(1)} s)`,
      `  duplicate window (accepted → marked sent)  p50 ${ms(percentile(outbox.windows, 50))}  p99 ${ms(percentile(outbox.windows, 99))}  max ${ms(outbox.windows.at(-1)!)}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    for (const fn of cleanups.splice(0).reverse()) await fn().catch((e: unknown) => process.stderr.write(`cleanup: ${String(e)}\n`));
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
