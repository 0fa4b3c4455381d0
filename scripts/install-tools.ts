/**
 * `npm run tools`: builds the servers the product and its tests run on, from the package
 * registries only (no Docker, no downloads at run time), into the git-ignored `.tools/` folder.
 * Idempotent: what is already there is checked and kept, so a second run takes a fraction of a
 * second. `npm start` and `npm test` run it first.
 *
 * - Temporal CLI (dev server): `go install github.com/temporalio/cli/cmd/temporal@v1.5.1`,
 *   skipped when a `temporal` is on PATH.
 * - FerretDB: the launcher module in tools/ferretdb, built against FerretDB's module source with
 *   two small fixes (see FERRETDB_FIXES), skipped when a `mongod` is on PATH.
 * - Temporal's Java time-skipping test server: jars from Maven Central (tools/temporal-test-server),
 *   plus a class-data-sharing archive of a real start, which halves the JVM's start-up time.
 * - Mailpit (SMTP server with an HTTP API, for `npm start` and the tests):
 *   `go install github.com/axllent/mailpit@v1.33.1`, skipped when a `mailpit` is on PATH. A build
 *   from the module proxy serves the API but not the web UI's assets, which are not in the module.
 * - Schemathesis, the API fuzzer of the contract test: from PyPI into a Python virtual environment.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { freePort } from '../runtime/free-port';
import { processIsAlive } from '../runtime/process-is-alive';
import { spawnManaged } from '../runtime/spawn-managed';
import { findOnPath, toolPaths } from '../runtime/tool-paths';
import { waitUntil } from '../runtime/wait-until';

const temporalModule = 'github.com/temporalio/cli/cmd/temporal@v1.5.1';
const mailpitModule = 'github.com/axllent/mailpit@v1.33.1';
const logDir = path.join(toolPaths.toolsDir, 'logs');

export class ToolInstallError extends Error {
  override name = 'ToolInstallError';
}

interface Step {
  name: string;
  run: () => Promise<string>;
}

/** Builds what is missing; logs one line per tool. Throws ToolInstallError with the fix. */
export async function installTools(log: (line: string) => void = (line) => console.log(line)): Promise<void> {
  const started = Date.now();
  fs.mkdirSync(toolPaths.binDir, { recursive: true });
  const release = await lockTools(log);
  try {
    await installAll(log, started);
  } finally {
    release();
  }
}

/**
 * One install at a time per checkout (two `npm test` started together would otherwise build into
 * the same files). A lock left by a process that is gone is taken over.
 */
