import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { auditRuns } from '../../../audit/audit-posts';
import { runsOfHistoryFile } from '../../../audit/history-file';
import { postRunIds } from '../../../audit/post-workflow-history';
import { postAuditReportSchema, type PostAuditReport } from '../../../audit/post-audit-report';
import { auditWorkflowBundle } from '../../../audit/replay-post-runs';
import { temporalExecutable } from '../../../runtime/tool-paths';
import { historiesDir } from '../../../scripts/record-replay-histories';
import { timelineChainQuery } from '../../../workflows/post-messages';
import { today } from '../../support/post-fixtures';
import { offlineEnv, runAudit } from '../../support/run-audit';
import { withoutLatestRevisionGate } from '../../support/ungated-bundle';
import { applicationOf, commune, staffOf, stepsToRenewal } from '../api/api-fixtures';
import { type ApiHarness, send, startApiHarness } from '../api/api-harness';

/**
 * Issue 12: an auditor downloads a post's workflow history from the API and replays it on a
 * machine of their own (`npm run audit -- --file`, no Temporal, no MongoDB); the API audits it too.
 */
describe('the workflow history of a post, exported and replayed by an auditor', () => {
  let api: ApiHarness;
  let tempDir: string;
  /** One post for the tests below, which only read it. */
  let renewed: Promise<string>;
  beforeAll(async () => {
    api = await startApiHarness();
    tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cnum-audit-'));
    renewed = renewedPost();
    // A rejection is the tests' to report, not an unhandled one.
    renewed.catch(() => {});
  });
  afterAll(async () => {
    await api?.close();
    if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
  });

  /** A post driven to its renewal, which continues the workflow as new. */
  async function renewedPost(): Promise<string> {
    const structure = commune('971', 'Commune auditée');
    const agent = staffOf.structure(structure);
    const t = today();
    const created = await api.request('POST', '/api/v1/posts', { as: agent, body: applicationOf(structure) });
    expect(created.status).toBe(201);
    const postId = created.body.id as string;
    const trainingOrg = staffOf.trainingOrg('OF-AUDIT');
    for (const [actor, event] of stepsToRenewal(structure)) await send(api, postId, actor, event);
    // A refused attempt: it is in the timeline, not in Temporal's history.
    await send(api, postId, agent, { type: 'COMPLETE_TRAINING', completedOn: t, ccp1: 'passed' }, 403);
    // Accepted by the run the renewal continued as.
    await send(api, postId, trainingOrg, { type: 'COMPLETE_TRAINING', completedOn: t, ccp1: 'passed' });
    return postId;
  }

  it('exports every run across the renewal’s continue-as-new, and replays it offline to the timeline’s statuses', async () => {
    const postId = await renewed;
    const exported = await api.request('GET', `/api/v1/posts/${postId}/workflow-history`, { as: staffOf.auditor });
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-disposition')).toBe(`attachment; filename="post-${postId}-workflow-history.json"`);
    expect(exported.body.postId).toBe(postId);
    const runs = exported.body.runs as { runId: string; history: { events: { eventType: string }[] } }[];
    expect(runs.length).toBeGreaterThanOrEqual(2);
    expect(runs[0]!.history.events[0]!.eventType).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_STARTED');
    expect(runs[0]!.history.events.at(-1)!.eventType).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW');

    // The same JSON as Temporal's own CLI gives for a run.
    const shown = JSON.parse(
      execFileSync(temporalExecutable(), ['workflow', 'show', '--output', 'json', '--address', process.env.TEMPORAL_ADDRESS!, '--workflow-id', postId, '--run-id', runs[0]!.runId], { encoding: 'utf8' }),
    );
    expect(runs[0]!.history.events).toEqual(shown.events);

    const file = path.join(tempDir, `${postId}.json`);
    fs.writeFileSync(file, JSON.stringify(exported.body));
    const offline = await runAudit(['--file', file, '--json'], offlineEnv());
    expect({ code: offline.code, stderr: offline.stderr }).toEqual({ code: 0, stderr: expect.stringContaining('1 conforme, 0 non conforme') });
    const [report] = offline.reports.map((r) => postAuditReportSchema.parse(r)) as PostAuditReport[];
    expect(report).toMatchObject({ postId, source: 'file', ok: true, deterministic: true, comparedWithStorage: false });
    expect(report!.runs.map((r) => r.runId)).toEqual(runs.map((r) => r.runId));
    expect(new Set(report!.statuses.map((s) => s.runId)).size).toBeGreaterThanOrEqual(2);

    const history = await api.request('GET', `/api/v1/posts/${postId}/history`, { as: staffOf.auditor });
    const accepted = (history.body.items as { outcome: string; version: number; status: string }[]).filter((i) => i.outcome === 'accepted');
    expect(report!.statuses.map((s) => [s.version, s.status])).toEqual(accepted.map((i) => [i.version, i.status]));
    // Every entry is chained, across the continue-as-new, and the workflow's head is the last one.
    expect(report!.chain.workflow).toMatchObject({ unchainedUpTo: null, chainedFrom: 1, firstBreak: null, head: { version: accepted.length } });

    const audit = await api.request('GET', `/api/v1/posts/${postId}/audit`, { as: staffOf.auditor });
    expect(audit.status).toBe(200);
    expect(postAuditReportSchema.parse(audit.body)).toMatchObject({ ok: true, comparedWithStorage: true, differences: [], refusals: { count: 1, unchained: 0, chain: { firstBreak: null, head: { version: 1 } } } });
    expect(audit.body.chain.stored).toEqual(report!.chain.workflow);
    // The workflow answers for its chain's head, carried across the continue-as-new.
    expect(await api.client.workflow.getHandle(postId).query(timelineChainQuery)).toEqual({ ...report!.chain.workflow.head, chainedFrom: 1 });
    // Fourteen requests, then two bundles of the workflow (the CLI's, the API's): minutes on a busy machine.
  }, 120_000);

  it('replays offline each run as `temporal workflow show --output json` writes it, one file per run', async () => {
    const postId = await renewed;
    const runIds = await postRunIds({ client: api.client, namespace: api.client.options.namespace }, postId);
    expect(runIds.length).toBeGreaterThanOrEqual(2);
    const files = runIds.map((runId, i) => {
      const file = path.join(tempDir, `${postId}-run-${i + 1}.json`);
      execFileSync(temporalExecutable(), ['workflow', 'show', '--output', 'json', '--address', process.env.TEMPORAL_ADDRESS!, '--workflow-id', postId, '--run-id', runId], { stdio: ['ignore', fs.openSync(file, 'w'), 'inherit'] });
      return file;
    });
    const offline = await runAudit([...files.flatMap((file) => ['--file', file]), '--json'], offlineEnv());
    expect(offline.code).toBe(0);
    const report = postAuditReportSchema.parse(offline.reports[0]);
    expect(report).toMatchObject({ postId, source: 'file', ok: true, deterministic: true, earlierRunsMissing: false });
    expect(report.runs.map((r) => r.runId)).toEqual(runIds);
    const audit = await api.request('GET', `/api/v1/posts/${postId}/audit`, { as: staffOf.anct });
    expect(audit.status).toBe(200);
    expect(report.statuses).toEqual(audit.body.statuses);
  }, 120_000);

  it('keeps the workflow history and the audit to auditors and ANCT, and answers 404 for an unknown post', async () => {
    const structure = commune('972', 'Commune');
    const created = await api.request('POST', '/api/v1/posts', { as: staffOf.structure(structure), body: applicationOf(structure) });
    for (const route of ['workflow-history', 'audit']) {
      const asStructure = await api.request('GET', `/api/v1/posts/${created.body.id}/${route}`, { as: staffOf.structure(structure) });
      expect({ route, status: asStructure.status, code: asStructure.body.code }).toEqual({ route, status: 403, code: 'role.forbidden' });
      const unknown = await api.request('GET', `/api/v1/posts/inconnu/${route}`, { as: staffOf.anct });
      expect({ route, status: unknown.status, code: unknown.body.code }).toEqual({ route, status: 404, code: 'post.not_found' });
    }
  });
});

