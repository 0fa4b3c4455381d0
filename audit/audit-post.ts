import { canonicalJson } from '../domain/audit/canonical-json';
import { REFUSAL_ENTRY_FIELDS, TIMELINE_ENTRY_FIELDS } from '../domain/audit/timeline-chain';
import type { AuditDifference, ChainVerdict, PostAuditReport } from './post-audit-report';
import type { ReplayedRun } from './replay-post-runs';
import { verifyChain } from './verify-chain';
import { continuedFromRunId, eventNamedByError, nameEvent, recordedChanges } from './workflow-history-events';

/**
 * The audit's rules, pure: given the runs of a post replayed with today's code and, when MongoDB
 * was reachable, what it stores of the post, says whether everything agrees and names each
 * difference (version, field, workflow value, stored value). RULES.md §6.
 */
export interface StoredPost {
  /** Accepted rows of `post_events`. */
  timeline: Record<string, unknown>[];
  /** The read model's document, null when there is none. */
  post: Record<string, unknown> | null;
  refusals: { rows: Record<string, unknown>[]; links: { sequence: number; requestId: string; previousHash: string; hash: string }[] };
}

const CHAINED_FIELDS = [...TIMELINE_ENTRY_FIELDS, 'previousHash', 'hash'] as const;
/**
 * What today's replay must reach as the run did (RULES.md §6): the states, and the hashes where the
 * run recorded them. A field the recording lacks came later (`rulesRevision`, the hashes) and is
 * not compared; the payload is the request as parsed, not a state.
 */
const REPLAYED_FIELDS = ['type', 'statusBefore', 'status', 'rulesRevision', 'previousHash', 'hash'] as const;
/** The fields of the read model that are the workflow's view (post-view.ts), `_id` being its `id`. */
const VIEW_FIELDS = ['status', 'policy', 'structure', 'advisor', 'deadlines', 'convention', 'tranches', 'contract', 'absence', 'trainingOrgId', 'outcome', 'transferredFrom', 'transferredTo', 'version'] as const;

const same = (a: unknown, b: unknown) => canonicalJson(a ?? null) === canonicalJson(b ?? null);

/** Leaf by leaf, `a` (the workflow's) against `b` (what is stored); a missing value and null are one. */
function leafDifferences(a: unknown, b: unknown, path: string): { path: string; a: unknown; b: unknown }[] {
  if (same(a, b)) return [];
  const isObject = (v: unknown) => v !== null && typeof v === 'object';
  if (Array.isArray(a) && Array.isArray(b)) {
    return Array.from({ length: Math.max(a.length, b.length) }, (_, i) => leafDifferences(a[i], b[i], `${path}[${i}]`)).flat();
  }
  if (isObject(a) && isObject(b) && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = [...new Set([...Object.keys(a as object), ...Object.keys(b as object)])].sort();
    return keys.flatMap((key) => leafDifferences((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], path ? `${path}.${key}` : key));
  }
  return [{ path, a: a ?? null, b: b ?? null }];
}

const shown = (value: unknown) => (value === null || value === undefined ? 'rien' : `« ${typeof value === 'string' ? value : canonicalJson(value)} »`);

function difference(against: AuditDifference['against'], version: number | null, field: string, workflowValue: unknown, storedValue: unknown, where: string): AuditDifference {
  const at = version === null ? '' : `version ${version}, `;
  return {
    against,
    version,
    field,
    workflowValue: workflowValue ?? null,
    storedValue: storedValue ?? null,
    message: `${at}champ ${field} : le workflow dit ${shown(workflowValue)}, ${where} ${shown(storedValue)}`,
  };
}

function byVersion(entries: readonly Record<string, unknown>[]): Map<number, Record<string, unknown>[]> {
  const map = new Map<number, Record<string, unknown>[]>();
  for (const entry of entries) {
    const version = Number(entry.version);
    map.set(version, [...(map.get(version) ?? []), entry]);
  }
  return map;
}

