import type { Connection } from 'mongoose';
import { createHabilitationStore } from './habilitations/habilitation-store';
import { createSessionStore } from './sessions/session-store';

/**
 * Before the API serves: the indexes of habilitations, sessions and sign-in attempts, the links of
 * habilitations written before links existed (models/habilitation-link.model.ts), and the first
 * ANCT administrators (BOOTSTRAP_ANCT_EMAILS), each habilitated unless they ever were: an ANCT
 * revocation is not undone by the next start.
 */
export async function prepareAuthStorage(connection: Connection, options: { bootstrapAnctEmails: readonly string[] }): Promise<void> {
  const habilitations = createHabilitationStore(connection);
  await Promise.all([habilitations.model.createIndexes(), createSessionStore(connection, { ttlMinutes: 1 }).prepare()]);
  await habilitations.linkEveryHabilitation();
  for (const email of options.bootstrapAnctEmails) {
    await habilitations.grantUnlessEverHeld({ kind: 'person', email }, { role: 'anct' }, { id: 'BOOTSTRAP_ANCT_EMAILS', role: null, via: 'bootstrap' });
  }
}
