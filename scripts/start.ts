/**
 * `npm start`: runs the whole product on this machine.
 *
 * 1. builds the missing server tools (`npm run tools`; instant when they are there);
 * 2. starts the Temporal dev server (state in data/temporal.db, web UI on) and FerretDB (data in
 *    data/ferretdb/), on their usual ports 7233/8233 and 27017 when free, else on free ports;
 *    with TEMPORAL_ADDRESS or MONGODB_URI set, uses that server and starts none;
 * 3. starts the local OpenID Connect provider (keys in data/oidc-provider/), unless OIDC_ISSUER and
 *    API_TOKEN_ISSUER name other providers: people sign in there with development accounts (given
 *    their habilitations once), and programs get their access tokens there (`npm run token`);
 * 3b. starts Mailpit (mails kept in data/mailpit.db), unless SMTP_URL names an SMTP server: the worker
 *    sends the notifications there, and its HTTP API shows what was sent;
 * 4. builds the workflow bundle when it is missing or older than the sources (`npm run
 *    build:workflows`), then starts `worker.ts`, which loads it, and `server.ts` (the API) with the
 *    environment pointing at them;
 * 5. prints where everything listens, then waits.
 *
 * Ctrl-C (or SIGTERM) stops the API and the worker, then the servers, and leaves no process behind.
 * If any of them dies, everything is stopped and the exit code is non-zero. A second start reuses
 * the data.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { grantDevelopmentHabilitations } from '../auth/local-provider/grant-development-habilitations';
import { npmStartStateFile, writeNpmStartState } from '../auth/local-provider/npm-start-state';
import { registerLocalClient, relyingPartyClientMetadata } from '../auth/local-provider/register-local-client';
import { ConfigError, loadConfig } from '../config/config';
import { startFerretDbServer, type FerretDbServer } from '../runtime/ferretdb-server';
import { preferredOrFreePort } from '../runtime/free-port';
import { type LocalOidcProvider, startLocalOidcProvider } from '../runtime/local-oidc-provider';
import { type MailpitServer, startMailpitServer } from '../runtime/mailpit-server';
import { prettyLogLine } from '../runtime/pretty-log-line';
import { buildPostWorkflowBundle, postWorkflowBundleIsCurrent } from '../runtime/post-workflow-bundle';
import { processIsAlive } from '../runtime/process-is-alive';
import { spawnManaged, type ManagedProcess } from '../runtime/spawn-managed';
import { startTemporalDevServer, type TemporalDevServer } from '../runtime/temporal-dev-server';
import { mongodExecutable, toolPaths } from '../runtime/tool-paths';
import { waitUntil } from '../runtime/wait-until';
import { installTools } from './install-tools';

const root = toolPaths.repoRoot;
const dataDir = path.join(root, 'data');
const lockFile = path.join(dataDir, '.npm-start.pid');

interface Running {
  servers: { temporal?: TemporalDevServer; mongo?: FerretDbServer; oidc?: LocalOidcProvider; mailpit?: MailpitServer };
  apps: ManagedProcess[];
}

const running: Running = { servers: {}, apps: [] };
let shuttingDown: Promise<never> | undefined;

function say(line = ''): void {
  process.stdout.write(`${line}\n`);
}

async function main(): Promise<void> {
  const started = Date.now();
  installSignalHandlers();
  watchLauncher();
  await installTools((line) => say(line));

  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message, 2);
    throw error;
  }
  for (const file of ['worker.ts', 'server.ts']) {
    if (!fs.existsSync(path.join(root, file))) fail(`${file} is missing at ${root}`);
  }
  takeDataLock();

  // Servers: both at once. A mongod on PATH gets a folder of its own (another file format).
  const mongoDataDir = path.join(dataDir, mongodExecutable() ? 'mongod' : 'ferretdb');
  const localPeople = !config.OIDC_ISSUER;
  const localPrograms = !config.API_TOKEN_ISSUER;
  const [temporal, mongo, oidc] = await Promise.allSettled([
    startTemporalDevServer({
      port: 7233,
      fallbackToFreePort: true,
      ui: { port: 8233 },
      dbFile: path.join(dataDir, 'temporal.db'),
      namespaces: [config.TEMPORAL_NAMESPACE],
      echo: true,
    }),
    startFerretDbServer({
      port: 27017,
      fallbackToFreePort: true,
      dataDir: mongoDataDir,
      database: 'cnum',
      echo: true,
    }),
    localPeople || localPrograms
      ? startLocalOidcProvider({ port: 9090, fallbackToFreePort: true, dataDir: path.join(dataDir, 'oidc-provider'), echo: true })
      : Promise.resolve(undefined),
  ]);
  if (temporal.status === 'fulfilled') running.servers.temporal = temporal.value;
  if (mongo.status === 'fulfilled') running.servers.mongo = mongo.value;
  if (oidc.status === 'fulfilled') running.servers.oidc = oidc.value;
  if (temporal.status === 'rejected' || mongo.status === 'rejected' || oidc.status === 'rejected') {
    const reasons = [temporal, mongo, oidc].flatMap((r) => (r.status === 'rejected' ? [errorText(r.reason)] : []));
    return shutdown(1, reasons.join('\n'));
  }
  for (const server of [temporal.value.process, mongo.value.process, oidc.value?.process]) if (server) watch(server);
  if (!config.SMTP_URL) {
    try {
      running.servers.mailpit = await startMailpitServer({ smtpPort: 1025, httpPort: 8025, fallbackToFreePort: true, dbFile: path.join(dataDir, 'mailpit.db'), echo: true });
    } catch (error) {
      return shutdown(1, `Mailpit: ${errorText(error)}`);
    }
    watch(running.servers.mailpit.process);
  }
  const mailpit = running.servers.mailpit;

  // The worker and the API, on this machine's servers.
  const httpPort = process.env.HTTP_PORT ? config.HTTP_PORT : await preferredOrFreePort(3000, config.HTTP_HOST);
  const apiHost = config.HTTP_HOST === '0.0.0.0' || config.HTTP_HOST === '::' ? '127.0.0.1' : config.HTTP_HOST;
  const apiUrl = `http://${apiHost.includes(':') ? `[${apiHost}]` : apiHost}:${httpPort}`;
  const publicUrl = process.env.PUBLIC_URL ? config.PUBLIC_URL : apiUrl;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TEMPORAL_ADDRESS: temporal.value.address,
    MONGODB_URI: mongo.value.uri,
    HTTP_HOST: config.HTTP_HOST,
    HTTP_PORT: String(httpPort),
    PUBLIC_URL: publicUrl,
    ...(mailpit ? { SMTP_URL: mailpit.smtpUrl } : {}),
  };
  const localOidc = oidc.value;
  try {
    if (localOidc && localPeople) {
      // The product as the local provider's relying party, as it is registered at ProConnect.
      const rp = await registerLocalClient(localOidc.issuer, localOidc.registrationToken, relyingPartyClientMetadata('cnum-orchestrator-local', publicUrl));
      Object.assign(env, { OIDC_ISSUER: localOidc.issuer, OIDC_CLIENT_ID: rp.clientId, OIDC_CLIENT_SECRET: rp.clientSecret });
      await grantDevelopmentHabilitations(mongo.value.uri);
    }
    if (localOidc && localPrograms) env.API_TOKEN_ISSUER = localOidc.issuer;
  } catch (error) {
    return shutdown(1, `the local OpenID Connect provider: ${errorText(error)}`);
  }
  // `node --import tsx`, not the tsx CLI: one process each, so SIGTERM reaches the program itself
  // (the CLI relays signals but SIGKILLs a child that does not acknowledge one within 30 ms).
  // Their stdout is a pipe, so they write JSON lines; a person at this terminal reads them prettified.
  const formatEcho = process.stderr.isTTY ? prettyLogLine : undefined;
  if (!config.WORKFLOW_BUNDLE_PATH && !postWorkflowBundleIsCurrent()) {
    try {
      say(`workflow bundle: ${path.relative(root, (await buildPostWorkflowBundle()).bundlePath)} built`);
    } catch (error) {
      return shutdown(1, `the workflow bundle: ${errorText(error)}`);
    }
  }
  for (const [name, file] of [['worker', 'worker.ts'], ['api', 'server.ts']] as const) {
    const args = ['--import', 'tsx', file];
    const app = await spawnManaged({ name, command: process.execPath, args, cwd: root, env, echo: true, echoWhileStopping: true, formatEcho });
    running.apps.push(app);
    watch(app);
  }

  try {
    const status = await waitUntil(`the API on ${apiUrl}`, () => httpStatus(`${apiUrl}/health`), {
      timeoutMs: 90_000,
      intervalMs: 250,
      giveUp: () => (shuttingDown ? 'stopping' : undefined),
    });
    if (status !== 200) say(`note: GET /health answered ${status}; see the API's log lines above`);
  } catch (error) {
    return shutdown(1, errorText(error));
  }

  const ferret = mongo.value.kind === 'external' ? 'MONGODB_URI' : `${mongo.value.kind}, data in ${path.relative(root, mongoDataDir)}/`;
  const temporalWhat = temporal.value.external ? 'TEMPORAL_ADDRESS' : 'dev server, state in data/temporal.db';
  say('');
  say(`cnum-orchestrator is running (ready in ${((Date.now() - started) / 1000).toFixed(1)} s):`);
  say(`  API            ${apiUrl}  (GET ${apiUrl}/health)`);
  say(`  Temporal gRPC  ${temporal.value.address}  (${temporalWhat}; namespace ${config.TEMPORAL_NAMESPACE}, task queue ${config.TEMPORAL_TASK_QUEUE})`);
  if (temporal.value.uiUrl) say(`  Temporal UI    ${temporal.value.uiUrl}`);
  say(`  MongoDB        ${mongo.value.uri}  (${ferret})`);
  if (localOidc) say(`  OpenID Connect ${localOidc.issuer}  (local provider, keys in data/oidc-provider/)`);
  say(`  Console        ${publicUrl}/console/  (the staff's pages, signed in with the provider below)`);
  say(`  Sign-in        ${publicUrl}/auth/login  (${localPeople ? 'development accounts on the local sign-in page' : 'OIDC_ISSUER'})`);
  const smtp = mailpit ? `${mailpit.smtpUrl}  (Mailpit, mails in data/mailpit.db; read them at ${mailpit.apiUrl}/api/v1/messages)` : 'SMTP_URL';
  say(`  SMTP           ${smtp}`);
  say(`  Tokens         npm run token -- --role anct  (${localPrograms ? 'client credentials at the local provider' : 'API_TOKEN_ISSUER'})`);
  writeNpmStartState(dataDir, {
    apiUrl,
    mongodbUri: mongo.value.uri,
    temporalAddress: temporal.value.address,
    apiTokenIssuer: env.API_TOKEN_ISSUER!,
    apiAudience: config.API_AUDIENCE,
    localProviderDataDir: localOidc && localPrograms ? localOidc.dataDir : null,
  });
  say('Press Ctrl-C to stop.');
  say('');
}

/** One `npm start` at a time may own data/: two Temporal servers on one SQLite file would corrupt it. */
function takeDataLock(): void {
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    const pid = Number(fs.readFileSync(lockFile, 'utf8'));
    if (pid && pid !== process.pid && processIsAlive(pid)) {
      fail(`another 'npm start' (pid ${pid}) is running on ${dataDir}: stop it first`);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  fs.writeFileSync(lockFile, String(process.pid));
  process.on('exit', () => {
    try {
      if (fs.readFileSync(lockFile, 'utf8') === String(process.pid)) fs.rmSync(lockFile);
    } catch {
      // already gone
    }
  });
}


/** Any child that exits on its own takes everything down with a non-zero code. */
function watch(child: ManagedProcess): void {
  void child.exited.then((status) => {
    if (child.stopping || shuttingDown) return;
    const how = status.signal ? `was killed by ${status.signal}` : `exited with code ${status.code}`;
    void shutdown(1, `${child.name} ${how}; stopping everything`);
  });
}

function installSignalHandlers(): void {
  let firstSignalAt = 0;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      // A Ctrl-C reaches this process twice: from the terminal, and relayed by the tsx CLI that
      // runs it. Only a second press, later, means "kill now".
      if (Date.now() - firstSignalAt < 1_000) return;
      if (!shuttingDown) {
        firstSignalAt = Date.now();
        say(`\n${signal}: stopping (again to kill at once)…`);
        void shutdown(0);
        return;
      }
      say(`${signal}: killing everything now`);
      const servers = [running.servers.temporal?.process, running.servers.mongo?.process, running.servers.oidc?.process, running.servers.mailpit?.process];
      for (const child of [...running.apps, ...servers]) {
        if (child) void child.stop(0);
      }
      setTimeout(() => process.exit(1), 200);
    });
  }
}

