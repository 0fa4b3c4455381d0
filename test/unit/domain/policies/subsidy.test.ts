import fc from 'fast-check';
import {
  contractTypeSchema,
  policyIdSchema,
  sectorOfStructureKind,
  structureKindSchema,
} from '../../../../domain/policies/policy';
import { computeSubsidy, type SubsidyInput } from '../../../../domain/policies/subsidy';

const GUIDE_2022_PUBLIC = '000_478a79800a90412a.txt';
const GUIDE_2021_PUBLIC = '001_6dade1b22e1aa482.txt';
const AMI_2021_PRIVATE = '002_ba07e18f5cc1ad7d.txt';
const GUIDE_2022_PRIVATE = '004_de92c4ad36fd347a.txt';
const FAQ_2025 = '003_0395d5c6dd79564e.txt';

const commune = (department: string, contractType: SubsidyInput['contractType'] = 'public-cdi'): SubsidyInput => ({
  policy: '2022-public',
  sector: 'public',
  structureKind: 'territorial-authority',
  department,
  contractType,
});

const association = (policy: SubsidyInput['policy'], contractType: SubsidyInput['contractType']): SubsidyInput => ({
  policy,
  sector: 'private',
  structureKind: 'association',
  department: '69',
  contractType,
});

function refusal(input: SubsidyInput) {
  const result = computeSubsidy(input);
  if (result.ok) throw new Error(`expected a refusal, got ${JSON.stringify(result)}`);
  return result;
}

describe('2022-public collectivities (000_478a79800a90412a.txt)', () => {
  it('pays 70 000 € to a commune of Guadeloupe under a public-law CDI (000_478a79800a90412a.txt)', () => {
    expect(computeSubsidy(commune('971'))).toEqual({
      ok: true,
      amountCents: 7_000_000,
      conventionMonths: 24,
      source: GUIDE_2022_PUBLIC,
    });
  });

  it.each(['972', '973'])('pays 70 000 € in Martinique and Guyane (%s) (000_478a79800a90412a.txt)', (department) => {
    expect(computeSubsidy(commune(department))).toMatchObject({ ok: true, amountCents: 7_000_000 });
  });

  it.each(['974', '976'])('pays 67 500 € in La Réunion and Mayotte (%s) (000_478a79800a90412a.txt)', (department) => {
    expect(computeSubsidy(commune(department))).toMatchObject({ ok: true, amountCents: 6_750_000 });
  });

  it.each(['75', '2A', '01'])('pays 50 000 € over 24 months in metropolitan département %s (000_478a79800a90412a.txt)', (department) => {
    expect(computeSubsidy(commune(department))).toEqual({
      ok: true,
      amountCents: 5_000_000,
      conventionMonths: 24,
      source: GUIDE_2022_PUBLIC,
    });
  });

  it.each(['public-cdd', 'project-contract', 'civil-servant'] as const)(
    'accepts a %s for a collectivity (000_478a79800a90412a.txt)',
    (contractType) => {
      expect(computeSubsidy(commune('33', contractType))).toMatchObject({ ok: true, amountCents: 5_000_000 });
    },
  );

  it('treats groupings and GIPs of public bodies like collectivities (000_478a79800a90412a.txt)', () => {
    expect(computeSubsidy({ ...commune('974'), structureKind: 'grouping' })).toMatchObject({ amountCents: 6_750_000 });
    expect(computeSubsidy({ ...commune('13'), structureKind: 'gip' })).toMatchObject({ amountCents: 5_000_000 });
  });

  it.each(['private-cdd', 'private-cdi', 'cui-cae'] as const)(
    'refuses a %s for a collectivity, which the 2022 table does not list (000_478a79800a90412a.txt)',
    (contractType) => {
      const refused = refusal(commune('33', contractType));
      expect(refused.code).toBe('subsidy.contract_type_not_allowed');
      expect(refused.message).toContain('guide 2022 des structures publiques');
      expect(refused.message).toContain('CDI de droit public, CDD de droit public, contrat de projet, agent titulaire');
    },
  );

  it('refuses a supplied amount that differs from the overseas amount of the guide (000_478a79800a90412a.txt)', () => {
    const refused = refusal({ ...commune('971'), suppliedAmountCents: 5_000_000 });
    expect(refused.code).toBe('subsidy.amount_mismatch');
    expect(refused.message).toContain('70\u00a0000,00\u00a0€');
    expect(computeSubsidy({ ...commune('971'), suppliedAmountCents: 7_000_000 })).toMatchObject({
      ok: true,
      amountCents: 7_000_000,
    });
  });

  it('asks bdt for the amount in Saint-Pierre-et-Miquelon (975), which the guide does not list (000_478a79800a90412a.txt)', () => {
    expect(refusal(commune('975')).code).toBe('subsidy.amount_required');
    expect(computeSubsidy({ ...commune('975'), suppliedAmountCents: 6_000_000 })).toMatchObject({
      ok: true,
      amountCents: 6_000_000,
    });
    expect(refusal({ ...commune('975'), suppliedAmountCents: 4_999_999 }).code).toBe('subsidy.amount_below_base');
  });

  it('does not deduct other aid from a public subsidy: the DGEFP rule is a private one (000_478a79800a90412a.txt)', () => {
    expect(computeSubsidy({ ...commune('33'), otherAidCents: 1_000_000 })).toMatchObject({ amountCents: 5_000_000 });
  });

  it('refuses a convention length other than 24 months (000_478a79800a90412a.txt)', () => {
    expect(refusal({ ...commune('33'), suppliedConventionMonths: 36 }).code).toBe('subsidy.months_out_of_range');
    expect(computeSubsidy({ ...commune('33'), suppliedConventionMonths: 24 })).toMatchObject({ conventionMonths: 24 });
  });
});

