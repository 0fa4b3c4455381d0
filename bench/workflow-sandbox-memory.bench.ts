import fs from 'node:fs';
import path from 'node:path';
import { defaultPayloadConverter } from '@temporalio/common';
import { ReusableVMWorkflowCreator } from '@temporalio/worker/lib/workflow/reusable-vm';
import Long from 'long';
import { benchArg } from './bench-support';

/**
 * What one post workflow costs the sandbox alone, with no server (docs/worker-memory.md): the
 * SDK's own reusable-context creator (an internal module of @temporalio/worker 1.24, the one a
 * worker uses) loads a bundle, then starts `--workflows` post workflows, each to its first wait
 * (its application), and keeps them all. Heap and RSS per workflow = growth ÷ workflows, after
 * full collections. Compares bundles: `npm run bench:sandbox-memory -- <bundle.js> [--workflows 200]`
 * (default: build/post-workflows.bundle.js).
 */
const codePath = path.resolve(process.argv.slice(2).find((a) => a.endsWith('.js')) ?? path.join(__dirname, '../build/post-workflows.bundle.js'));
const workflows = benchArg('workflows', 200);
const warmup = 5;
const gc = (globalThis as { gc?: () => void }).gc;

async function main(): Promise<void> {
  if (!gc) throw new Error('run with node --expose-gc (npm run bench:sandbox-memory does)');
  const code = fs.readFileSync(codePath, 'utf8');
  const marker = '//# sourceMappingURL=data:application/json;charset=utf-8;base64,';
  const sourceMap = JSON.parse(Buffer.from(code.slice(code.lastIndexOf(marker) + marker.length).trim(), 'base64').toString('utf8')) as unknown;
  const creator = await ReusableVMWorkflowCreator.create({ code, filename: codePath, sourceMap } as never, 5_000, new Set(['recordPostChange', 'writeNotifications']));
  const kept: unknown[] = [];
  const start = async (i: number) => {
    const runId = `run-${i}`;
    const now = new Date();
    const info = {
      workflowType: 'postLifecycleWorkflow', workflowId: `post-${i}`, runId, firstExecutionRunId: runId, taskQueue: 'bench', namespace: 'default',
      attempt: 1, historyLength: 3, historySize: 100, continueAsNewSuggested: false, startTime: now, runStartTime: now,
      searchAttributes: {}, typedSearchAttributes: [], memo: {}, priority: {}, unsafe: { isReplaying: false, now: () => Date.now() },
    };
    const workflow = await creator.createWorkflow({ info: info as never, randomnessSeed: [i, 1], now: now.getTime(), showStackTraceSources: false });
    const completion = (await workflow.activate({
      runId,
      timestamp: { seconds: Long.fromNumber(Math.floor(now.getTime() / 1000)), nanos: 0 },
      isReplaying: false,
      historyLength: 3,
      jobs: [{ initializeWorkflow: { workflowType: 'postLifecycleWorkflow', workflowId: `post-${i}`, arguments: [defaultPayloadConverter.toPayload({ postId: `post-${i}` })], randomnessSeed: Long.fromNumber(i), attempt: 1, firstExecutionRunId: runId } }],
    } as never)) as { successful?: { commands: unknown[] }; failed?: unknown };
    // Started, it waits for its application: a patch marker and the timer of that wait.
    if (!completion.successful?.commands.some((c) => 'startTimer' in (c as object))) throw new Error(`workflow ${i} did not start: ${JSON.stringify(completion).slice(0, 500)}`);
    kept.push(workflow);
  };
  for (let i = 0; i < warmup; i++) await start(i);
  gc(), gc();
  const before = process.memoryUsage();
  for (let i = warmup; i < warmup + workflows; i++) await start(i);
  gc(), gc();
  const after = process.memoryUsage();
  const KiB = 1024;
  process.stdout.write(
    `${JSON.stringify(
      {
        bundle: codePath,
        workflows: kept.length - warmup,
        heapKiBPerWorkflow: Number(((after.heapUsed - before.heapUsed) / workflows / KiB).toFixed(1)),
        rssKiBPerWorkflow: Number(((after.rss - before.rss) / workflows / KiB).toFixed(1)),
        heapMiBWithWarmupOnly: Number((before.heapUsed / KiB / KiB).toFixed(1)),
      },
      null,
      2,
    )}\n`,
  );
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