/** Entry against entry, version by version, up to `upTo` (where the replay stopped, if it did). */
function compareEntries(
  workflow: readonly Record<string, unknown>[],
  other: readonly Record<string, unknown>[],
  against: 'history' | 'timeline',
  upTo: number,
): AuditDifference[] {
  const compared: readonly string[] = against === 'history' ? REPLAYED_FIELDS : CHAINED_FIELDS;
  const where = against === 'history' ? 'l’historique Temporal a enregistré' : 'MongoDB garde';
  const theirs = byVersion(other);
  const ours = byVersion(workflow);
  const versions = [...new Set([...ours.keys(), ...theirs.keys()])].filter((v) => v <= upTo).sort((a, b) => a - b);
  return versions.flatMap((version) => {
    const mine = ours.get(version)?.[0];
    const stored = theirs.get(version) ?? [];
    if (!mine) return [difference(against, version, '(entrée)', null, { type: stored[0]!.type, status: stored[0]!.status }, `${where} une entrée que le workflow n’a pas :`)];
    if (stored.length === 0) return [difference(against, version, '(entrée)', { type: mine.type, status: mine.status }, null, `${where}`)];
    const extra = stored.slice(1).map((row) => difference(against, version, '(entrée)', null, { type: row.type, status: row.status }, `${where} en double :`));
    const fields = compared.filter((field) => !(against === 'history' && stored[0]![field] === undefined) && !same(mine[field], stored[0]![field]));
    return [...fields.map((field) => difference(against, version, field, mine[field], stored[0]![field], where)), ...extra];
  });
}

/** The refusals' chain: each link (its place) joined with its row (its content). */
function auditRefusals(refusals: StoredPost['refusals']): { report: NonNullable<PostAuditReport['refusals']>; differences: AuditDifference[] } {
  const rowsByRequest = new Map(refusals.rows.map((row) => [String(row.requestId), row]));
  const linkedRequests = new Set(refusals.links.map((link) => link.requestId));
  const differences: AuditDifference[] = [];
  const joined: Record<string, unknown>[] = [];
  let chain: ChainVerdict | null = null;
  for (const link of [...refusals.links].sort((a, b) => a.sequence - b.sequence)) {
    const row = rowsByRequest.get(link.requestId);
    if (!row) {
      differences.push(difference('refusals', link.sequence, '(tentative refusée)', { requestId: link.requestId }, null, 'MongoDB garde'));
      chain ??= { unchainedUpTo: null, chainedFrom: null, head: null, firstBreak: { version: link.sequence, reason: 'missing', message: `la tentative refusée n° ${link.sequence} (demande ${link.requestId}) a été supprimée` } };
      continue;
    }
    for (const field of ['sequence', 'previousHash', 'hash'] as const) {
      if (!same(link[field], row[field])) differences.push(difference('refusals', link.sequence, field, link[field], row[field], 'la ligne de la tentative porte'));
    }
    joined.push({ ...row, sequence: link.sequence, previousHash: link.previousHash, hash: link.hash });
  }
  for (const row of refusals.rows) {
    if (row.sequence !== null && row.sequence !== undefined && !linkedRequests.has(String(row.requestId))) {
      differences.push(difference('refusals', Number(row.sequence), '(tentative refusée)', null, { requestId: row.requestId, type: row.type }, 'MongoDB garde une tentative hors de la chaîne :'));
    }
  }
  // A refusal written before the chain existed is unchained; one received after the chain began should be in it.
  const unchainedRows = refusals.rows.filter((row) => row.sequence === null || row.sequence === undefined);
  const chainStart = refusals.rows.filter((row) => !unchainedRows.includes(row)).map((row) => String(row.receivedAt)).sort()[0];
  for (const row of unchainedRows) {
    if (chainStart !== undefined && String(row.receivedAt) >= chainStart) {
      differences.push(difference('refusals', null, '(tentative refusée)', null, { requestId: row.requestId, type: row.type, receivedAt: row.receivedAt }, 'MongoDB garde une tentative reçue après le début de la chaîne mais hors d’elle :'));
    }
  }
  const verified = verifyChain(joined, { fields: REFUSAL_ENTRY_FIELDS, position: 'sequence' });
  const unchained = unchainedRows.length;
  return { report: { count: refusals.rows.length, unchained, chain: chain ?? verified }, differences };
}