describe('2022-public other public structures (000_478a79800a90412a.txt)', () => {
  const otherPublic = (department: string): SubsidyInput => ({
    policy: '2022-public',
    sector: 'public',
    structureKind: 'other-public',
    department,
    contractType: 'private-cdd',
  });

  it('pays 37 500 € over 18 months under a private-law CDD (000_478a79800a90412a.txt)', () => {
    expect(computeSubsidy(otherPublic('59'))).toEqual({
      ok: true,
      amountCents: 3_750_000,
      conventionMonths: 18,
      source: GUIDE_2022_PUBLIC,
    });
  });

  it('refuses a public-law contract for an other public structure (000_478a79800a90412a.txt)', () => {
    expect(refusal({ ...otherPublic('59'), contractType: 'public-cdi' }).code).toBe('subsidy.contract_type_not_allowed');
  });

  it('requires the overseas increase, which the guide does not give, from bdt (000_478a79800a90412a.txt)', () => {
    const refused = refusal(otherPublic('971'));
    expect(refused.code).toBe('subsidy.amount_required');
    expect(refused.message).toContain('Banque des Territoires');
    expect(computeSubsidy({ ...otherPublic('971'), suppliedAmountCents: 4_200_000 })).toEqual({
      ok: true,
      amountCents: 4_200_000,
      conventionMonths: 18,
      source: GUIDE_2022_PUBLIC,
    });
  });

  it('refuses an overseas amount below the 37 500 € base (000_478a79800a90412a.txt)', () => {
    const refused = refusal({ ...otherPublic('974'), suppliedAmountCents: 3_000_000 });
    expect(refused.code).toBe('subsidy.amount_below_base');
    expect(refused.message).toContain('37\u00a0500,00\u00a0€');
  });
});

