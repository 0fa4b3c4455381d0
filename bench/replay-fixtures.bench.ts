import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { globalHandlers } from '@temporalio/worker/lib/workflow/vm-shared';
import { runsOfHistoryFile } from '../audit/history-file';
import { auditRuns } from '../audit/audit-posts';
import { auditWorkflowBundle, replayPostRuns, type RunToReplay } from '../audit/replay-post-runs';
import { benchArg, benchOption } from './bench-support';

/**
 * The replay alone, offline (no Temporal, no MongoDB): the recorded lifecycles of
 * `test/fixtures/histories/` replayed `--copies` times each through the audit's replay
 * (`replayPostRuns`, one replay worker), as the audit runs it and with the SDK's stack-trace hooks
 * installed as they would be without audit/replay-without-stack-traces.ts. Each in a process of
 * its own, the hooks being the process's. Prints histories per second and CPU per history. Then
 * the offline audit of the same histories (`auditRuns`) replayed here and in one replay process
 * per core (audit/replay-in-child-process.ts).
 *
 *   npm run bench:replay [-- --copies 20]
 */
const copies = benchArg('copies', 20);
const historiesDir = path.resolve(__dirname, '..', 'test', 'fixtures', 'histories');

interface Measure {
  histories: number;
  events: number;
  failed: number;
  seconds: number;
  cpuMsPerHistory: number;
}

/** The recorded runs, `copies` times, each copy a post of its own. */
function copiedRuns(): RunToReplay[] {
  const recorded = fs.readdirSync(historiesDir).flatMap((file) => runsOfHistoryFile(path.join(historiesDir, file)));
  return Array.from({ length: copies }, (_, copy) => recorded.map((run) => ({ ...run, postId: `${run.postId}-${copy}` }))).flat();
}

/** The offline audit of the copies (`npm run audit -- --file`), its replay on `lanes` processes: seconds. */
async function timeAudit(lanes: number): Promise<{ seconds: number; posts: number; failed: number }> {
  const runs = copiedRuns();
  const bundle = await auditWorkflowBundle();
  const started = performance.now();
  let posts = 0;
  let failed = 0;
  for await (const report of auditRuns(runs, bundle, lanes)) (posts += 1), (failed += report.ok ? 0 : 1);
  return { seconds: (performance.now() - started) / 1000, posts, failed };
}

async function measure(withHooks: boolean): Promise<Measure> {
  if (withHooks) globalHandlers.install();
  const runs = copiedRuns();
  const bundle = await auditWorkflowBundle();
  const started = performance.now();
  const cpu = process.cpuUsage();
  let failed = 0;
  for await (const replayed of replayPostRuns(runs, bundle)) if (replayed.error) failed += 1;
  const used = process.cpuUsage(cpu);
  return {
    histories: runs.length,
    events: runs.reduce((sum, run) => sum + (run.history.events?.length ?? 0), 0),
    failed,
    seconds: (performance.now() - started) / 1000,
    cpuMsPerHistory: (used.user + used.system) / 1000 / runs.length,
  };
}

function inChild(mode: 'audit' | 'hooks'): Measure {
  const out = execFileSync(process.execPath, ['--import', 'tsx', __filename, '--child', mode, '--copies', String(copies)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(out.trim().split('\n').at(-1)!) as Measure;
}

async function main(): Promise<void> {
  const child = benchOption('child', '');
  if (child) {
    process.stdout.write(`${JSON.stringify(await measure(child === 'hooks'))}\n`);
    return;
  }
  const load = os.loadavg()[0]!;
  const hooks = inChild('hooks');
  const audit = inChild('audit');
  const cpus = os.cpus();
  console.log(
    `\nReplay of ${audit.histories} histories (${fs.readdirSync(historiesDir).length} recorded lifecycles × ${copies}, ${audit.events} events), one replay worker, offline; ` +
      `node ${process.version}, ${cpus.length} × ${cpus[0]?.model ?? 'cpu'}; 1-min load average ${load.toFixed(1)} before, ${os.loadavg()[0]!.toFixed(1)} after\n`,
  );
  console.log('| replay | histories/s | CPU ms per history | failed |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const [name, m] of [['with the SDK’s stack-trace hooks', hooks], ['as the audit runs it (hooks not installed)', audit]] as const) {
    console.log(`| ${name} | ${(m.histories / m.seconds).toFixed(1)} | ${m.cpuMsPerHistory.toFixed(1)} | ${m.failed} |`);
  }
  console.log(`\nwithout the hooks: ${(hooks.seconds / audit.seconds).toFixed(2)} times as fast; ${(audit.histories / audit.seconds / 200).toFixed(3)} of issue 12's goal (200 histories/s)`);

  const lanes = Math.max(2, os.availableParallelism());
  const here = await timeAudit(1);
  const spread = await timeAudit(lanes);
  console.log(`\nThe offline audit of the same histories (auditRuns, as \`npm run audit -- --file\`): ${here.posts} posts, ${here.failed + spread.failed} not agreeing`);
  console.log('| replay | seconds | histories/s |');
  console.log('| --- | ---: | ---: |');
  console.log(`| in the audit's process | ${here.seconds.toFixed(1)} | ${(audit.histories / here.seconds).toFixed(1)} |`);
  console.log(`| in ${lanes} replay processes | ${spread.seconds.toFixed(1)} | ${(audit.histories / spread.seconds).toFixed(1)} |`);
  console.log(`\n${lanes} processes: ${(here.seconds / spread.seconds).toFixed(2)} times as fast`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
