import { fork } from 'node:child_process';
import { temporal } from '@temporalio/proto';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { ChildAnswer, ParentMessage } from './replay-child-messages';
import type { ReplayedRun, RunToReplay } from './replay-post-runs';

export class ReplayProcessError extends Error {
  override name = 'ReplayProcessError';
  readonly code = 'audit.replay_process_failed';
}

/**
 * Replays `runs` in a process of its own (audit/replay-child.ts), one at a time, and yields each
 * as `replayPostRuns` would. A replay worker runs its workflows on the thread of the process that
 * asks, so the audit's replay processes are what puts every core to work (audit/audit-posts.ts).
 * The process starts at the first run, and ends with the runs.
 */
export async function* replayInChildProcess(runs: AsyncIterable<RunToReplay> | Iterable<RunToReplay>, workflowBundle: WorkflowBundleWithSourceMap): AsyncGenerator<ReplayedRun> {
  let child: ReturnType<typeof fork> | null = null;
  const answers: ChildAnswer[] = [];
  let exited: string | null = null;
  let wake: () => void = () => {};
  const send = (message: ParentMessage) => {
    if (!exited && child!.connected) child!.send(message);
  };

  function start(): ReturnType<typeof fork> {
    const started = fork(require.resolve('./replay-child'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    started.on('message', (message: ChildAnswer) => {
      answers.push(message);
      wake();
    });
    // Sending to a process that died: the exit below says so.
    started.on('error', () => undefined);
    started.on('exit', (code, signal) => {
      exited = `le processus de rejeu s’est arrêté (${signal ?? `code ${code}`})`;
      wake();
    });
    started.send({ kind: 'bundle', bundle: { code: workflowBundle.code, sourceMap: workflowBundle.sourceMap } } satisfies ParentMessage);
    return started;
  }

  async function nextAnswer(): Promise<ChildAnswer> {
    for (;;) {
      if (answers.length > 0) return answers.shift()!;
      if (exited) throw new ReplayProcessError(exited);
      await new Promise<void>((resolve) => (wake = resolve));
    }
  }

  try {
    for await (const run of runs) {
      child ??= start();
      send({ kind: 'run', postId: run.postId, runId: run.runId, history: Buffer.from(temporal.api.history.v1.History.encode(run.history).finish()).toString('base64') });
      const answer = await nextAnswer();
      if (answer.kind === 'failed') throw new ReplayProcessError(answer.message);
      yield { ...run, error: answer.error, changes: answer.changes };
    }
  } finally {
    if (child && !exited) {
      send({ kind: 'end' });
      await new Promise<void>((resolve) => {
        if (exited) resolve();
        else child!.once('exit', () => resolve());
      });
    }
  }
}
