import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EXAMPLE_SIRET } from '../../../api/openapi-constraints';
import { OPENAPI_PATH } from '../../../api/openapi';
import { roleScopeOf } from '../../../auth/habilitations/habilitation';
import { habilitationId } from '../../../auth/habilitations/habilitation-store';
import type { Actor } from '../../../domain/lifecycle/actor';
import { requireExecutable, toolPaths } from '../../../runtime/tool-paths';
import { staffOf } from './api-fixtures';
import { type ApiHarness, startApiHarness, tokenFor } from './api-harness';

/**
 * The OpenAPI document is the behaviour. Schemathesis (pinned, installed by `npm run tools`) fuzzes
 * the real API over HTTP, on the test run's Temporal dev server, FerretDB and local OpenID Connect
 * provider with a real worker, once per role with that role's token and habilitation: every check,
 * a fixed seed, a bounded number of examples, and a stateful phase that follows the document's
 * links from a created or listed post to its reads and its events. One failure, or one 5xx, fails
 * the test; the cases and the failures are printed either way.
 */
const hooks = path.join(__dirname, 'schemathesis', 'contract_hooks.py');
const SEED = 20261201;
// A run is bounded (examples, and 30 s per request): this only stops a hung schemathesis, with room
// for a machine whose two cores are shared many ways (the structure's runs: 113 s idle, 417 s seen).
const RUN_TIMEOUT_MS = 600_000;

interface RunReport {
  running_time: number;
  exit_code: number;
  test_cases: { generated: number; with_failures: number; unique_failures: number };
  failures: { code: string; title: string; count: number; operations: string[] }[];
  errors: unknown[];
}

interface Har {
  log: { entries: { request: { method: string; url: string }; response: { status: number } }[] };
}

interface ContractRun {
  report: RunReport;
  entries: Har['log']['entries'];
  output: string;
}

// The structure applies with the document's example SIRET, in the prefecture's département.
const structure = { name: 'Commune de Saint-Paul', siret: EXAMPLE_SIRET, sector: 'public', kind: 'territorial-authority', department: '974' } as const;
interface RoleRun {
  role: string;
  actor: Actor;
  /** The coverage phase (boundary and malformed values of every parameter) asks the same of every role: once is enough. */
  phases: string;
  maxExamples: number;
  /** Whether the run can reach real posts' events: the coverage phase has no stateful phase, a training organisation sees none here. */
  reachesPosts: boolean;
}
const ROLE_PHASES = 'examples,fuzzing,stateful';
// The structure runs first: it creates the posts the others list, read and act on. Its coverage
// phase (some 1 800 cases) is a test of its own, so that no one test holds most of the work.
const roles: RoleRun[] = [
  { role: 'structure', actor: staffOf.structure(structure), phases: ROLE_PHASES, maxExamples: 10, reachesPosts: true },
  { role: 'structure', actor: staffOf.structure(structure), phases: 'coverage', maxExamples: 10, reachesPosts: false },
  { role: 'prefecture', actor: staffOf.prefecture('974'), phases: ROLE_PHASES, maxExamples: 5, reachesPosts: true },
  { role: 'anct', actor: staffOf.anct, phases: ROLE_PHASES, maxExamples: 5, reachesPosts: true },
  { role: 'bdt', actor: staffOf.bdt, phases: ROLE_PHASES, maxExamples: 5, reachesPosts: true },
  { role: 'training_org', actor: staffOf.trainingOrg('OF-CONTRACT'), phases: ROLE_PHASES, maxExamples: 5, reachesPosts: false },
  { role: 'auditor', actor: staffOf.auditor, phases: ROLE_PHASES, maxExamples: 5, reachesPosts: true },
];

