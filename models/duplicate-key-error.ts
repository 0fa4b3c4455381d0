import { mongo } from 'mongoose';

/** MongoDB's (and FerretDB's) code for a unique-index violation. */
const DUPLICATE_KEY = 11000;

export function isDuplicateKeyError(error: unknown): boolean {
  return error instanceof mongo.MongoServerError && error.code === DUPLICATE_KEY;
}

/** A unique key already taken, said so that a person understands which one. */
export class DuplicateKeyError extends Error {
  override name = 'DuplicateKeyError';
  readonly code = 'storage.duplicate_key';
  constructor(
    readonly collection: string,
    readonly key: Record<string, unknown>,
  ) {
    super(`Un document de ${collection} existe déjà avec ${JSON.stringify(key)} : la clé doit être unique.`);
  }
}

/**
 * Runs a write and turns a unique-index violation into a DuplicateKeyError naming the key. The
 * caller names the key it writes: MongoDB reports it too, FerretDB 1.x does not.
 */
export async function withUniqueKey<T>(collection: string, key: Record<string, unknown>, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    throw new DuplicateKeyError(collection, (error as mongo.MongoServerError).keyValue ?? key);
  }
}
