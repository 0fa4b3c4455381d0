import { randomUUID } from 'node:crypto';
import mongoose, { type Connection } from 'mongoose';
import { createModels, type Models, syncModelIndexes } from '../../models/create-models';
import { withDatabase } from '../../runtime/with-database';

/**
 * A database of the suite's own on the run's MongoDB wire-protocol server (FerretDB unless
 * MONGODB_URI says otherwise), with every model's indexes, dropped after the suite. Call it in a
 * `describe`: it registers the suite's `beforeAll` and `afterAll`.
 */
export function useTestModels(name: string): { mongo: () => Connection; models: () => Models } {
  let mongo: Connection | undefined;
  let models: Models | undefined;
  beforeAll(async () => {
    mongo = await mongoose.createConnection(withDatabase(process.env.MONGODB_URI!, `cnum_${name}_${randomUUID().slice(0, 8)}`)).asPromise();
    models = createModels(mongo);
    await syncModelIndexes(models);
  });
  afterAll(async () => {
    await mongo?.dropDatabase();
    await mongo?.close();
  });
  return { mongo: () => mongo!, models: () => models! };
}
