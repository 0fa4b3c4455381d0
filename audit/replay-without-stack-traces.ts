import { globalHandlers } from '@temporalio/worker/lib/workflow/vm-shared';

/**
 * Keeps the SDK from installing, in this process, what serves a running workflow's stack-trace
 * query: a V8 promise hook that records where every promise was created, for every promise of the
 * process, and a source-mapping `Error.prepareStackTrace`. A replay worker runs its workflows in
 * the process that asks for the replay (the SDK's debug mode), so the hook would tax all of it; the
 * audit never asks for a stack trace (a nondeterminism error is Temporal's message), and the hook
 * was 30 % of the replay's CPU (`npm run bench:replay`: 116 → 81 ms per history).
 *
 * `globalHandlers` is internal to @temporalio/worker (pinned at one version in package.json): it
 * installs once, unless already marked installed. `test/unit/audit/replay-without-stack-traces.test.ts`
 * fails if a new SDK no longer has it. Never called in the worker, whose workflows run in threads
 * of their own with their own handlers.
 */
export function replayWithoutStackTraces(): void {
  globalHandlers.installed = true;
}
