import { Worker } from 'node:worker_threads';

/**
 * MJML compiled in a worker thread that exits once it has answered: the layout is compiled once,
 * at start, and MJML (with its HTML parser, minifier and validator, some 60 MiB resident) would
 * otherwise stay loaded for the process's whole life, in the worker whose baseline memory issue 16
 * bounds (docs/worker-memory.md). The thread's isolate is freed when it exits.
 */
export interface CompiledMjml {
  html: string;
  /** MJML's validation errors, as it formats them. */
  errors: string[];
}

const thread = `
const { parentPort, workerData } = require('node:worker_threads');
const loaded = require(workerData.mjml);
const mjml2html = loaded.default ?? loaded;
Promise.resolve()
  .then(() => mjml2html(workerData.source, workerData.options))
  .then(
    (compiled) => parentPort.postMessage({ html: compiled.html, errors: compiled.errors.map((e) => e.formattedMessage) }),
    (error) => parentPort.postMessage({ failure: error instanceof Error ? error.stack ?? error.message : String(error) }),
  );
`;

export function compileMjmlOffThread(source: string, options: { validationLevel: 'strict'; filePath: string }): Promise<CompiledMjml> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(thread, { eval: true, workerData: { mjml: require.resolve('mjml'), source, options } });
    worker.once('message', (answer: CompiledMjml | { failure: string }) => {
      void worker.terminate();
      if ('failure' in answer) reject(new Error(`MJML: ${answer.failure}`));
      else resolve(answer);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the MJML thread exited (code ${code}) before answering`)));
  });
}
