/**
 * `npm run bench:faults [-- --rate 8 --calm-seconds 8 --outage-seconds 5]`: posts driven through
 * the API at a steady rate while the worker, FerretDB and the Temporal dev server are killed with
 * SIGKILL one after the other and restarted (see bench/fault-drill.ts). Prints the requests sent,
 * how they were answered, the transitions lost or doubled (both must be 0) and each recovery.
 * Exits non-zero when anything was lost or doubled, or answered other than 2xx and 503.
 */
import { parseArgs } from 'node:util';
import { runFaultDrill } from './fault-drill';

const { values: args } = parseArgs({
  options: {
    rate: { type: 'string', default: '8' },
    'calm-seconds': { type: 'string', default: '8' },
    'outage-seconds': { type: 'string', default: '5' },
  },
});
const clamp = (value: string | undefined, min: number, max: number) => Math.max(min, Math.min(max, Number(value)));

async function main(): Promise<number> {
  const report = await runFaultDrill({
    rate: clamp(args.rate, 1, 50),
    calmMs: clamp(args['calm-seconds'], 2, 120) * 1000,
    outageMs: clamp(args['outage-seconds'], 1, 60) * 1000,
    log: (line) => console.log(line),
  });
  const others = Object.entries(report.otherAnswers).map(([status, count]) => `${status}×${count}`).join(' ');
  console.log('');
  console.log(`requests sent   ${report.sent} (${report.posts} posts, ${report.transitions} transitions answered 2xx, ${report.seconds.toFixed(0)} s)`);
  console.log(`2xx             ${report.ok}`);
  console.log(`503             ${report.unavailable}`);
  console.log(`other           ${report.other}${others ? ` (${others})` : ''}`);
  console.log(`lost            ${report.lost}`);
  console.log(`doubled         ${report.doubled}`);
  for (const r of report.recoveries) {
    const back = r.recoveredMs === null ? 'never' : `${(r.recoveredMs / 1000).toFixed(1)} s after its restart`;
    console.log(`recovery        ${r.what}: down ${(r.downMs / 1000).toFixed(1)} s, requests succeed ${back}`);
  }
  for (const line of [...report.unexpected, ...report.problems]) console.log(`  ${line}`);
  return report.lost === 0 && report.doubled === 0 && report.other === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.stack : String(error));
    process.exit(1);
  },
);
