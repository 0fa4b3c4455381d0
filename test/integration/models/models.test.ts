import type { Models } from '../../../models/create-models';
import { DuplicateKeyError, withUniqueKey } from '../../../models/duplicate-key-error';
import { structures } from '../../support/post-fixtures';
import { useTestModels } from '../../support/test-models';

/** The Mongoose models against the run's MongoDB wire-protocol server (FerretDB unless MONGODB_URI says otherwise). */
describe('models through the MongoDB wire protocol', () => {
  const database = useTestModels('models');
  let models: Models;
  beforeAll(() => {
    models = database.models();
  });

  it('round-trips a structure, a convention and its tranches with integer cents', async () => {
    const s = structures.guadeloupeCommune;
    await models.Structure.create({ _id: s.siret, name: s.name, sector: s.sector, kind: s.kind, department: s.department });
    const key = 'post:p1:period:1';
    await models.Convention.create({ _id: key, key, postId: 'p1', period: 1, policy: '2022-public', amountCents: 7_000_000, months: 24, signedOn: '2022-04-27', endsOn: '2024-04-27' });
    await models.Tranche.create({ _id: `${key}:tranche:1`, key: `${key}:tranche:1`, postId: 'p1', period: 1, number: 1, percent: 20, amountCents: 1_400_000, dueOn: '2022-05-27', status: 'scheduled' });

    expect(await models.Structure.findById(s.siret).lean()).toMatchObject({ name: s.name, department: '971' });
    expect(await models.Convention.findById(key).lean()).toMatchObject({ amountCents: 7_000_000, months: 24 });
    expect(await models.Tranche.find({ postId: 'p1' }).lean()).toEqual([expect.objectContaining({ amountCents: 1_400_000, status: 'scheduled' })]);
  });

  it('finds a document by _id through its unique index, not by scanning the collection (FerretDB built with its _id index fix)', async () => {
    const s = structures.association;
    await models.Structure.create({ _id: s.siret, name: s.name, sector: s.sector, kind: s.kind, department: s.department });
    const plan = JSON.stringify(await models.Structure.find({ _id: s.siret }).explain());
    // FerretDB answers with SQLite's plan ("SEARCH … USING INDEX"), MongoDB with its own stages.
    expect(plan).toMatch(/USING INDEX|IDHACK|IXSCAN|EXPRESS_IXSCAN/);
    expect(plan).not.toMatch(/SCAN structures|COLLSCAN/);
  });

  it('finds a document by _id through its index when the filter has other conditions too (the outbox’s guarded writes)', async () => {
    const s = structures.essCompany;
    await models.Structure.create({ _id: s.siret, name: s.name, sector: s.sector, kind: s.kind, department: s.department });
    const plan = JSON.stringify(await models.Structure.find({ _id: s.siret, department: s.department }).explain());
    expect(plan).toMatch(/USING INDEX|IDHACK|IXSCAN|EXPRESS_IXSCAN/);
    expect(plan).not.toMatch(/SCAN structures|COLLSCAN/);
    expect(await models.Structure.find({ _id: s.siret, department: 'not-its-own' }).lean()).toEqual([]);
    expect(await models.Structure.updateOne({ _id: s.siret, department: 'not-its-own' }, { $set: { name: 'Autre' } })).toMatchObject({ matchedCount: 0 });
    expect(await models.Structure.findById(s.siret).lean()).toMatchObject({ name: s.name });
  });

  it('turns a second structure with the same SIRET into an error that names the key', async () => {
    const s = structures.reunionCommune;
    const create = () => models.Structure.create({ _id: s.siret, name: s.name, sector: s.sector, kind: s.kind, department: s.department });
    await withUniqueKey('structures', { siret: s.siret }, create);
    const second = withUniqueKey('structures', { siret: s.siret }, create);
    await expect(second).rejects.toBeInstanceOf(DuplicateKeyError);
    await expect(second).rejects.toMatchObject({ code: 'storage.duplicate_key', message: expect.stringContaining(s.siret) });
    expect(await models.Structure.countDocuments({ _id: s.siret })).toBe(1);
  });

  it('refuses what the schema forbids before anything is written', async () => {
    const bad = models.Tranche.create({ _id: 'x', key: 'x', postId: 'p2', period: 1, number: 1, percent: 20, amountCents: 12.5, dueOn: '2022-05-27', status: 'late' });
    await expect(bad).rejects.toThrow(/amountCents|status/);
    expect(await models.Tranche.countDocuments({ postId: 'p2' })).toBe(0);
  });
});
