import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { globalHandlers } from '@temporalio/worker/lib/workflow/vm-shared';
import { runsOfHistoryFile } from '../audit/history-file';
import { auditWorkflowBundle, replayPostRuns, type RunToReplay } from '../audit/replay-post-runs';
import { benchArg, benchOption } from './bench-support';

/**
 * The replay alone, offline (no Temporal, no MongoDB): the recorded lifecycles of
 * `test/fixtures/histories/` replayed `--copies` times each through the audit's replay
 * (`replayPostRuns`, one replay worker), as the audit runs it and with the SDK's stack-trace hooks
 * installed as they would be without audit/replay-without-stack-traces.ts. Each in a process of
 * its own, the hooks being the process's. Prints histories per second and CPU per history.
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

async function measure(withHooks: boolean): Promise<Measure> {
  if (withHooks) globalHandlers.install();
  const recorded = fs.readdirSync(historiesDir).flatMap((file) => runsOfHistoryFile(path.join(historiesDir, file)));
  const runs: RunToReplay[] = Array.from({ length: copies }, (_, copy) => recorded.map((run) => ({ ...run, runId: `${run.runId}-${copy}` }))).flat();
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
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