async function lockTools(log: (line: string) => void): Promise<() => void> {
  const lock = path.join(toolPaths.toolsDir, '.install.lock');
  let told = false;
  for (;;) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
      const release = () => fs.rmSync(lock, { force: true });
      process.once('exit', release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number(fs.readFileSync(lock, 'utf8').trim() || 0);
    if (!holder || !processIsAlive(holder)) {
      fs.rmSync(lock, { force: true });
      continue;
    }
    if (!told) log(`tools: waiting for another install (pid ${holder}) to finish…`);
    told = true;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}


async function installAll(log: (line: string) => void, started: number): Promise<void> {
  const timed = async (step: Step): Promise<void> => {
    const t0 = Date.now();
    const what = await step.run();
    log(`tools: ${step.name}: ${what} (${seconds(Date.now() - t0)})`);
  };
  // Go builds are CPU-bound and share a build cache: one after the other. The Java side mostly
  // waits on the network the first time: alongside.
  const goSide = async () => {
    await timed({ name: 'Temporal CLI', run: ensureTemporalCli });
    await timed({ name: 'FerretDB', run: ensureFerretDb });
    await timed({ name: 'Mailpit', run: ensureMailpit });
  };
  const javaSide = async () => {
    await timed({ name: 'Temporal test server', run: ensureTestServerLib });
    await timed({ name: 'test server CDS archive', run: ensureTestServerArchive });
  };
  const pythonSide = () => timed({ name: 'schemathesis', run: ensureSchemathesis });
  const results = await Promise.allSettled([goSide(), javaSide(), pythonSide()]);
  const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
  if (failures.length > 0) {
    throw new ToolInstallError(failures.map((f) => (f instanceof Error ? f.message : String(f))).join('\n'));
  }
  log(`tools: ready in ${seconds(Date.now() - started)}`);
}

// ---------------------------------------------------------------------------------------------
// Temporal CLI and Mailpit: one `go install` each

/** `go install module` into .tools/bin, unless `command` is on PATH or was built from that very module. */
async function ensureGoInstall(tool: { command: string; built: string; module: string; minimumGo: string; what: string; log: string }): Promise<string> {
  const onPath = findOnPath(tool.command);
  if (onPath) return `using ${onPath} (on PATH)`;
  const stamp = `${tool.built}.stamp`;
  if (fs.existsSync(tool.built) && stampMatches(stamp, tool.module)) return 'present';
  requireGo(tool.minimumGo, tool.what);
  await runLogged(tool.log, 'go', ['install', tool.module], {
    cwd: toolPaths.repoRoot,
    env: { ...goEnv(), GOBIN: toolPaths.binDir },
  });
  fs.writeFileSync(stamp, tool.module);
  return `built ${tool.built} from ${tool.module}`;
}

function ensureTemporalCli(): Promise<string> {
  return ensureGoInstall({ command: 'temporal', built: toolPaths.builtTemporal, module: temporalModule, minimumGo: '1.25', what: 'the Temporal CLI', log: 'temporal-build' });
}

function ensureMailpit(): Promise<string> {
  return ensureGoInstall({ command: 'mailpit', built: toolPaths.builtMailpit, module: mailpitModule, minimumGo: '1.26', what: 'Mailpit', log: 'mailpit-build' });
}

// ---------------------------------------------------------------------------------------------
// FerretDB

/**
 * Two fixes to FerretDB 1.24's SQLite backend, each the change of an expression.
 *
 * The `_id` index: the backend indexes `_id` as `_ferretdb_sjson->"_id"` but filters on
 * `_ferretdb_sjson->'$._id'`. SQLite only uses an expression index for the very same expression,
 * so every lookup and update by `_id` scanned the whole collection: the read model slowed down as
 * posts accumulated (33.6 ms per update at 5 000 documents, 2.2 ms with the fix; the query plan
 * goes from SCAN to SEARCH USING INDEX). The fix filters on the indexed expression.
 *
 * `_id` with other conditions: the backend looks a document up by `_id` only when the filter is
 * `{ _id: <string> }` alone, and scans the collection for `{ _id: <string>, 'delivery.state':
 * 'pending' }` (the outbox's guarded writes: 492 ms each against 165 by `_id` alone in
 * bench:lifecycle at 600 posts). Every command's handler applies the whole filter again to what the
 * backend returns, so narrowing the rows to that `_id` first changes no answer.
 */
const FERRETDB_FIXES = [
  {
    name: 'the _id index',
    file: path.join('internal', 'backends', 'sqlite', 'metadata', 'metadata.go'),
    from: `IDColumn = DefaultColumn + "->'$._id'"`,
    to: 'IDColumn = DefaultColumn + `->"_id"`',
    occurrences: 1,
  },
  {
    // In the query and in explain, which shows the plan of the same query (what the tests check).
    name: '_id with other conditions',
    file: path.join('internal', 'backends', 'sqlite', 'collection.go'),
    from: 'if params.Filter.Len() == 1 {',
    to: 'if params.Filter.Len() >= 1 {',
    occurrences: 2,
  },
  {
    // explain says the filter is wholly pushed down only when it is `_id` alone.
    name: '_id with other conditions (explain)',
    file: path.join('internal', 'backends', 'sqlite', 'collection.go'),
    from: 'filterPushdown = true',
    to: 'filterPushdown = params.Filter.Len() == 1',
    occurrences: 1,
  },
];

function makeWritable(dir: string): void {
  fs.chmodSync(dir, 0o755);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) makeWritable(full);
    else fs.chmodSync(full, 0o644);
  }
}