describe('2021-public (001_6dade1b22e1aa482.txt)', () => {
  const publicStructure = (structureKind: SubsidyInput['structureKind'], contractType: SubsidyInput['contractType']): SubsidyInput => ({
    policy: '2021-public',
    sector: 'public',
    structureKind,
    department: '03',
    contractType,
  });

  it('pays 50 000 € over 24 months whatever the contract (001_6dade1b22e1aa482.txt)', () => {
    for (const contractType of contractTypeSchema.options) {
      expect(computeSubsidy(publicStructure('other-public', contractType))).toEqual({
        ok: true,
        amountCents: 5_000_000,
        conventionMonths: 24,
        source: GUIDE_2021_PUBLIC,
      });
    }
  });

  it('lets the convention run up to 36 months, not beyond nor below 24 (001_6dade1b22e1aa482.txt)', () => {
    const base = publicStructure('territorial-authority', 'project-contract');
    expect(computeSubsidy({ ...base, suppliedConventionMonths: 36 })).toMatchObject({ ok: true, conventionMonths: 36 });
    expect(computeSubsidy({ ...base, suppliedConventionMonths: 30 })).toMatchObject({ ok: true, conventionMonths: 30 });
    expect(refusal({ ...base, suppliedConventionMonths: 37 }).code).toBe('subsidy.months_out_of_range');
    expect(refusal({ ...base, suppliedConventionMonths: 12 }).code).toBe('subsidy.months_out_of_range');
  });

  it('pays no overseas increase, which the 2021 guide does not have (001_6dade1b22e1aa482.txt)', () => {
    expect(computeSubsidy({ ...publicStructure('territorial-authority', 'public-cdi'), department: '971' })).toMatchObject({
      amountCents: 5_000_000,
    });
  });
});

