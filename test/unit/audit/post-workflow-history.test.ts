import fs from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { temporal } from '@temporalio/proto';
import { writePostWorkflowHistory } from '../../../audit/post-workflow-history';

/**
 * The export of GET /api/v1/posts/:id/workflow-history (issue 12) is written as Temporal pages it:
 * a page read, a page written, the next page asked for only once the reader has taken it. Temporal
 * is a stand-in here, serving two recorded runs page by page, one of them longer than a page; the route against a
 * real server is test/integration/audit/workflow-history-audit.test.ts.
 */
const fixture = (name: string) =>
  temporal.api.history.v1.History.fromObject(JSON.parse(fs.readFileSync(path.join(__dirname, '../../fixtures/histories', name), 'utf8')));
const runs = new Map([
  ['run-1', fixture('chained-closed-2022-public.json')],
  ['run-2', fixture('chained-renewal-2022-public-continued.json')],
]);

describe('writePostWorkflowHistory (audit/post-workflow-history.ts)', () => {
  it('writes every run as temporal workflow show does, a page at a time, waiting for the reader between pages', async () => {
    let writing = false;
    const asked: { runId: string; pageSize: number; whileWriting: boolean }[] = [];
    const getWorkflowExecutionHistory = async (request: temporal.api.workflowservice.v1.IGetWorkflowExecutionHistoryRequest) => {
      const runId = request.execution!.runId!;
      const events = runs.get(runId)!.events;
      const from = request.nextPageToken?.length ? Number(Buffer.from(request.nextPageToken).toString()) : 0;
      const to = Math.min(events.length, from + request.maximumPageSize!);
      asked.push({ runId, pageSize: request.maximumPageSize!, whileWriting: writing });
      return { history: { events: events.slice(from, to) }, nextPageToken: to < events.length ? Buffer.from(String(to)) : Buffer.alloc(0) };
    };
    const source = { client: { workflowService: { getWorkflowExecutionHistory } } as unknown as Client, namespace: 'cnum' };

    const chunks: string[] = [];
    await writePostWorkflowHistory(source, 'post-1', [...runs.keys()], async (chunk) => {
      writing = true;
      chunks.push(chunk);
      // A slow reader: the export must not read ahead of it.
      await new Promise((resolve) => setImmediate(resolve));
      writing = false;
    });

    const exported = JSON.parse(chunks.join('')) as { postId: string; namespace: string; exportedAt: string; runs: { runId: string; history: { events: unknown[] } }[] };
    expect({ postId: exported.postId, namespace: exported.namespace, runIds: exported.runs.map((r) => r.runId) }).toEqual({ postId: 'post-1', namespace: 'cnum', runIds: ['run-1', 'run-2'] });
    exported.runs.forEach((run) => expect(run.history).toEqual(JSON.parse(historyToJSON(runs.get(run.runId)!))));

    const pageSize = asked[0]!.pageSize;
    expect(runs.get('run-1')!.events.length).toBeGreaterThan(2 * pageSize);
    expect(asked.filter((a) => a.whileWriting)).toEqual([]);
    expect(asked).toHaveLength([...runs.values()].reduce((sum, history) => sum + Math.ceil(history.events.length / pageSize), 0));
    // No chunk carries more than a page of events.
    expect(Math.max(...chunks.map((chunk) => chunk.split('"eventId"').length - 1))).toBeLessThanOrEqual(pageSize);
  });
});