/** Copies FerretDB's module from the Go module cache into .tools/ and applies the fixes. */
function preparePatchedFerretDbModule(): void {
  const goMod = fs.readFileSync(path.join(toolPaths.ferretDbSource, 'go.mod'), 'utf8');
  const version = /^require github\.com\/FerretDB\/FerretDB (v\S+)$/m.exec(goMod)?.[1];
  if (!version) throw new ToolInstallError('tools/ferretdb/go.mod does not require github.com/FerretDB/FerretDB');
  const downloaded = execFileSync('go', ['mod', 'download', '-json', `github.com/FerretDB/FerretDB@${version}`], {
    cwd: toolPaths.toolsDir,
    env: goEnv(),
    encoding: 'utf8',
  });
  const { Dir: moduleDir } = JSON.parse(downloaded) as { Dir: string };
  fs.rmSync(toolPaths.patchedFerretDbModule, { recursive: true, force: true });
  fs.cpSync(moduleDir, toolPaths.patchedFerretDbModule, { recursive: true });
  // The module cache is read-only; the copy must stay removable by the next build.
  makeWritable(toolPaths.patchedFerretDbModule);
  for (const fix of FERRETDB_FIXES) {
    const target = path.join(toolPaths.patchedFerretDbModule, fix.file);
    const source = fs.readFileSync(target, 'utf8');
    const found = source.split(fix.from).length - 1;
    if (found !== fix.occurrences) {
      throw new ToolInstallError(`FerretDB ${version}: ${fix.file} holds the code the fix of ${fix.name} replaces ${found} times, not ${fix.occurrences}; check whether the fix is still needed`);
    }
    fs.writeFileSync(target, source.replaceAll(fix.from, fix.to));
  }
}

async function ensureFerretDb(): Promise<string> {
  const mongod = findOnPath('mongod');
  if (mongod) return `skipped: using ${mongod} (on PATH) instead`;
  const stamp = `${toolPaths.builtFerretDb}.stamp`;
  const sources = `${sourceHash(toolPaths.ferretDbSource, ['go.mod', 'go.sum', 'main.go'])}:${JSON.stringify(FERRETDB_FIXES)}`;
  if (fs.existsSync(toolPaths.builtFerretDb) && stampMatches(stamp, sources)) return 'present';
  requireGo('1.24', 'FerretDB');
  preparePatchedFerretDbModule();
  await runLogged('ferretdb-build', 'go', ['build', '-o', toolPaths.builtFerretDb, '.'], {
    cwd: toolPaths.ferretDbSource,
    env: goEnv(),
  });
  fs.writeFileSync(stamp, sources);
  return `built ${toolPaths.builtFerretDb} from tools/ferretdb, with the fixes of ${FERRETDB_FIXES.map((fix) => fix.name).join(', ')}`;
}

// ---------------------------------------------------------------------------------------------
// Temporal's Java test server

function testServerVersion(): string {
  const pom = fs.readFileSync(toolPaths.testServerPom, 'utf8');
  const match = /<artifactId>temporal-test-server<\/artifactId>\s*<version>([^<]+)<\/version>/.exec(pom);
  if (!match?.[1]) throw new ToolInstallError(`no temporal-test-server version in ${toolPaths.testServerPom}`);
  return match[1];
}

async function ensureTestServerLib(): Promise<string> {
  const version = testServerVersion();
  const jar = path.join(toolPaths.testServerLib, `temporal-test-server-${version}.jar`);
  const stamp = path.join(toolPaths.testServerLib, '.pom.sha256');
  const pom = sourceHash(path.dirname(toolPaths.testServerPom), ['pom.xml']);
  if (fs.existsSync(jar) && stampMatches(stamp, pom)) return 'present';
  requireJava();
  if (!findOnPath('mvn')) {
    throw new ToolInstallError(
      "mvn not found on PATH: Temporal's time-skipping test server is fetched from Maven Central with Maven " +
        '(Debian: apt-get install maven)',
    );
  }
  // A different version, or a fetch cut short: start from an empty folder.
  fs.rmSync(toolPaths.testServerLib, { recursive: true, force: true });
  fs.rmSync(toolPaths.testServerArchive, { force: true });
  await runLogged('test-server-fetch', 'mvn', ['-q', '-B', '-f', toolPaths.testServerPom, 'package'], {
    cwd: toolPaths.repoRoot,
    env: process.env,
  });
  if (!fs.existsSync(jar)) throw new ToolInstallError(`Maven ran but ${jar} is missing; see ${logFile('test-server-fetch')}`);
  fs.writeFileSync(stamp, pom);
  return `fetched io.temporal:temporal-test-server:${version} into ${toolPaths.testServerLib}`;
}

/** Whether the JVM accepts the archive for the test server's class path (-Xshare:on fails if not). */
function archiveIsUsable(): boolean {
  if (!fs.existsSync(toolPaths.testServerArchive)) return false;
  try {
    execFileSync(
      'java',
      ['-Xshare:on', `-XX:SharedArchiveFile=${toolPaths.testServerArchive}`, '-cp', `${toolPaths.testServerLib}/*`, '-version'],
      { stdio: 'ignore', timeout: 30_000 },
    );
    return true;
  } catch {
    return false;
  }
}

