import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { postAuditReportSchema } from '../../../audit/post-audit-report';
import { historiesDir } from '../../../scripts/record-replay-histories';
import { RECORD_POST_CHANGE } from '../../../workflows/audit-replay-capture';
import { offlineEnv, runAudit } from '../../support/run-audit';

/**
 * `npm run audit -- --file` as an auditor runs it on a laptop of their own (issue 12): no Temporal,
 * no MongoDB. The French table, `--json`, and the exit codes: 0 only when everything agrees,
 * 1 when something does not, 2 when the command itself is wrong. Each run is a process of its own
 * that bundles the workflow, seconds of webpack on a busy machine: two at once get two minutes.
 */
const TWO_AUDITS = 120_000;
const renewal = [path.join(historiesDir, 'chained-renewal-2022-public.json'), path.join(historiesDir, 'chained-renewal-2022-public-continued.json')];
const closed = path.join(historiesDir, 'chained-closed-2022-public.json');
const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('npm run audit -- --file, offline', () => {
  let tempDir: string;
  beforeAll(() => void (tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cnum-audit-cli-'))));
  afterAll(() => tempDir && fs.rmSync(tempDir, { recursive: true, force: true }));

  it('audits the two runs of a renewal given as two files as one post: the French table, and the same report with --json', async () => {
    const [table, json] = await Promise.all([runAudit(['--file', renewal[0]!, '--file', renewal[1]!], offlineEnv()), runAudit(['--file', renewal[0]!, '--file', renewal[1]!, '--json'], offlineEnv())]);
    expect({ code: json.code, reports: json.reports.length }).toEqual({ code: 0, reports: 1 });
    const report = postAuditReportSchema.parse(json.reports[0]);
    expect(report).toMatchObject({ source: 'file', ok: true, deterministic: true, earlierRunsMissing: false, comparedWithStorage: false, refusals: null, differences: [] });
    expect(report.runs).toHaveLength(2);
    expect(new Set(report.statuses.map((s) => s.runId)).size).toBe(2);
    const last = report.statuses.at(-1)!;

    expect(table.code).toBe(0);
    expect(table.stdout).toContain(`Poste ${report.postId} (fichier d’historique, hors ligne)`);
    expect(table.stdout).toMatch(/Rejeu avec le code d’aujourd’hui : déterministe \(2 exécutions, \d+ événements\)/);
    expect(table.stdout).toMatch(/^ {4}version +événement +rôle +reçu le +règles +statut atteint$/m);
    // Every status of the report is a row of the table, in order.
    const rows = table.stdout.split('\n').filter((line) => /^ {4}\d+ /.test(line));
    expect(rows).toHaveLength(report.statuses.length);
    report.statuses.forEach((s, i) => {
      expect(rows[i]).toMatch(new RegExp(`^ {4}${s.version} +${s.type} +${s.actorRole ?? ''} +${escaped(s.receivedAt.replace('T', ' ').slice(0, 19))} +${s.rulesRevision === null ? '' : `rév\\. ${s.rulesRevision} +`}${s.status}$`));
    });
    expect(table.stdout).toContain(`Chaîne du workflow : intacte de la version 1 à la version ${last.version} (tête ${last.hash!.slice(0, 12)}…)`);
    expect(table.stdout).toContain('Chronologie et modèle de lecture : non comparés (MongoDB non consulté)');
    expect(table.stdout).toContain('Verdict : CONFORME');
    expect(table.stderr).toMatch(/^1 poste audité \(2 exécutions rejouées en [\d.]+ s\) : 1 conforme, 0 non conforme$/m);
  }, TWO_AUDITS);

  it('checks a run given alone from its first entry on, and says the earlier runs are missing', async () => {
    const alone = await runAudit(['--file', renewal[1]!, '--json'], offlineEnv());
    expect(alone.code).toBe(0);
    const report = postAuditReportSchema.parse(alone.reports[0]);
    expect(report).toMatchObject({ ok: true, earlierRunsMissing: true, chain: { workflow: { firstBreak: null } } });
    expect(report.chain.workflow.chainedFrom).toBeGreaterThan(1);
  });

  it('exits 1 on a history file whose recorded change was edited, naming the version and the field', async () => {
    const history = JSON.parse(fs.readFileSync(closed, 'utf8')) as { events: { activityTaskScheduledEventAttributes?: { activityType: { name: string }; input: { payloads: { data: string }[] } } }[] };
    const payload = history.events.filter((e) => e.activityTaskScheduledEventAttributes?.activityType.name === RECORD_POST_CHANGE)[2]!.activityTaskScheduledEventAttributes!.input.payloads[0]!;
    const change = JSON.parse(Buffer.from(payload.data, 'base64').toString('utf8')) as { entry: { version: number; status: string } };
    expect(change.entry).toMatchObject({ version: 3, status: 'recruiting' });
    change.entry.status = 'rejected';
    payload.data = Buffer.from(JSON.stringify(change), 'utf8').toString('base64');
    const file = path.join(tempDir, 'edited.json');
    fs.writeFileSync(file, JSON.stringify(history));

    const [json, table] = await Promise.all([runAudit(['--file', file, '--json'], offlineEnv()), runAudit(['--file', file], offlineEnv())]);
    expect(json.code).toBe(1);
    const report = postAuditReportSchema.parse(json.reports[0]);
    // The replay does not compare an activity's input: today's code reaches recruiting, the file says rejected.
    expect(report).toMatchObject({ ok: false, deterministic: true, chain: { workflow: { firstBreak: { version: 3, reason: 'content' } } } });
    expect(report.differences.map((d) => [d.against, d.version, d.field, d.workflowValue, d.storedValue])).toEqual([['history', 3, 'status', 'recruiting', 'rejected']]);
    expect(table.code).toBe(1);
    expect(table.stdout).toContain('historique Temporal : version 3, champ status : le workflow dit « recruiting », l’historique Temporal a enregistré « rejected »');
    expect(table.stdout).toContain('Verdict : NON CONFORME');
    expect(table.stderr).toContain('0 conforme, 1 non conforme');
  }, TWO_AUDITS);

  it('exits 2 with the usage or the file’s fault when the command is wrong, before replaying anything', async () => {
    const notJson = path.join(tempDir, 'not-json.json');
    fs.writeFileSync(notJson, 'pas du JSON');
    const other = path.join(tempDir, 'other.json');
    fs.writeFileSync(other, JSON.stringify({ workflows: [] }));
    const cases: [string[], string][] = [
      [[], 'donnez des identifiants de postes, ou --all, ou --file'],
      [['--all', '--file', closed], 'un seul de ces modes'],
      [['--file'], '--file attend le chemin d’un historique JSON.'],
      [['--verbose', 'p-1'], 'option inconnue : --verbose'],
      [['--file', path.join(tempDir, 'absent.json')], 'absent.json : fichier JSON illisible'],
      [['--file', notJson], 'not-json.json : fichier JSON illisible'],
      [['--file', other], 'other.json : ni un export de poste ({ postId, runs }) ni un historique Temporal ({ events }).'],
    ];
    const runs = await Promise.all(cases.map(([args]) => runAudit(args, offlineEnv())));
    runs.forEach((run, i) => {
      const [args, message] = cases[i]!;
      expect({ args, code: run.code, stdout: run.stdout, said: run.stderr.includes(message) }).toEqual({ args, code: 2, stdout: '', said: true });
    });
    expect(runs[0]!.stderr).toContain('usage : npm run audit -- <postId>… | --all | --file <historique.json>… [--json]');
  });
});
