/**
 * A replay process of the audit (audit/replay-in-child-process.ts): receives the workflow bundle,
 * then runs one at a time over IPC, replays them with `replayPostRuns` in this process, and answers
 * each with its error and the changes it recorded. Ends when its parent says so or goes away.
 */
import { temporal } from '@temporalio/proto';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { replayPostRuns, type RunToReplay } from './replay-post-runs';
import type { ChildAnswer, ParentMessage } from './replay-child-messages';

// As in the audit's own process (scripts/audit.ts): a failing task or a nondeterminism is the report's to tell.
Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } } });

const queue: RunToReplay[] = [];
let ended = false;
let wake: () => void = () => {};
let started = false;

async function* incoming(): AsyncGenerator<RunToReplay> {
  for (;;) {
    if (queue.length > 0) yield queue.shift()!;
    else if (ended) return;
    else await new Promise<void>((resolve) => (wake = resolve));
  }
}

function answer(message: ChildAnswer): void {
  process.send!(message);
}

async function replayAll(bundle: { code: string; sourceMap: string }): Promise<void> {
  for await (const replayed of replayPostRuns(incoming(), bundle)) answer({ kind: 'replayed', runId: replayed.runId, error: replayed.error, changes: replayed.changes });
  // The SDK's runtime may hold the event loop: the replay is over.
  process.exit(0);
}

process.on('message', (message: ParentMessage) => {
  if (message.kind === 'bundle' && !started) {
    started = true;
    replayAll(message.bundle).catch((error: unknown) => {
      answer({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
      process.exit(1);
    });
  } else if (message.kind === 'run') {
    queue.push({ postId: message.postId, runId: message.runId, history: temporal.api.history.v1.History.decode(Buffer.from(message.history, 'base64')) });
    wake();
  } else if (message.kind === 'end') {
    ended = true;
    wake();
  }
});
process.on('disconnect', () => {
  ended = true;
  wake();
});