/**
 * A dynamic class-data-sharing archive of the classes a real test-server session loads: the JVM
 * maps them instead of parsing and verifying ~5,000 classes from the jars at each start.
 * Made by starting the server through its own wrapper (same flags, same class path) with
 * -XX:ArchiveClassesAtExit, driving one workflow through it, and stopping it with SIGTERM.
 * Rebuilt when the JVM no longer accepts it (a new JDK, new jars).
 */
async function ensureTestServerArchive(): Promise<string> {
  if (archiveIsUsable()) return 'present';
  const major = requireJava();
  if (major < 13) return `skipped: Java ${major} cannot write dynamic CDS archives (13 or newer can)`;
  fs.rmSync(toolPaths.testServerArchive, { force: true });
  const partial = `${toolPaths.testServerArchive}.partial-${process.pid}`;
  const port = await freePort();
  const server = await spawnManaged({
    name: 'test-server-training',
    command: toolPaths.testServerWrapper,
    args: [String(port)],
    env: { ...process.env, JAVA_TOOL_OPTIONS: `-XX:ArchiveClassesAtExit=${partial}` },
  });
  try {
    await waitUntil('test server (CDS training run)', () => trainTestServer(`127.0.0.1:${port}`), {
      timeoutMs: 60_000,
      intervalMs: 200,
      giveUp: () => (server.exitStatus() ? `exited early:\n${server.recentOutput()}` : undefined),
    });
  } finally {
    await server.stop(60_000); // SIGTERM: the JVM writes the archive on its way out
  }
  if (!fs.existsSync(partial)) {
    throw new ToolInstallError(`the JVM wrote no CDS archive at ${partial}:\n${server.recentOutput()}`);
  }
  fs.renameSync(partial, toolPaths.testServerArchive);
  if (!archiveIsUsable()) {
    fs.rmSync(toolPaths.testServerArchive, { force: true });
    return 'skipped: the JVM rejects the archive it wrote (the server still runs, only slower)';
  }
  const size = fs.statSync(toolPaths.testServerArchive).size;
  return `created ${toolPaths.testServerArchive} (${Math.round(size / 1e6)} MB)`;
}

