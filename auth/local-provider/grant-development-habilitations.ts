import mongoose from 'mongoose';
import { createHabilitationStore } from '../habilitations/habilitation-store';
import { developmentAccounts } from './development-accounts';

/**
 * Gives each development account its habilitation in the product's database, once: a revocation
 * made since (by the development ANCT account, say) is kept. Only `npm start` calls it, and only
 * when people sign in at the local provider.
 */
export async function grantDevelopmentHabilitations(mongoUri: string): Promise<number> {
  const connection = await mongoose.createConnection(mongoUri, { serverSelectionTimeoutMS: 5_000 }).asPromise();
  try {
    const habilitations = createHabilitationStore(connection);
    let granted = 0;
    for (const account of developmentAccounts) {
      if (!account.habilitation) continue;
      const by = { id: 'npm start (development accounts)', role: null, via: 'local-development' as const };
      if (await habilitations.grantUnlessEverHeld({ kind: 'person', email: account.email }, account.habilitation, by)) granted += 1;
    }
    return granted;
  } finally {
    await connection.close();
  }
}