function runSchemathesis(api: ApiHarness, { actor, phases, maxExamples }: RoleRun, token: string): Promise<ContractRun> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cnum-contract-'));
  const args = [
    'run', `${api.url}${OPENAPI_PATH}`,
    '--header', `Authorization: Bearer ${token}`,
    '--checks', 'all',
    '--phases', phases,
    '--seed', String(SEED),
    '--max-examples', String(maxExamples),
    '--workers', '1',
    '--generation-database', 'none',
    '--request-timeout', '30',
    // Hypothesis's own timing checks fail on a loaded machine, and say nothing of the API.
    '--suppress-health-check', 'too_slow',
    '--no-color',
    '--report', 'json,har',
    '--report-json-path', path.join(dir, 'report.json'),
    '--report-har-path', path.join(dir, 'report.har'),
  ];
  const env = {
    ...process.env,
    SCHEMATHESIS_HOOKS: hooks,
    CONTRACT_API_URL: api.url,
    CONTRACT_HABILITATION_ID: habilitationId({ kind: 'program', clientId: actor.id }, roleScopeOf(actor)),
    ...(actor.role === 'structure' ? { CONTRACT_CALLER_SIRET: actor.siret } : {}),
  };
  const child = spawn(requireExecutable(toolPaths.schemathesis, 'schemathesis'), args, { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', () => {
      try {
        const report = JSON.parse(fs.readFileSync(path.join(dir, 'report.json'), 'utf8')) as RunReport;
        const har = JSON.parse(fs.readFileSync(path.join(dir, 'report.har'), 'utf8')) as Har;
        resolve({ report, entries: har.log.entries, output });
      } catch (error) {
        reject(new Error(`schemathesis wrote no report (${String(error)}):\n${output}`));
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

/** `GET /api/v1/posts/{id}`, say, as a pattern that the paths it names match. */
function pathPattern(template: string): RegExp {
  return new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
}

describe('the OpenAPI contract, fuzzed by schemathesis', () => {
  let api: ApiHarness;
  /** Every request of every role's run, `METHOD /path` to the statuses it got. */
  const sent: { method: string; path: string; status: number }[] = [];
  beforeAll(async () => {
    api = await startApiHarness();
    // The first audit a server answers builds its replay bundle (webpack: seconds, more on a busy
    // machine): built here, so that the fuzzer's 30 s request timeout bounds answers, not that build.
    const warmUp = await api.request('GET', '/api/v1/posts/contract-warm-up/audit', { as: staffOf.anct });
    expect(warmUp.status).toBe(404);
  }, RUN_TIMEOUT_MS);
  afterAll(() => api?.close());

  it.each(roles)('holds for the $role role ($phases): 0 failures, 0 × 5xx', async (run) => {
    const { role, phases, actor, reachesPosts } = run;
    // A program acts with its habilitation, in the database of the API it calls (issue 13).
    await api.habilitate(actor);
    const { report, entries, output } = await runSchemathesis(api, run, await tokenFor(actor));
    for (const { request, response } of entries) sent.push({ method: request.method, path: new URL(request.url).pathname, status: response.status });
    const statuses = new Map<number, number>();
    for (const { response } of entries) statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    const serverErrors = entries.filter(({ response }) => response.status >= 500).length;
    const byStatus = [...statuses].sort(([a], [b]) => a - b).map(([status, count]) => `${status}×${count}`).join(' ');
    process.stdout.write(
      `schemathesis, ${role} (${phases}): ${report.test_cases.generated} cases, ${report.failures.length} failures, ${serverErrors} × 5xx, ` +
        `${report.running_time.toFixed(1)} s (responses: ${byStatus})\n`,
    );
    if (report.failures.length > 0 || report.errors.length > 0 || serverErrors > 0) process.stdout.write(`${output}\n`);
    expect({ failures: report.failures, errors: report.errors, serverErrors }).toEqual({ failures: [], errors: [], serverErrors: 0 });
    expect(report.test_cases.generated).toBeGreaterThan(50);
    if (reachesPosts) {
      // The stateful phase sent events to real posts: answers that only an existing post gives.
      const toRealPosts = entries.filter(({ request, response }) => request.method === 'POST' && /\/events$/.test(request.url) && response.status !== 404);
      expect(toRealPosts.length).toBeGreaterThan(0);
    }
  }, RUN_TIMEOUT_MS);

  it('sent requests to every operation of the document, the sign-in and habilitation routes included', async () => {
    const document = (await api.request('GET', OPENAPI_PATH)).body as { paths: Record<string, Record<string, unknown>> };
    // Not the document itself: schemathesis loads it, and its HAR report holds no request to it (openapi.test.ts checks it).
    const fuzzed = Object.entries(document.paths).filter(([template]) => template !== OPENAPI_PATH);
    const reached = fuzzed.flatMap(([template, operations]) =>
      Object.keys(operations).map((method) => {
        const pattern = pathPattern(template);
        const statuses = new Set(sent.filter((r) => r.method === method.toUpperCase() && pattern.test(r.path)).map((r) => r.status));
        return { operation: `${method.toUpperCase()} ${template}`, statuses: [...statuses].sort((a, b) => a - b) };
      }),
    );
    process.stdout.write(`schemathesis, by operation:\n${reached.map(({ operation, statuses }) => `  ${operation}: ${statuses.join(' ')}`).join('\n')}\n`);
    expect(reached.filter(({ statuses }) => statuses.length === 0)).toEqual([]);
  });
});