describe('private structures (002_ba07e18f5cc1ad7d.txt, 004_de92c4ad36fd347a.txt)', () => {
  it.each([
    ['2021-private', AMI_2021_PRIVATE],
    ['2022-private', GUIDE_2022_PRIVATE],
  ] as const)('pays 40 000 € over 24 months under a CDI (%s, %s)', (policy, source) => {
    expect(computeSubsidy(association(policy, 'private-cdi'))).toEqual({
      ok: true,
      amountCents: 4_000_000,
      conventionMonths: 24,
      source,
    });
  });

  it.each([
    ['2021-private', AMI_2021_PRIVATE],
    ['2022-private', GUIDE_2022_PRIVATE],
  ] as const)('pays 32 000 € over 18 months under a CDD (%s, %s)', (policy, source) => {
    expect(computeSubsidy(association(policy, 'private-cdd'))).toEqual({
      ok: true,
      amountCents: 3_200_000,
      conventionMonths: 18,
      source,
    });
  });

  it('pays 40 000 € over 24 months under a project contract in 2021 (002_ba07e18f5cc1ad7d.txt)', () => {
    expect(computeSubsidy({ ...association('2021-private', 'project-contract'), structureKind: 'ess-company' })).toEqual({
      ok: true,
      amountCents: 4_000_000,
      conventionMonths: 24,
      source: AMI_2021_PRIVATE,
    });
  });

  it('refuses a project contract in 2022, which the employer guide no longer lists (004_de92c4ad36fd347a.txt)', () => {
    const refused = refusal(association('2022-private', 'project-contract'));
    expect(refused.code).toBe('subsidy.contract_type_not_allowed');
    expect(refused.message).toContain("guide 2022 de l'employeur privé");
  });

  it.each(['public-cdi', 'civil-servant'] as const)('refuses a public-law %s for a private structure (004_de92c4ad36fd347a.txt)', (contractType) => {
    expect(refusal(association('2022-private', contractType)).code).toBe('subsidy.contract_type_not_allowed');
  });

  it('deducts the other public aid already received from a 2022 CDI subsidy (004_de92c4ad36fd347a.txt)', () => {
    expect(computeSubsidy({ ...association('2022-private', 'private-cdi'), otherAidCents: 1_000_000 })).toEqual({
      ok: true,
      amountCents: 3_000_000,
      conventionMonths: 24,
      source: GUIDE_2022_PRIVATE,
    });
  });

  it('deducts other aid to the cent from a 2021 CDD subsidy (002_ba07e18f5cc1ad7d.txt)', () => {
    expect(computeSubsidy({ ...association('2021-private', 'private-cdd'), otherAidCents: 500_050 })).toMatchObject({
      ok: true,
      amountCents: 2_699_950,
    });
  });

  it('expects the supplied amount to be the subsidy after the deduction (004_de92c4ad36fd347a.txt)', () => {
    const input = { ...association('2022-private', 'private-cdi'), otherAidCents: 1_000_000 };
    expect(computeSubsidy({ ...input, suppliedAmountCents: 3_000_000 })).toMatchObject({ ok: true, amountCents: 3_000_000 });
    const refused = refusal({ ...input, suppliedAmountCents: 4_000_000 });
    expect(refused.code).toBe('subsidy.amount_mismatch');
    expect(refused.message).toContain('40\u00a0000,00\u00a0€ moins 10\u00a0000,00\u00a0€');
  });

  it('refuses other aid that leaves nothing to pay, never a negative subsidy (002_ba07e18f5cc1ad7d.txt)', () => {
    const above = refusal({ ...association('2021-private', 'private-cdd'), otherAidCents: 3_200_001 });
    expect(above.code).toBe('subsidy.other_aid_exceeds_subsidy');
    expect(above.message).toContain('AMI 2021 des structures privées');
    expect(refusal({ ...association('2021-private', 'private-cdd'), otherAidCents: 3_200_000 }).code).toBe(
      'subsidy.other_aid_exceeds_subsidy',
    );
    expect(computeSubsidy({ ...association('2021-private', 'private-cdd'), otherAidCents: 3_199_999 })).toMatchObject({
      amountCents: 1,
    });
  });

  it.each([-1, 1.5, Number.NaN])('refuses an other-aid amount of %d cents', (otherAidCents) => {
    expect(refusal({ ...association('2022-private', 'private-cdi'), otherAidCents }).code).toBe('subsidy.other_aid_invalid');
  });

  it.each([
    ['2021-private', AMI_2021_PRIVATE],
    ['2022-private', GUIDE_2022_PRIVATE],
  ] as const)('requires bdt to give the amount of an association CUI-CAE/PEC, up to 24 months (%s, %s)', (policy, source) => {
    const refused = refusal(association(policy, 'cui-cae'));
    expect(refused.code).toBe('subsidy.amount_required');
    expect(computeSubsidy({ ...association(policy, 'cui-cae'), suppliedAmountCents: 1_234_567 })).toEqual({
      ok: true,
      amountCents: 1_234_567,
      conventionMonths: 24,
      source,
    });
    expect(
      computeSubsidy({ ...association(policy, 'cui-cae'), suppliedAmountCents: 1_234_567, suppliedConventionMonths: 12 }),
    ).toMatchObject({ conventionMonths: 12 });
    expect(
      refusal({ ...association(policy, 'cui-cae'), suppliedAmountCents: 1_234_567, suppliedConventionMonths: 25 }).code,
    ).toBe('subsidy.months_out_of_range');
  });

  it('refuses a CUI-CAE for a company: it is the associations\' contract (004_de92c4ad36fd347a.txt)', () => {
    expect(refusal({ ...association('2022-private', 'cui-cae'), structureKind: 'ess-company' }).code).toBe(
      'subsidy.contract_type_not_allowed',
    );
  });

  it('accepts a company CUI-CIE overseas with the amount bdt gives (004_de92c4ad36fd347a.txt)', () => {
    const input: SubsidyInput = {
      policy: '2022-private',
      sector: 'private',
      structureKind: 'social-housing',
      department: '974',
      contractType: 'cui-cie',
      suppliedAmountCents: 2_000_000,
    };
    expect(computeSubsidy(input)).toEqual({ ok: true, amountCents: 2_000_000, conventionMonths: 24, source: GUIDE_2022_PRIVATE });
  });

  it('refuses a CUI-CIE outside the overseas départements (002_ba07e18f5cc1ad7d.txt)', () => {
    const refused = refusal({
      policy: '2021-private',
      sector: 'private',
      structureKind: 'ess-company',
      department: '69',
      contractType: 'cui-cie',
      suppliedAmountCents: 2_000_000,
    });
    expect(refused.code).toBe('subsidy.overseas_only');
    expect(refused.message).toContain("départements d'outre-mer");
  });

  it('refuses a CUI-CIE for an association (002_ba07e18f5cc1ad7d.txt)', () => {
    expect(refusal({ ...association('2021-private', 'cui-cie'), department: '971' }).code).toBe('subsidy.contract_type_not_allowed');
  });
});