export function auditPost({ postId, source, runs, stored }: { postId: string; source: PostAuditReport['source']; runs: readonly ReplayedRun[]; stored: StoredPost | null }): PostAuditReport {
  const deterministic = runs.length > 0 && runs.every((run) => run.error === null);
  const replayed = runs.flatMap((run) => run.changes.map((change) => ({ run, change })));
  const entries = replayed.map(({ change }) => change.entry as Record<string, unknown>);
  const upTo = deterministic ? Number.POSITIVE_INFINITY : Math.max(0, ...entries.map((e) => Number(e.version)));
  // What the runs recorded (the activity's input in the history): the copy MongoDB must hold.
  const recordedRuns = runs.map((run) => recordedChanges(run.history).map((r) => r.change));
  const recorded = recordedRuns.flat().map((change) => change.entry as Record<string, unknown>);
  const differences = compareEntries(entries, recorded, 'history', upTo);

  let storedChain: ChainVerdict | null = null;
  let refusals: PostAuditReport['refusals'] = null;
  if (stored) {
    storedChain = verifyChain(stored.timeline, { fields: TIMELINE_ENTRY_FIELDS, position: 'version' });
    differences.push(...compareEntries(recorded, stored.timeline, 'timeline', Number.POSITIVE_INFINITY));
    const view = recordedRuns.flat().at(-1)?.view;
    if (view) {
      if (!stored.post) {
        differences.push(difference('read_model', null, '(document)', { status: view.status, version: view.version }, null, 'MongoDB garde'));
      } else {
        const structure = view.structure as { siret?: string; department?: string } | undefined;
        const deadlines = (view.deadlines as { dueOn: string }[] | undefined) ?? [];
        // What activities/post-activities.ts derives from the view to list and filter by.
        const expected = { ...Object.fromEntries(VIEW_FIELDS.map((f) => [f, view[f]])), _id: view.id, siret: structure?.siret, department: structure?.department, nextDeadlineOn: deadlines.map((d) => d.dueOn).sort()[0] ?? null };
        const actual = Object.fromEntries(Object.keys(expected).map((f) => [f, stored.post![f]]));
        differences.push(...leafDifferences(expected, actual, '').map((d) => difference('read_model', null, d.path, d.a, d.b, 'le modèle de lecture dit')));
      }
    }
    const audited = auditRefusals(stored.refusals);
    refusals = audited.report;
    differences.push(...audited.differences);
  }

  const earlierRunsMissing = runs[0] !== undefined && continuedFromRunId(runs[0].history) !== null;
  const workflowChain = verifyChain(recorded, { fields: TIMELINE_ENTRY_FIELDS, position: 'version', fromFirstGiven: earlierRunsMissing });
  const report: PostAuditReport = {
    postId,
    source,
    ok: false,
    deterministic,
    earlierRunsMissing,
    runs: runs.map((run) => {
      const named = run.error ? eventNamedByError(run.error.message) : null;
      const event = named ? nameEvent(run.history, named.eventId, named.eventType) : null;
      return {
        runId: run.runId,
        events: run.history.events?.length ?? 0,
        deterministic: run.error === null,
        error: run.error ? { ...run.error, eventId: event?.eventId ?? null, eventType: event?.eventType ?? null, during: event?.during ?? null } : null,
      };
    }),
    statuses: replayed.map(({ run, change }) => {
      const e = change.entry as Record<string, unknown> & { actor?: { role?: string } };
      return {
        version: Number(e.version),
        type: String(e.type),
        actorRole: e.actor?.role ?? null,
        receivedAt: String(e.receivedAt),
        rulesRevision: typeof e.rulesRevision === 'number' ? e.rulesRevision : null,
        statusBefore: (e.statusBefore as string | null) ?? null,
        status: String(e.status),
        hash: typeof e.hash === 'string' ? e.hash : null,
        runId: run.runId,
      };
    }),
    chain: { workflow: workflowChain, stored: storedChain },
    refusals,
    comparedWithStorage: stored !== null,
    differences,
  };
  report.ok = deterministic && differences.length === 0 && !workflowChain.firstBreak && !storedChain?.firstBreak && !refusals?.chain.firstBreak;
  return report;
}
