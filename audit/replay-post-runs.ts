import { type BundleOptions, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { bundlePostWorkflows } from '../runtime/post-workflow-bundle';
import { replayWithoutStackTraces } from './replay-without-stack-traces';
import type { History } from './workflow-history-events';
import type { RecordedChange } from './workflow-history-events';

/**
 * Replays runs of the post workflow with today's code (`Worker.runReplayHistories`): one bundle
 * for the whole audit and one replay worker for every run of every post, which is what makes
 * `npm run audit -- --all` fast (bench/audit-replay.bench.ts). Needs neither Temporal nor MongoDB.
 */
export interface RunToReplay {
  postId: string;
  runId: string;
  history: History;
}

export interface ReplayedRun extends RunToReplay {
  /** The nondeterminism error (or another replay failure), word for word; null when it replayed. */
  error: { name: string; message: string } | null;
  /** Each change today's code recorded while replaying, in order (`recordPostChange`'s input). */
  changes: RecordedChange['change'][];
}

/**
 * The workflow bundled as the worker's is (runtime/post-workflow-bundle.ts), with the audit's
 * capture interceptor (workflows/audit-replay-capture.ts).
 * `webpackConfigHook` lets a test bundle a variant (a `patched()` gate removed) the same way.
 */
export function auditWorkflowBundle(options: Pick<BundleOptions, 'webpackConfigHook'> = {}): Promise<WorkflowBundleWithSourceMap> {
  return bundlePostWorkflows({ workflowInterceptorModules: [require.resolve('../workflows/audit-replay-capture')], ...options });
}

export async function* replayPostRuns(
  runs: AsyncIterable<RunToReplay> | Iterable<RunToReplay>,
  workflowBundle: WorkflowBundleWithSourceMap,
): AsyncGenerator<ReplayedRun> {
  // One history at a time: the worker pulls the next run only after it has answered for this one.
  let current: RunToReplay | null = null;
  let changes: RecordedChange['change'][] = [];
  async function* feed() {
    for await (const run of runs) {
      current = run;
      changes = [];
      yield { workflowId: run.postId, history: run.history };
    }
  }
  replayWithoutStackTraces();
  const results = Worker.runReplayHistories(
    {
      workflowBundle,
      sinks: { auditReplay: { recordedChange: { fn: (_info, change) => void changes.push(change as RecordedChange['change']), callDuringReplay: true } } },
    },
    feed(),
  );
  for await (const result of results) {
    const run = current as RunToReplay | null;
    if (!run) throw new Error('the replay answered for a run it was not given');
    const error = result.error ? { name: result.error.name, message: result.error.message } : null;
    yield { ...run, error, changes };
  }
}
