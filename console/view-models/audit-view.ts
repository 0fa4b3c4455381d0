import type { z } from 'zod';
import type { timelineReplaySchema } from '../../api/post-api-schemas';
import type { HistoryEntry } from '../../api/post-timeline';
import type { PostResource } from '../../api/post-api-schemas';
import { statusLabel } from './console-labels';
import { timelineView } from './post-page-view';

/**
 * The audit page (RULES.md §6), for auditors and ANCT: the post's recorded timeline replayed with
 * today's rules, and the whole timeline with every payload. The replay of the Temporal workflow
 * history and its download are the audit issue's (issue 12): `workflowHistoryReport` is where its
 * report goes; until then the page says it is not there.
 */
export function auditView(args: {
  post: PostResource;
  history: HistoryEntry[];
  replay: z.infer<typeof timelineReplaySchema>;
  timelineDownloadHref: string;
  postHref: string;
  workflowHistoryReport: null;
}) {
  const { replay } = args;
  return {
    id: args.post.id,
    name: args.post.structure.name,
    postHref: args.postHref,
    status: statusLabel(args.post.status),
    replay: {
      consistent: replay.consistent,
      replayedEvents: replay.replayedEvents,
      finalStatus: replay.finalStatus ? statusLabel(replay.finalStatus) : null,
      divergences: replay.divergences.map((d) => ({
        version: d.version,
        recorded: statusLabel(d.recorded),
        replayed: d.replayed === 'refused' ? { label: 'refusé par les règles d’aujourd’hui', badge: 'error' as const } : statusLabel(d.replayed),
        reason: d.reason ?? null,
      })),
    },
    timeline: timelineView(args.history),
    timelineDownloadHref: args.timelineDownloadHref,
    workflowHistoryReport: args.workflowHistoryReport,
  };
}