describe('a history recorded under rules revision 2, audited offline', () => {
  const file = path.join(historiesDir, 'revision-2-2021-private.json');
  const audit = async (bundle: Parameters<typeof auditRuns>[1]) => {
    const reports: PostAuditReport[] = [];
    for await (const report of auditRuns(runsOfHistoryFile(file), bundle)) reports.push(report);
    return reports;
  };

  it('replays with today’s code, unchained up to its last version', async () => {
    const run = await runAudit(['--file', file], offlineEnv());
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Rejeu avec le code d’aujourd’hui : déterministe');
    expect(run.stdout).toContain('Chaîne du workflow : non chaînée jusqu’à la version 20 (écrite avant la chaîne)');
    expect(run.stdout).toContain('Verdict : CONFORME');
  });

  it('fails without the patched() gate of revision 3, and the report names the event and the request', async () => {
    const [report] = await audit(await auditWorkflowBundle({ webpackConfigHook: withoutLatestRevisionGate }));
    expect(report).toMatchObject({ ok: false, deterministic: false });
    const { error } = report!.runs[0]!;
    expect(error).toMatchObject({ name: 'DeterminismViolationError', eventId: 49, eventType: 'WorkflowExecutionUpdateCompleted' });
    expect(error!.message).toMatch(/Nondeterminism error: .*HistoryEvent\(id: 49, WorkflowExecutionUpdateCompleted\)/);
    expect(error!.during).toMatch(/^la demande \w+ du rôle \w+, reçue le \d{4}-\d\d-\d\dT/);
    // The statuses reached before the divergence are still told.
    expect(report!.statuses.length).toBeGreaterThan(0);
  });
});
