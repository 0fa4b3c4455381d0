import fs from 'node:fs';
import mongoose from 'mongoose';
import { takeRuntimeState } from './runtime-state';

/** Stops what the global setup started, drops its database on an external server, removes temp data. */
export default async function globalTeardown(): Promise<void> {
  const state = takeRuntimeState();
  if (!state) return;
  if (state.externalDatabaseUri) {
    const connection = mongoose.createConnection(state.externalDatabaseUri, { serverSelectionTimeoutMS: 5_000 });
    try {
      await connection.asPromise();
      await connection.dropDatabase();
    } catch (error) {
      process.stderr.write(`could not drop the test database: ${String(error)}\n`);
    } finally {
      await connection.close(true).catch(() => undefined);
    }
  }
  await Promise.allSettled([state.temporal?.stop(), state.mongo?.stop(), state.oidcProvider?.stop()]);
  fs.rmSync(state.tempDir, { recursive: true, force: true });
  for (const [name, value] of Object.entries(state.savedEnv)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
}