/** One workflow task round trip through the server, so the archive holds that code path too. */
async function trainTestServer(address: string): Promise<void> {
  // Loaded here only: a run with every tool present stays fast.
  const { Client, Connection } = await import('@temporalio/client');
  const connection = await Connection.connect({ address, connectTimeout: 2_000 });
  try {
    const namespace = 'default';
    const taskQueue = 'cds-training';
    const client = new Client({ connection, namespace });
    await connection.workflowService.getSystemInfo({});
    await connection.workflowService.describeNamespace({ namespace });
    const handle = await client.workflow.start('cdsTraining', { taskQueue, workflowId: `cds-training-${Date.now()}` });
    const task = await connection.withDeadline(Date.now() + 10_000, () =>
      connection.workflowService.pollWorkflowTaskQueue({ namespace, taskQueue: { name: taskQueue }, identity: 'tools' }),
    );
    await connection.workflowService.respondWorkflowTaskCompleted({
      namespace,
      taskToken: task.taskToken,
      identity: 'tools',
      // 4 = COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION
      commands: [{ commandType: 4, completeWorkflowExecutionCommandAttributes: {} }],
    });
    await handle.result();
    await handle.describe();
  } finally {
    await connection.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Schemathesis

/** Pinned: a new release brings new checks, and the contract test must fail for the API's sake only. */
const SCHEMATHESIS_REQUIREMENT = 'schemathesis==4.32.5';

async function ensureSchemathesis(): Promise<string> {
  const python = findOnPath('python3');
  if (!python) {
    throw new ToolInstallError(
      'python3 not found on PATH: schemathesis, the API fuzzer of the contract test, is installed from PyPI into a ' +
        'virtual environment and needs Python 3.11 or newer (Debian: apt-get install python3 python3-venv)',
    );
  }
  const version = execFileSync(python, ['-c', 'import sys; print(".".join(map(str, sys.version_info[:3])))'], { encoding: 'utf8' }).trim();
  if (compareVersions(version, '3.11') < 0) throw new ToolInstallError(`Python ${version} is too old for ${SCHEMATHESIS_REQUIREMENT}: 3.11 or newer is needed`);
  // Written last: a venv whose install was cut short has no stamp and is built again.
  const stamp = path.join(toolPaths.schemathesisVenv, '.installed');
  const expected = `${SCHEMATHESIS_REQUIREMENT} on Python ${version}`;
  if (fs.existsSync(toolPaths.schemathesis) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === expected) return 'present';
  fs.rmSync(toolPaths.schemathesisVenv, { recursive: true, force: true });
  const options = { cwd: toolPaths.repoRoot, env: process.env };
  await runLogged('schemathesis-venv', python, ['-m', 'venv', toolPaths.schemathesisVenv], options);
  const pip = path.join(toolPaths.schemathesisVenv, 'bin', 'pip');
  await runLogged('schemathesis-install', pip, ['install', '--quiet', '--disable-pip-version-check', SCHEMATHESIS_REQUIREMENT], options);
  fs.writeFileSync(stamp, expected);
  return `installed ${SCHEMATHESIS_REQUIREMENT} into ${toolPaths.schemathesisVenv}`;
}

// ---------------------------------------------------------------------------------------------
// Helpers

function goEnv(): NodeJS.ProcessEnv {
  // Static binaries, built by the Go found here: no toolchain download.
  return { ...process.env, CGO_ENABLED: '0', GOTOOLCHAIN: 'local' };
}

function requireGo(minimum: string, what: string): void {
  if (!findOnPath('go')) {
    throw new ToolInstallError(
      `go not found on PATH: ${what} is built from the Go module proxy and needs Go ${minimum} or newer ` +
        '(Debian 12 golang-go is too old; install a recent Go and put its bin/ on PATH)',
    );
  }
  const version = execFileSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' }).trim(); // e.g. go1.26.8
  if (compareVersions(version.replace(/^go/, ''), minimum) < 0) {
    throw new ToolInstallError(`${version} is too old to build ${what}: Go ${minimum} or newer is needed`);
  }
}

/** Java's major version; throws with the fix when java is missing. */
function requireJava(): number {
  if (!findOnPath('java')) {
    throw new ToolInstallError(
      "java not found on PATH: Temporal's time-skipping test server runs on a JVM (Java 11 or newer; " +
        'Debian: apt-get install openjdk-17-jdk-headless)',
    );
  }
  // `java -version` writes its banner on stderr: `openjdk version "17.0.15"`, `java version "1.8.0_…"`.
  const banner = spawnSync('java', ['-version'], { encoding: 'utf8' }).stderr ?? '';
  const match = /version "(\d+)(?:\.(\d+))?/.exec(banner);
  if (!match) return 0;
  const first = Number(match[1]);
  return first === 1 ? Number(match[2]) : first;
}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map((n) => parseInt(n, 10) || 0);
  const pb = b.split('.').map((n) => parseInt(n, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function sourceHash(dir: string, files: string[]): string {
  const hash = crypto.createHash('sha256');
  for (const file of files) hash.update(file).update('\0').update(fs.readFileSync(path.join(dir, file)));
  return hash.digest('hex');
}

/** A binary without a stamp was built before stamps existed (by hand): keep it and stamp it. */
function stampMatches(stampFile: string, expected: string): boolean {
  if (!fs.existsSync(stampFile)) {
    fs.writeFileSync(stampFile, expected);
    return true;
  }
  return fs.readFileSync(stampFile, 'utf8').trim() === expected;
}

function logFile(name: string): string {
  return path.join(logDir, `${name}.log`);
}

/** Runs a build command with its output in .tools/logs/NAME.log; on failure, shows the log's tail. */
function runLogged(name: string, command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<void> {
  fs.mkdirSync(logDir, { recursive: true });
  const file = logFile(name);
  const out = fs.openSync(file, 'w');
  console.log(`tools: ${name}: ${command} ${args.join(' ')} (log: ${path.relative(process.cwd(), file)}) …`);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', out, out] });
    child.once('error', (error) => {
      fs.closeSync(out);
      reject(new ToolInstallError(`${name}: cannot run ${command}: ${error.message}`));
    });
    child.once('exit', (code, signal) => {
      fs.closeSync(out);
      if (code === 0) return resolve();
      const tail = fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-30).join('\n');
      reject(new ToolInstallError(`${name}: ${command} ${args.join(' ')} failed (${signal ?? `exit code ${code}`}):\n${tail}`));
    });
  });
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

if (require.main === module) {
  installTools().catch((error: unknown) => {
    console.error(`tools: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
