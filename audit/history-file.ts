import fs from 'node:fs';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { temporal } from '@temporalio/proto';
import type { RunToReplay } from './replay-post-runs';
import { postIdOfHistory } from './workflow-history-events';

/**
 * The histories an auditor brings: the product's export (`GET /api/v1/posts/:id/workflow-history`,
 * every run of a post), or one run as `temporal workflow show --output json` or the Temporal UI's
 * download give it (`{ "events": [...] }`), or a recorded fixture (`test/fixtures/histories/`,
 * protobuf objects). Read from the file alone: no Temporal, no MongoDB.
 */
export class HistoryFileError extends Error {
  override name = 'HistoryFileError';
  readonly code = 'audit.history_file_invalid';
}

interface ExportedHistory {
  postId: string;
  runs: { runId: string; history: { events: unknown[] } }[];
}

function toHistory(json: { events: unknown[] }, file: string): RunToReplay['history'] {
  const first = json.events[0] as { eventTime?: unknown } | undefined;
  try {
    // protobuf JSON writes a timestamp as text; the fixtures' protobuf objects as { seconds, nanos }.
    return first && typeof first.eventTime === 'object' ? temporal.api.history.v1.History.fromObject(json) : historyFromJSON(json);
  } catch (error) {
    throw new HistoryFileError(`${file} : historique Temporal illisible (${error instanceof Error ? error.message : String(error)}).`);
  }
}

export function runsOfHistoryFile(file: string): RunToReplay[] {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new HistoryFileError(`${file} : fichier JSON illisible (${error instanceof Error ? error.message : String(error)}).`);
  }
  const exported = json as Partial<ExportedHistory>;
  if (typeof exported?.postId === 'string' && Array.isArray(exported.runs)) {
    return exported.runs.map((run) => ({ postId: exported.postId!, runId: run.runId, history: toHistory(run.history, file) }));
  }
  if (json && Array.isArray((json as { events?: unknown }).events)) {
    const history = toHistory(json as { events: unknown[] }, file);
    const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
    return [{ postId: postIdOfHistory(history) ?? 'inconnu', runId: started?.originalExecutionRunId ?? 'inconnu', history }];
  }
  throw new HistoryFileError(`${file} : ni un export de poste ({ postId, runs }) ni un historique Temporal ({ events }).`);
}
