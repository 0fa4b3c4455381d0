import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { startFerretDbServer } from '../runtime/ferretdb-server';

/**
 * What FerretDB's `_id` index fix (scripts/install-tools.ts, FERRETDB_FIXES) buys: the
 * milliseconds of one `updateOne` and one `findOne` by `_id` in a collection of N documents, and
 * the query plan. Not a test, no assertion.
 *   npm run bench:id-lookup -- [--documents 5000] [--lookups 500]
 * Starts the FerretDB of `.tools/` (or `mongod` on PATH); with MONGODB_URI set, measures that
 * server instead, e.g. a stock FerretDB build started by hand, to compare.
 */
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const documents = arg('documents', 5000);
const lookups = arg('lookups', 500);

async function main(): Promise<void> {
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cnum-id-lookup-'));
  const server = await startFerretDbServer({ dataDir: tempDir, database: 'id_lookup' });
  const connection = await mongoose.createConnection(server.uri).asPromise();
  const posts = connection.db!.collection<{ _id: string; status: string; pad: string }>(`posts_${process.pid}`);
  try {
    const pad = 'x'.repeat(1000);
    for (let i = 0; i < documents; i += 500) {
      const batch = Array.from({ length: Math.min(500, documents - i) }, (_, j) => ({ _id: `p${i + j}`, status: 'new', pad }));
      await posts.insertMany(batch);
    }
    const idAt = (i: number) => `p${(i * 7919) % documents}`;
    let started = performance.now();
    for (let i = 0; i < lookups; i++) await posts.updateOne({ _id: idAt(i) }, { $set: { status: `s${i}` } });
    const updateMs = (performance.now() - started) / lookups;
    started = performance.now();
    for (let i = 0; i < lookups; i++) await posts.findOne({ _id: idAt(i + 1) });
    const findMs = (performance.now() - started) / lookups;
    const plan = JSON.stringify((await posts.find({ _id: 'p1' }).explain()).queryPlanner);
    const result = { server: server.kind, documents, lookups, updateOneByIdMs: Number(updateMs.toFixed(2)), findOneByIdMs: Number(findMs.toFixed(2)), plan };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await posts.drop().catch(() => undefined);
    await connection.close();
    await server.stop();
    fs.rmSync(tempDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
