import type { Client } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { temporal } from '@temporalio/proto';
import { continuedFromRunId, type History } from './workflow-history-events';

/**
 * A post's workflow history as Temporal keeps it: every run, across continue-as-new, oldest
 * first, read page by page. The runs are found by walking back from the current run through the
 * `continuedExecutionRunId` of each run's first event: history reads are consistent at once on the
 * dev server and on a cluster alike, where the visibility list may not show a run just continued.
 */
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** Events per page: a long-lived post's history is held a page at a time, not whole. */
const PAGE_SIZE = 250;

export interface PostHistorySource {
  client: Client;
  namespace: string;
}

/** The post's run ids, oldest first; the workflow's absence surfaces as the client's NotFound error. */
export async function postRunIds({ client, namespace }: PostHistorySource, postId: string): Promise<string[]> {
  const latest = await client.workflowService.describeWorkflowExecution({ namespace, execution: { workflowId: postId } });
  const runIds = [latest.workflowExecutionInfo!.execution!.runId!];
  for (;;) {
    const first = await client.workflowService.getWorkflowExecutionHistory({
      namespace,
      execution: { workflowId: postId, runId: runIds[0] },
      maximumPageSize: 1,
    });
    const previous = continuedFromRunId({ events: first.history?.events ?? [] });
    if (!previous || runIds.includes(previous)) return runIds;
    runIds.unshift(previous);
  }
}

/** One run's events, a page at a time. */
export async function* runEventPages({ client, namespace }: PostHistorySource, postId: string, runId: string): AsyncGenerator<HistoryEvent[]> {
  let nextPageToken: Uint8Array | undefined;
  do {
    const page = await client.workflowService.getWorkflowExecutionHistory({
      namespace,
      execution: { workflowId: postId, runId },
      maximumPageSize: PAGE_SIZE,
      nextPageToken,
    });
    if (page.history?.events?.length) yield page.history.events;
    nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
  } while (nextPageToken);
}

/**
 * Every run whole, oldest first, for the replay (which takes a run's history at once). Walking
 * back, each run is read whole at once and its first event names the run before: one read of the
 * first event per run fewer than `postRunIds` then the runs (the audit of `--all` reads every post).
 */
export async function* postRunHistories(source: PostHistorySource, postId: string): AsyncGenerator<{ postId: string; runId: string; history: History }> {
  const latest = await source.client.workflowService.describeWorkflowExecution({ namespace: source.namespace, execution: { workflowId: postId } });
  const runs: { postId: string; runId: string; history: History }[] = [];
  for (let runId: string | null = latest.workflowExecutionInfo!.execution!.runId!; runId && !runs.some((run) => run.runId === runId); ) {
    const events: HistoryEvent[] = [];
    for await (const page of runEventPages(source, postId, runId)) events.push(...page);
    runs.unshift({ postId, runId, history: { events } });
    runId = continuedFromRunId({ events });
  }
  yield* runs;
}

/**
 * The export, written as it is read: `{ postId, namespace, exportedAt, runs: [{ runId, history }] }`
 * where each `history` is the JSON that `temporal workflow show --output json` and the Temporal UI's
 * download produce (`{ "events": [...] }`, protobuf JSON), so that any Temporal tool reads it too.
 * `write` resolves when the reader is ready for more; a page is the most held at once.
 */
export async function writePostWorkflowHistory(
  source: PostHistorySource,
  postId: string,
  runIds: string[],
  write: (chunk: string) => Promise<void>,
): Promise<void> {
  await write(`{"postId":${JSON.stringify(postId)},"namespace":${JSON.stringify(source.namespace)},"exportedAt":"${new Date().toISOString()}","runs":[`);
  for (const [r, runId] of runIds.entries()) {
    await write(`${r > 0 ? ',' : ''}\n{"runId":${JSON.stringify(runId)},"history":{"events":[`);
    let first = true;
    for await (const page of runEventPages(source, postId, runId)) {
      const events = (JSON.parse(historyToJSON({ events: page })) as { events: unknown[] }).events;
      await write(events.map((event, i) => `${first && i === 0 ? '' : ','}\n${JSON.stringify(event)}`).join(''));
      first = false;
    }
    await write(']}}');
  }
  await write('\n]}\n');
}
