import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import v8 from 'node:v8';
import workerThreads from 'node:worker_threads';

/**
 * Loaded into the worker process by bench/worker-memory.bench.ts (`--import`), never by the
 * product. On SIGUSR2 it writes, into WORKER_MEMORY_PROBE_DIR, the process's memory after a full
 * collection and a heap snapshot of every isolate: the main thread's and each worker thread's. The
 * SDK runs the workflows' sandbox in a worker thread of its own, whose heap a snapshot of the main
 * thread does not see: the probe keeps a reference to every thread the process starts for that.
 */
const dir = process.env.WORKER_MEMORY_PROBE_DIR;
if (!dir) throw new Error('WORKER_MEMORY_PROBE_DIR is not set: the probe is loaded by bench/worker-memory.bench.ts');

const threads: workerThreads.Worker[] = [];
const ThreadOfTheSdk = workerThreads.Worker;
workerThreads.Worker = class extends ThreadOfTheSdk {
  constructor(...args: ConstructorParameters<typeof ThreadOfTheSdk>) {
    super(...args);
    threads.push(this);
  }
};

export interface ProbeReading {
  rssBytes: number;
  mainHeapUsedBytes: number;
  snapshots: string[];
}

let captures = 0;

async function capture(): Promise<void> {
  const n = captures++;
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('the worker runs without --expose-gc');
  gc();
  // Read before the snapshots, which allocate their own buffers.
  const { rss, heapUsed } = process.memoryUsage();
  const snapshots = [v8.writeHeapSnapshot(path.join(dir!, `${n}-main.heapsnapshot`))];
  for (const [i, thread] of threads.entries()) {
    const file = path.join(dir!, `${n}-thread-${i}.heapsnapshot`);
    await pipeline(await thread.getHeapSnapshot(), fs.createWriteStream(file));
    snapshots.push(file);
  }
  const reading: ProbeReading = { rssBytes: rss, mainHeapUsedBytes: heapUsed, snapshots };
  // Written whole, then renamed: the bench never reads half a reading.
  fs.writeFileSync(path.join(dir!, `${n}.json.partial`), JSON.stringify(reading));
  fs.renameSync(path.join(dir!, `${n}.json.partial`), path.join(dir!, `${n}.json`));
}

process.on('SIGUSR2', () => {
  capture().catch((error: unknown) => process.stderr.write(`worker memory probe: ${String(error)}\n`));
});