describe('2025 renewals (003_0395d5c6dd79564e.txt)', () => {
  const renewal: SubsidyInput = {
    policy: '2025-renewal',
    sector: 'public',
    structureKind: 'territorial-authority',
    department: '971',
    contractType: 'public-cdi',
  };

  it('never defaults the amount nor the length of a renewal: bdt gives both (003_0395d5c6dd79564e.txt)', () => {
    expect(refusal(renewal).code).toBe('subsidy.amount_required');
    expect(refusal({ ...renewal, suppliedAmountCents: 2_500_000 }).code).toBe('subsidy.months_required');
    expect(refusal({ ...renewal, suppliedAmountCents: 2_500_000, suppliedConventionMonths: 0 }).code).toBe(
      'subsidy.months_out_of_range',
    );
    expect(computeSubsidy({ ...renewal, suppliedAmountCents: 2_500_000, suppliedConventionMonths: 36 })).toEqual({
      ok: true,
      amountCents: 2_500_000,
      conventionMonths: 36,
      source: FAQ_2025,
    });
  });

  it('renews posts of either sector (003_0395d5c6dd79564e.txt)', () => {
    expect(
      computeSubsidy({
        ...association('2025-renewal', 'private-cdi'),
        suppliedAmountCents: 1_000_000,
        suppliedConventionMonths: 12,
      }),
    ).toMatchObject({ ok: true, amountCents: 1_000_000 });
  });
});

describe('inputs that do not fit together (RULES.md §2, §7)', () => {
  it('refuses the public policy for a private structure', () => {
    const refused = refusal({ ...association('2022-private', 'private-cdi'), policy: '2022-public' });
    expect(refused.code).toBe('subsidy.policy_sector_mismatch');
  });

  it('refuses a structure kind of the other sector', () => {
    expect(refusal({ ...commune('33'), structureKind: 'association' }).code).toBe('subsidy.structure_kind_sector_mismatch');
  });

  it.each([0, -100, 1.5, Number.NaN])('refuses a supplied amount of %d cents', (suppliedAmountCents) => {
    expect(refusal({ ...commune('33'), suppliedAmountCents }).code).toBe('subsidy.amount_invalid');
    expect(refusal({ ...association('2022-private', 'cui-cae'), suppliedAmountCents }).code).toBe('subsidy.amount_invalid');
  });
});

describe('any accepted subsidy', () => {
  it('is a positive whole number of cents over a whole number of months', () => {
    const departments = ['01', '2A', '75', '971', '972', '973', '974', '975', '976'];
    fc.assert(
      fc.property(
        fc.constantFrom(...policyIdSchema.options),
        fc.constantFrom(...structureKindSchema.options),
        fc.constantFrom(...departments),
        fc.constantFrom(...contractTypeSchema.options),
        fc.option(fc.integer({ min: 0, max: 5_000_000 }), { nil: undefined }),
        fc.option(fc.integer({ min: 1, max: 10_000_000 }), { nil: undefined }),
        fc.option(fc.integer({ min: 1, max: 48 }), { nil: undefined }),
        (policy, structureKind, department, contractType, otherAidCents, suppliedAmountCents, suppliedConventionMonths) => {
          const result = computeSubsidy({
            policy,
            sector: sectorOfStructureKind(structureKind),
            structureKind,
            department,
            contractType,
            otherAidCents,
            suppliedAmountCents,
            suppliedConventionMonths,
          });
          if (!result.ok) {
            expect(result.code).toMatch(/^subsidy\.[a-z_]+$/);
            expect(result.message.length).toBeGreaterThan(20);
            return;
          }
          expect(Number.isSafeInteger(result.amountCents)).toBe(true);
          expect(result.amountCents).toBeGreaterThan(0);
          expect(Number.isInteger(result.conventionMonths)).toBe(true);
          expect(result.conventionMonths).toBeGreaterThan(0);
          if (suppliedAmountCents !== undefined) expect(result.amountCents).toBe(suppliedAmountCents);
        },
      ),
    );
  });
});
