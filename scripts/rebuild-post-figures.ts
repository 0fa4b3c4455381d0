/**
 * `npm run stats:rebuild`: recomputes the statistics' copy of every post (`post_figures`) from the
 * read model, for a database written before it existed. Run it once after the upgrade, with the
 * worker stopped; the server may keep answering. MONGODB_URI names the database, as for the
 * server (config/config.ts).
 */
import mongoose from 'mongoose';
import { loadConfig } from '../config/config';
import { createModels, syncModelIndexes } from '../models/create-models';
import { createPostFiguresStore } from '../stats/post-figures-store';

async function main(uri: string): Promise<void> {
  const connection = await mongoose.createConnection(uri).asPromise();
  try {
    const models = createModels(connection);
    await syncModelIndexes(models);
    const started = performance.now();
    const { posts, events, notices } = await createPostFiguresStore(models).rebuild();
    process.stdout.write(`post_figures : ${posts} postes recalculés (${events} événements d'étape, ${notices} avis) en ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  } finally {
    await connection.close();
  }
}

Promise.resolve()
  .then(() => main(loadConfig().MONGODB_URI))
  .catch((error: unknown) => {
    process.stderr.write(`stats:rebuild: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
