import type { ReplayedRun } from './replay-post-runs';

/** What the audit sends its replay processes (audit/replay-child.ts), and what they answer. */
export type ParentMessage =
  | { kind: 'bundle'; bundle: { code: string; sourceMap: string } }
  /** `history`: the run's History, protobuf-encoded, in base64. */
  | { kind: 'run'; postId: string; runId: string; history: string }
  | { kind: 'end' };

export type ChildAnswer =
  | { kind: 'replayed'; runId: string; error: ReplayedRun['error']; changes: ReplayedRun['changes'] }
  | { kind: 'failed'; message: string };
