import type { z } from 'zod';
import type { timelineReplaySchema } from '../../api/post-api-schemas';
import type { HistoryEntry } from '../../api/post-timeline';
import type { PostResource } from '../../api/post-api-schemas';
import { frenchChain } from '../../audit/french-audit-table';
import type { PostAuditReport } from '../../audit/post-audit-report';
import { eventLabel, roleLabel, statusLabel } from './console-labels';
import { frenchInstant } from './french-format';
import { timelineView } from './post-page-view';

/**
 * The audit page (RULES.md §6), for auditors and ANCT: the post's recorded timeline replayed with
 * today's rules, the replay of its Temporal workflow history with today's code (issue 12, the
 * report of `npm run audit -- <postId>`) and its download, and the whole timeline with every payload.
 */
const AGAINST = { history: 'Historique Temporal', timeline: 'Chronologie MongoDB', read_model: 'Modèle de lecture', refusals: 'Tentatives refusées' } as const;

function workflowHistoryView(report: PostAuditReport, downloadHref: string) {
  const events = report.runs.reduce((sum, run) => sum + run.events, 0);
  const runs = `${report.runs.length} exécution${report.runs.length > 1 ? 's' : ''}, ${events} événements`;
  const chains = [frenchChain(report.chain.workflow, 'Chaîne du workflow'), ...(report.chain.stored ? [frenchChain(report.chain.stored, 'Chaîne de MongoDB')] : [])];
  if (report.refusals) chains.push(frenchChain(report.refusals.chain, `Tentatives refusées (${report.refusals.count})`).replace(/de la version (\d+) à la version (\d+)/, 'du n° $1 au n° $2'));
  return {
    ok: report.ok,
    verdict: report.ok ? { label: 'Conforme', badge: 'success' as const } : { label: 'Non conforme', badge: 'error' as const },
    replay: report.deterministic ? `Déterministe avec le code d’aujourd’hui (${runs})` : `NON déterministe avec le code d’aujourd’hui (${runs})`,
    errors: report.runs.flatMap((run) =>
      run.error ? [{ runId: run.runId, at: run.error.eventId === null ? null : `événement ${run.error.eventId} (${run.error.eventType})`, message: run.error.message }] : [],
    ),
    statuses: report.statuses.map((s) => ({
      version: s.version,
      what: eventLabel(s.type),
      who: s.actorRole ? roleLabel(s.actorRole) : '',
      at: frenchInstant(s.receivedAt),
      rules: s.rulesRevision === null ? '' : `rév. ${s.rulesRevision}`,
      status: statusLabel(s.status),
    })),
    chains,
    differences: report.differences.map((d) => ({ where: AGAINST[d.against], message: d.message })),
    downloadHref,
  };
}

export function auditView(args: {
  post: PostResource;
  history: HistoryEntry[];
  replay: z.infer<typeof timelineReplaySchema>;
  timelineDownloadHref: string;
  postHref: string;
  /** The audit of the post's workflow history (audit/post-auditor.ts), and where to download that history. */
  workflowHistory: { report: PostAuditReport; downloadHref: string };
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
    workflowHistoryReport: workflowHistoryView(args.workflowHistory.report, args.workflowHistory.downloadHref),
  };
}