/**
 * Under `npm start` the chain is npm → sh -c → tsx → this process. A SIGTERM sent to npm alone
 * reaches `sh`, which dies without passing it on, and npm exits: this process and the servers would
 * run on, orphaned. So watch the chain up to npm (Linux /proc; elsewhere only the parent) and stop
 * when a link goes. (`"start": "exec tsx scripts/start.ts"` in package.json also lets a SIGINT or
 * SIGTERM sent to npm reach this process directly.)
 */
function watchLauncher(): void {
  const chain = [process.ppid];
  if (process.env.npm_lifecycle_event) {
    for (let pid = process.ppid, i = 0; i < 4; i++) {
      const parent = procParent(pid);
      if (!parent || parent <= 1) break;
      chain.push((pid = parent));
      if (/\bnpm\b|npm-cli/.test(procCommand(pid))) break;
    }
  }
  const timer = setInterval(() => {
    if (process.ppid === 1 || chain.some((pid) => !processIsAlive(pid))) {
      clearInterval(timer);
      void shutdown(0, 'the npm process that started this one is gone: stopping');
    }
  }, 1_000);
  timer.unref();
}

function procParent(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8'); // "pid (comm) state ppid …"
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

function procCommand(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return '';
  }
}

/** Stops the API and the worker first (they drain), then the servers; exits with `code`. */
function shutdown(code: number, message?: string): Promise<never> {
  shuttingDown ??= (async () => {
    if (message) process.stderr.write(`${message}\n`);
    // The servers' complaints about clients going away are noise now.
    running.servers.temporal?.process?.mute();
    running.servers.mongo?.process?.mute();
    fs.rmSync(npmStartStateFile(dataDir), { force: true });
    await Promise.allSettled(running.apps.map((app) => app.stop(15_000)));
    await Promise.allSettled([running.servers.temporal?.stop(), running.servers.mongo?.stop(), running.servers.oidc?.stop(), running.servers.mailpit?.stop()]);
    say(code === 0 ? 'stopped.' : 'stopped everything.');
    process.exit(code);
  })();
  return shuttingDown;
}

function httpStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { timeout: 2_000 }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.once('timeout', () => request.destroy(new Error('timed out')));
    request.once('error', reject);
  });
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function fail(message: string, code = 1): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

main().catch((error: unknown) => shutdown(1, errorText(error)));
