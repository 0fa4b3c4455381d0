'use strict';
/**
 * Loaded into the worker process by bench/worker-memory.bench.ts (`--require`), never by the
 * product; plain JavaScript, since the threads the process starts inherit the flag before any
 * TypeScript loader. On SIGHUP (SIGUSR2 is one of the Temporal runtime's shutdown signals) it writes, into WORKER_MEMORY_PROBE_DIR, the process's memory after
 * a full collection and a heap snapshot of every isolate: the main thread's and each worker
 * thread's. The SDK runs the workflows' sandbox in a worker thread of its own, whose heap a snapshot
 * of the main thread does not see: the probe keeps a reference to every thread the process starts.
 * Writes `<n>.json`: { rssBytes, mainHeapUsedBytes, snapshots: [main, ...threads] }; no snapshot
 * when WORKER_MEMORY_PROBE_SNAPSHOTS=0.
 */
const workerThreads = require('node:worker_threads');

if (workerThreads.isMainThread) {
  const fs = require('node:fs');
  const path = require('node:path');
  const { pipeline } = require('node:stream/promises');
  const v8 = require('node:v8');

  const dir = process.env.WORKER_MEMORY_PROBE_DIR;
  if (!dir) throw new Error('WORKER_MEMORY_PROBE_DIR is not set: the probe is loaded by bench/worker-memory.bench.ts');
  if (typeof globalThis.gc !== 'function') throw new Error('the worker runs without --expose-gc');

  const threads = [];
  const ThreadOfTheProcess = workerThreads.Worker;
  workerThreads.Worker = class extends ThreadOfTheProcess {
    constructor(...args) {
      super(...args);
      threads.push(this);
      this.once('exit', () => threads.splice(threads.indexOf(this), 1));
    }
  };

  let captures = 0;
  const capture = async () => {
    const n = captures++;
    globalThis.gc();
    // Read before the snapshots, which allocate their own buffers.
    const { rss, heapUsed } = process.memoryUsage();
    const snapshots = [];
    // --no-snapshot: a snapshot's own buffers stay in the resident memory that the next reading measures.
    if (process.env.WORKER_MEMORY_PROBE_SNAPSHOTS === '0') return write(n, rss, heapUsed, snapshots);
    snapshots.push(v8.writeHeapSnapshot(path.join(dir, `${n}-main.heapsnapshot`)));
    for (const [i, thread] of threads.entries()) {
      const file = path.join(dir, `${n}-thread-${i}.heapsnapshot`);
      await pipeline(await thread.getHeapSnapshot(), fs.createWriteStream(file));
      snapshots.push(file);
    }
    write(n, rss, heapUsed, snapshots);
  };
  // Written whole, then renamed: the bench never reads half a reading.
  const write = (n, rss, heapUsed, snapshots) => {
    fs.writeFileSync(path.join(dir, `${n}.json.partial`), JSON.stringify({ rssBytes: rss, mainHeapUsedBytes: heapUsed, snapshots }));
    fs.renameSync(path.join(dir, `${n}.json.partial`), path.join(dir, `${n}.json`));
  };
  process.on('SIGHUP', () => {
    capture().catch((error) => process.stderr.write(`worker memory probe: ${String(error)}\n`));
  });
}
