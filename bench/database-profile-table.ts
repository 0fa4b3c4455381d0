import fs from 'node:fs';

/** What bench/database-command-profile.cjs writes: per command, collection and filter shape. */
type CommandTotals = Record<string, { count: number; ms: number }>;

/** The commands that took the most of the database's time, as a Markdown table. */
export function databaseProfileTable(file: string, rows = 20): string {
  const totals = JSON.parse(fs.readFileSync(file, 'utf8')) as CommandTotals;
  const all = Object.entries(totals).sort(([, a], [, b]) => b.ms - a.ms);
  const totalMs = all.reduce((sum, [, t]) => sum + t.ms, 0);
  const lines = all.slice(0, rows).map(
    ([command, t]) => `| \`${command}\` | ${t.count} | ${(t.ms / t.count).toFixed(1)} | ${totalMs ? Math.round((t.ms / totalMs) * 100) : 0} % |`,
  );
  return [
    `Database commands of the worker (${all.reduce((sum, [, t]) => sum + t.count, 0)} in all, their durations as the driver saw them)`,
    '| command, collection, filter | count | mean ms | share of time |',
    '| --- | ---: | ---: | ---: |',
    ...lines,
  ].join('\n');
}
