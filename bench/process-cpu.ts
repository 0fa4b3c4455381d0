import fs from 'node:fs';
import os from 'node:os';

/** Clock ticks per second of /proc's CPU times (`getconf CLK_TCK`: 100 on Linux). */
const TICKS_PER_SECOND = 100;

/**
 * CPU seconds (user + system) used so far by the live processes of process group `pgid`: a server
 * started by runtime/spawn-managed.ts leads a group of its own, which holds whatever it spawned
 * (FerretDB's launcher and FerretDB, say).
 */
export function processGroupCpuSeconds(pgid: number): number {
  let ticks = 0;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    // The command name, in parentheses, may hold spaces: the fields are counted after it.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) !== pgid) continue;
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks / TICKS_PER_SECOND;
}

/** This process's own CPU seconds. */
const ownCpuSeconds = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

/**
 * Starts measuring the CPU of `groups` (name → process group) and of this process; `perUpdate(n)`
 * says what each spent since, in milliseconds per update for `n` updates, and the throughput at
 * which the machine's cores would all be busy at that cost.
 */
export function cpuMeter(groups: Record<string, number | undefined>) {
  const read = (): Record<string, number> => ({
    ...Object.fromEntries(Object.entries(groups).flatMap(([name, pgid]) => (pgid === undefined ? [] : [[name, processGroupCpuSeconds(pgid)]]))),
    'this bench (client)': ownCpuSeconds(),
  });
  const before = read();
  return {
    perUpdate(updates: number): { cpuMsPerUpdate: Record<string, number>; totalCpuMsPerUpdate: number; cpuBoundUpdatesPerSecond: number } {
      const after = read();
      const perUpdate = Object.fromEntries(Object.keys(after).map((name) => [name, Number((((after[name]! - before[name]!) * 1000) / updates).toFixed(2))]));
      const total = Object.values(perUpdate).reduce((sum, ms) => sum + ms, 0);
      return {
        cpuMsPerUpdate: perUpdate,
        totalCpuMsPerUpdate: Number(total.toFixed(2)),
        cpuBoundUpdatesPerSecond: Number(((os.cpus().length * 1000) / total).toFixed(1)),
      };
    },
  };
}
