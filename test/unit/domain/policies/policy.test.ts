import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  POLICIES,
  contractTypeSchema,
  derivePolicy,
  policyIdSchema,
  sectorOfStructureKind,
  sectorSchema,
  structureKindSchema,
  type AmountRule,
} from '../../../../domain/policies/policy';
import { SEED_TITLES, type SeedFile } from '../../../../domain/policies/seed-file';

describe('derivePolicy (RULES.md §2: the policy follows the sector and the application date)', () => {
  it.each([
    ['public', '2021-02-04', '2021-public'],
    ['public', '2021-12-31', '2021-public'],
    ['public', '2022-01-01', '2022-public'],
    ['private', '2021-11-30', '2021-private'],
    ['private', '2022-03-15', '2022-private'],
    ['private', '2025-05-01', '2022-private'],
  ] as const)('gives a %s structure applying on %s the %s policy', (sector, appliedOn, policy) => {
    expect(derivePolicy(sector, appliedOn)).toBe(policy);
  });
});

describe('the vocabularies of RULES.md §4.1', () => {
  it('knows the five policies, two sectors, nine structure kinds and eight contract types', () => {
    expect(policyIdSchema.options).toEqual(['2021-public', '2021-private', '2022-public', '2022-private', '2025-renewal']);
    expect(sectorSchema.options).toEqual(['public', 'private']);
    expect(structureKindSchema.options).toHaveLength(9);
    expect(contractTypeSchema.options).toEqual([
      'public-cdi',
      'public-cdd',
      'project-contract',
      'civil-servant',
      'private-cdi',
      'private-cdd',
      'cui-cae',
      'cui-cie',
    ]);
    expect(policyIdSchema.safeParse('2023-public').success).toBe(false);
    expect(structureKindSchema.safeParse('company').success).toBe(false);
    expect(contractTypeSchema.safeParse('cdi').success).toBe(false);
  });

  it('places each structure kind in its sector', () => {
    expect(sectorOfStructureKind('territorial-authority')).toBe('public');
    expect(sectorOfStructureKind('gip')).toBe('public');
    expect(sectorOfStructureKind('other-public')).toBe('public');
    expect(sectorOfStructureKind('association')).toBe('private');
    expect(sectorOfStructureKind('grades')).toBe('private');
  });
});

describe('POLICIES cites its sources', () => {
  it('takes each policy from the seed RULES.md §2 names', () => {
    expect(POLICIES['2021-public'].source).toBe('001_6dade1b22e1aa482.txt');
    expect(POLICIES['2021-private'].source).toBe('002_ba07e18f5cc1ad7d.txt');
    expect(POLICIES['2022-public'].source).toBe('000_478a79800a90412a.txt');
    expect(POLICIES['2022-private'].source).toBe('004_de92c4ad36fd347a.txt');
    expect(POLICIES['2025-renewal'].source).toBe('003_0395d5c6dd79564e.txt');
  });

  // The seeds live in shared/, beside the repository's clone (as in CI).
  const seedsDir = process.env.SEEDS_DIR ?? join(__dirname, '../../../../../shared/seeds');
  // Skipped only on a developer's clone without shared/; in CI a missing folder fails the suite.
  const describeWithSeeds = existsSync(seedsDir) || process.env.CI ? describe : describe.skip;

  describeWithSeeds(`against the seed texts in ${seedsDir}`, () => {
    const text = (file: SeedFile) => readFileSync(join(seedsDir, file), 'utf8').replace(/\s+/g, ' ');
    const euros = (cents: number) => String(cents / 100).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');

    it('cites seed files that exist', () => {
      for (const file of Object.keys(SEED_TITLES) as SeedFile[]) expect(existsSync(join(seedsDir, file))).toBe(true);
    });

    const amounts: [string, number, SeedFile][] = [];
    const collect = (policy: string, amount: AmountRule) => {
      if (amount.kind === 'not-given') return;
      amounts.push([policy, amount.cents, amount.source]);
      if (amount.kind === 'overseas-increase') {
        for (const cents of Object.values(amount.overseasCents)) amounts.push([policy, cents, amount.source]);
      }
    };
    for (const policy of Object.values(POLICIES)) {
      if (policy.subsidy.kind === 'table') for (const row of policy.subsidy.rows) collect(policy.id, row.amount);
    }

    it.each(amounts)('finds the %s amount of %i cents written in euros in %s', (_policy, cents, source) => {
      expect(text(source)).toMatch(new RegExp(`${euros(cents)} (€|euros)`));
    });

    const hours = Object.values(POLICIES).flatMap((policy) =>
      (policy.positioningHours?.hours ?? []).map((h) => [policy.id, h, policy.positioningHours!.source] as const),
    );

    it.each(hours)('finds the %s training path of %i hours in %s', (_policy, h, source) => {
      expect(text(source)).toMatch(new RegExp(`\\b${h} ?(h|heures)\\b`));
    });
  });
});
