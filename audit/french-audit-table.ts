import type { ChainVerdict, PostAuditReport } from './post-audit-report';

/**
 * The audit report as a person reads it in a terminal: French, one table of the statuses reached,
 * then the chains, the differences and the verdict. `--json` gives the report itself instead.
 */
const short = (hash: string) => `${hash.slice(0, 12)}…`;

function pad(cells: string[], widths: number[]): string {
  return cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rows.map((row) => `    ${pad(row, widths)}`);
}

export function frenchChain(verdict: ChainVerdict, what: string): string {
  const before = verdict.unchainedUpTo === null ? '' : `non chaînée jusqu’à la version ${verdict.unchainedUpTo} (écrite avant la chaîne), `;
  if (verdict.firstBreak) return `${what} : ${before}ROMPUE — ${verdict.firstBreak.message}`;
  if (!verdict.head) return `${what} : ${before || 'aucune entrée chaînée'}`.replace(/, $/, '');
  return `${what} : ${before}intacte de la version ${verdict.chainedFrom} à la version ${verdict.head.version} (tête ${short(verdict.head.hash)})`;
}

export function frenchAuditReport(report: PostAuditReport): string {
  const lines = [`Poste ${report.postId} (${report.source === 'file' ? 'fichier d’historique, hors ligne' : report.comparedWithStorage ? 'Temporal et MongoDB' : 'Temporal'})`];
  const events = report.runs.reduce((sum, run) => sum + run.events, 0);
  lines.push(
    report.deterministic
      ? `  Rejeu avec le code d’aujourd’hui : déterministe (${report.runs.length} exécution${report.runs.length > 1 ? 's' : ''}, ${events} événements)`
      : `  Rejeu avec le code d’aujourd’hui : NON DÉTERMINISTE`,
  );
  for (const run of report.runs.filter((r) => r.error)) {
    const at = run.error!.eventId === null ? '' : ` à l’événement ${run.error!.eventId} (${run.error!.eventType})${run.error!.during ? `, pendant ${run.error!.during}` : ''}`;
    lines.push(`    exécution ${run.runId}${at} :`, `    ${run.error!.message}`);
  }
  if (report.statuses.length > 0) {
    lines.push('  Statut atteint après chaque événement accepté :');
    lines.push(
      ...table([
        ['version', 'événement', 'rôle', 'reçu le', 'règles', 'statut atteint'],
        ...report.statuses.map((s) => [String(s.version), s.type, s.actorRole ?? '', s.receivedAt.replace('T', ' ').slice(0, 19), s.rulesRevision === null ? '' : `rév. ${s.rulesRevision}`, s.status]),
      ]),
    );
  }
  if (report.earlierRunsMissing) lines.push('  Exécutions précédentes non fournies : la chaîne est vérifiée à partir de la première donnée');
  lines.push(`  ${frenchChain(report.chain.workflow, 'Chaîne du workflow')}`);
  if (report.chain.stored) lines.push(`  ${frenchChain(report.chain.stored, 'Chaîne de MongoDB')}`);
  if (report.refusals) {
    const unchained = report.refusals.unchained > 0 ? `, dont ${report.refusals.unchained} écrite${report.refusals.unchained > 1 ? 's' : ''} avant la chaîne` : '';
    lines.push(`  ${frenchChain(report.refusals.chain, `Tentatives refusées (${report.refusals.count}${unchained})`).replace(/de la version (\d+) à la version (\d+)/, 'du n° $1 au n° $2').replace(/(non chaînée jusqu’à) la version/, '$1 la tentative')}`);
  }
  if (!report.comparedWithStorage) lines.push('  Chronologie et modèle de lecture : non comparés (MongoDB non consulté)');
  if (report.differences.length > 0) {
    lines.push(`  Écarts (${report.differences.length}) :`);
    const where = { history: 'historique Temporal', timeline: 'chronologie MongoDB', read_model: 'modèle de lecture', refusals: 'tentatives refusées' } as const;
    for (const d of report.differences) lines.push(`    - ${where[d.against]} : ${d.message}`);
  }
  lines.push(`  Verdict : ${report.ok ? 'CONFORME' : 'NON CONFORME'}`);
  return lines.join('\n');
}
