import fs from 'node:fs';
import path from 'node:path';

/** The parts of a V8 `.cpuprofile` (what `node --cpu-prof` writes, one file per thread) read here. */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }[];
  samples: number[];
  timeDeltas: number[];
}

/** `node_modules/@temporalio/worker/lib/…` → `@temporalio/worker`; our files by their folder; V8's own work by its name. */
function partOf(url: string, functionName: string): string {
  if (!url) return `(${functionName || 'V8'})`;
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return modules[1]!;
  if (url.startsWith('node:')) return 'node internals';
  // The workflow bundle inlines our modules and the SDK's; its source map is not read here.
  if (url.includes('workflow-bundle') || url.startsWith('file:///workflow') || url.includes('webpack')) return 'workflow bundle (sandbox)';
  const repo = /\/(domain|workflows|activities|models|mail|stats|audit|runtime|api|auth)\//.exec(url);
  return repo ? `${repo[1]}/` : url.replace(/^file:\/\//, '');
}

/**
 * Self time per part of the program (a package, one of our folders, V8's own work such as the
 * garbage collector), summed over every thread's profile in `dir`: where the worker's CPU went.
 */
export function cpuProfileTable(dir: string, rows = 20): string {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  const totals = new Map<string, number>();
  const functions = new Map<string, number>();
  let allUs = 0;
  for (const file of files) {
    const profile = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as CpuProfile;
    const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
    profile.samples.forEach((id, i) => {
      const frame = byId.get(id)!;
      const us = profile.timeDeltas[i] ?? 0;
      if (frame.functionName === '(idle)' || frame.functionName === '(program)') return;
      allUs += us;
      const part = partOf(frame.url, frame.functionName);
      totals.set(part, (totals.get(part) ?? 0) + us);
      const name = `${frame.functionName || '(anonymous)'} ${frame.url ? `${path.basename(frame.url)}:${frame.lineNumber + 1}` : ''}`.trim();
      functions.set(name, (functions.get(name) ?? 0) + us);
    });
  }
  const table = (title: string, entries: Map<string, number>) => [
    `| ${title} | CPU s | share |`,
    '| --- | ---: | ---: |',
    ...[...entries].sort(([, a], [, b]) => b - a).slice(0, rows).map(([name, us]) => `| \`${name}\` | ${(us / 1e6).toFixed(1)} | ${Math.round((us / allUs) * 100)} % |`),
  ].join('\n');
  return [
    `CPU of the worker (${files.length} threads' profiles, ${(allUs / 1e6).toFixed(1)} s busy, idle excluded), by part of the program`,
    table('part', totals),
    '',
    'and by function',
    table('function', functions),
  ].join('\n');
}
