import type { Connection } from 'mongoose';
import { prepareAuthStorage } from '../../../auth/auth-storage';
import type { Principal, RoleScope } from '../../../auth/habilitations/habilitation';
import { createHabilitationStore } from '../../../auth/habilitations/habilitation-store';
import { siretWithCheckDigit } from '../../../domain/identity/siret';
import { habilitationLinkModel, LINKS_BACKFILLED } from '../../../models/habilitation-link.model';
import { useTestModels } from '../../support/test-models';

/**
 * A principal's habilitations read through their links (models/habilitation-link.model.ts), on
 * the run's MongoDB wire-protocol server: grants made at once all found, revocations seen at once,
 * and a database written before the links still served, then linked at the API's start.
 */
describe('the habilitations of a principal, found by their links', () => {
  const database = useTestModels('links');
  let mongo: Connection;
  beforeAll(() => {
    mongo = database.mongo();
  });
  const by = { id: 'test', role: null, via: 'local-development' } as const;
  const structure = (n: number): RoleScope => ({ role: 'structure', siret: siretWithCheckDigit(`2190000000${String(n).padStart(3, '0')}`) });
  const scopesOf = async (principal: Principal) => (await createHabilitationStore(mongo).activeFor(principal)).map((h) => h.scope);

  it('finds every one of five habilitations granted at once, in the order they were created, and not one revoked', async () => {
    await prepareAuthStorage(mongo, { bootstrapAnctEmails: [] });
    const store = createHabilitationStore(mongo);
    const principal: Principal = { kind: 'person', email: 'cinq.structures@example.fr' };
    const granted = await Promise.all([1, 2, 3, 4, 5].map((n) => store.grant(principal, structure(n), by)));
    const oldestFirst = [...granted].sort((a, b) => a.habilitation.createdAt.getTime() - b.habilitation.createdAt.getTime() || (a.habilitation.id < b.habilitation.id ? -1 : 1));
    expect(await scopesOf(principal)).toEqual(oldestFirst.map((g) => g.habilitation.scope));

    await store.revoke(granted[2]!.habilitation.id, by);
    expect(await scopesOf(principal)).toEqual(oldestFirst.map((g) => g.habilitation.scope).filter((s) => JSON.stringify(s) !== JSON.stringify(structure(3))));
    // Granted again: the same habilitation, its link already there.
    await store.grant(principal, structure(3), by);
    expect(await scopesOf(principal)).toHaveLength(5);
    expect(await scopesOf({ kind: 'person', email: 'personne@example.fr' })).toEqual([]);
    expect(await scopesOf({ kind: 'program', clientId: 'cinq.structures@example.fr' })).toEqual([]);
  });

  it('sees, in a process that has read a principal’s links, a grant and a revocation made by another process', async () => {
    await prepareAuthStorage(mongo, { bootstrapAnctEmails: [] });
    const reader = createHabilitationStore(mongo);
    const other = createHabilitationStore(mongo);
    const principal: Principal = { kind: 'person', email: 'deux.processus@example.fr' };
    await other.grant(principal, structure(7), by);
    const scopes = async () => (await reader.activeFor(principal)).map((h) => h.scope);
    expect(await scopes()).toEqual([structure(7)]);
    const second = await other.grant(principal, structure(8), by);
    expect(await scopes()).toEqual([structure(7), structure(8)]);
    await other.revoke(second.habilitation.id, by);
    expect(await scopes()).toEqual([structure(7)]);
    await other.grant(principal, structure(8), by);
    expect(await scopes()).toEqual([structure(7), structure(8)]);
    // And the reader's own grant takes the next number, not one another process has taken.
    await reader.grant(principal, structure(9), by);
    expect(await scopesOf(principal)).toEqual([structure(7), structure(8), structure(9)]);
  });

  it('serves a database written before the links by the principal’s filter, and links it once at the start', async () => {
    const store = createHabilitationStore(mongo);
    const older: Principal = { kind: 'program', clientId: 'programme-ancien' };
    await store.grant(older, { role: 'anct' }, by);
    await store.grant(older, structure(6), by);
    // What a database of before the links holds: habilitations, no link.
    const links = habilitationLinkModel(mongo);
    await links.deleteMany({});

    expect(await scopesOf(older)).toEqual([{ role: 'anct' }, structure(6)]);
    await prepareAuthStorage(mongo, { bootstrapAnctEmails: [] });
    expect(await links.exists({ _id: LINKS_BACKFILLED })).not.toBeNull();
    expect(await links.countDocuments({ habilitationId: { $ne: LINKS_BACKFILLED } })).toBeGreaterThanOrEqual(7);
    expect(await scopesOf(older)).toEqual([{ role: 'anct' }, structure(6)]);
    // Once linked, a later start links nothing again.
    expect(await createHabilitationStore(mongo).linkEveryHabilitation()).toBe(0);
  });
});
