import fc from 'fast-check';
import { addCalendarMonths, compareDates, type BusinessDate } from '../../../../domain/calendar/business-date';
import { computeSubsidy } from '../../../../domain/policies/subsidy';
import {
  MAX_SUBSIDY_CENTS,
  computeRenewalSchedule,
  computeTrancheSchedule,
  trancheAnchor,
} from '../../../../domain/policies/tranche-schedule';

const initialPolicies = ['2021-public', '2021-private', '2022-public', '2022-private'] as const;

const businessDate = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((instant) => instant.toISOString().slice(0, 10) as BusinessDate);

describe('trancheAnchor (RULES.md §2.2)', () => {
  it('counts 2021 tranches from the contract signature (001_6dade1b22e1aa482.txt, 002_ba07e18f5cc1ad7d.txt)', () => {
    expect(trancheAnchor('2021-public')).toBe('contract-signature');
    expect(trancheAnchor('2021-private')).toBe('contract-signature');
  });

  it('counts 2022 tranches from the departure in training (000_478a79800a90412a.txt, 004_de92c4ad36fd347a.txt)', () => {
    expect(trancheAnchor('2022-public')).toBe('training-start');
    expect(trancheAnchor('2022-private')).toBe('training-start');
  });

  it('counts renewal tranches from the convention signature (003_0395d5c6dd79564e.txt)', () => {
    expect(trancheAnchor('2025-renewal')).toBe('convention-signature');
  });
});

describe('computeTrancheSchedule', () => {
  it('splits the 70 000 € of a Guadeloupe commune into 14 000 / 21 000 / 35 000 € at +1, +6, +12 months after training start (000_478a79800a90412a.txt)', () => {
    const subsidy = computeSubsidy({
      policy: '2022-public',
      sector: 'public',
      structureKind: 'territorial-authority',
      department: '971',
      contractType: 'public-cdi',
    });
    if (!subsidy.ok) throw new Error(subsidy.message);
    const schedule = computeTrancheSchedule({ policy: '2022-public', totalCents: subsidy.amountCents, anchorOn: '2022-03-15' });
    expect(schedule).toEqual([
      { number: 1, percent: 20, amountCents: 1_400_000, dueOn: '2022-04-15', payableFrom: '2022-04-15', conditions: [] },
      { number: 2, percent: 30, amountCents: 2_100_000, dueOn: '2022-09-15', payableFrom: '2022-09-15', conditions: [] },
      { number: 3, percent: 50, amountCents: 3_500_000, dueOn: '2023-03-15', payableFrom: '2023-03-15', conditions: [] },
    ]);
  });

  it('pays a 2022 private CDD of 32 000 € as 6 400 / 9 600 / 16 000 € (004_de92c4ad36fd347a.txt)', () => {
    const schedule = computeTrancheSchedule({ policy: '2022-private', totalCents: 3_200_000, anchorOn: '2022-05-02' });
    expect(schedule.map((t) => t.amountCents)).toEqual([640_000, 960_000, 1_600_000]);
    expect(schedule.map((t) => t.dueOn)).toEqual(['2022-06-02', '2022-11-02', '2023-05-02']);
  });

  it('counts 2021 public tranches at +1, +6 and +12 months after the contract signature (001_6dade1b22e1aa482.txt)', () => {
    const schedule = computeTrancheSchedule({ policy: '2021-public', totalCents: 5_000_000, anchorOn: '2021-03-31' });
    expect(schedule).toEqual([
      { number: 1, percent: 20, amountCents: 1_000_000, dueOn: '2021-04-30', payableFrom: '2021-04-30', conditions: [] },
      { number: 2, percent: 30, amountCents: 1_500_000, dueOn: '2021-09-30', payableFrom: '2021-09-30', conditions: [] },
      { number: 3, percent: 50, amountCents: 2_500_000, dueOn: '2022-03-31', payableFrom: '2022-03-31', conditions: [] },
    ]);
  });

  it('makes the first 2021 private tranche payable within the month after the contract, once enrolled in training and the contract transmitted (002_ba07e18f5cc1ad7d.txt)', () => {
    const [first, second, third] = computeTrancheSchedule({
      policy: '2021-private',
      totalCents: 4_000_000,
      anchorOn: '2021-08-31',
    });
    expect(first).toEqual({
      number: 1,
      percent: 20,
      amountCents: 800_000,
      dueOn: '2021-09-30',
      payableFrom: '2021-08-31',
      conditions: ['training-enrolment', 'contract-transmitted'],
    });
    expect(second).toMatchObject({ dueOn: '2022-02-28', payableFrom: '2022-02-28', conditions: [] });
    expect(third).toMatchObject({ dueOn: '2022-08-31', amountCents: 2_000_000 });
  });

  it('clamps due dates to the month end in a leap year (000_478a79800a90412a.txt)', () => {
    const schedule = computeTrancheSchedule({ policy: '2022-public', totalCents: 5_000_000, anchorOn: '2023-08-31' });
    expect(schedule.map((t) => t.dueOn)).toEqual(['2023-09-30', '2024-02-29', '2024-08-31']);
  });

  it('gives the rounding remainder to the last tranche', () => {
    expect(computeTrancheSchedule({ policy: '2022-private', totalCents: 2_699_951, anchorOn: '2022-01-10' }).map((t) => t.amountCents)).toEqual([
      539_990, 809_985, 1_349_976,
    ]);
    expect(computeTrancheSchedule({ policy: '2022-private', totalCents: 1, anchorOn: '2022-01-10' }).map((t) => t.amountCents)).toEqual([
      0, 0, 1,
    ]);
  });

  it('refuses a renewal policy, whose yearly amounts bdt gives (003_0395d5c6dd79564e.txt)', () => {
    expect(() => computeTrancheSchedule({ policy: '2025-renewal', totalCents: 100, anchorOn: '2025-01-01' })).toThrow(
      /computeRenewalSchedule/,
    );
  });

  it.each([0, -1, 10.5, MAX_SUBSIDY_CENTS + 1])('refuses a total of %d cents', (totalCents) => {
    expect(() => computeTrancheSchedule({ policy: '2022-public', totalCents, anchorOn: '2022-01-10' })).toThrow(RangeError);
  });

  const property = fc.record({
    policy: fc.constantFrom(...initialPolicies),
    totalCents: fc.oneof(fc.integer({ min: 1, max: 100_000_000 }), fc.integer({ min: 1, max: MAX_SUBSIDY_CENTS })),
    anchorOn: businessDate,
  });

  it('always adds up exactly to the total, in whole cents of 20/30/50 %', () => {
    fc.assert(
      fc.property(property, (input) => {
        const schedule = computeTrancheSchedule(input);
        const amounts = schedule.map((t) => t.amountCents);
        for (const amount of amounts) {
          expect(Number.isSafeInteger(amount)).toBe(true);
          expect(amount).toBeGreaterThanOrEqual(0);
        }
        expect(amounts.reduce((a, b) => a + b, 0)).toBe(input.totalCents);
        const total = BigInt(input.totalCents);
        expect(BigInt(amounts[0]!)).toBe((total * 20n) / 100n);
        expect(BigInt(amounts[1]!)).toBe((total * 30n) / 100n);
        const lastExcess = BigInt(amounts[2]!) * 100n - total * 50n;
        expect(lastExcess >= 0n && lastExcess < 200n).toBe(true);
      }),
    );
  });

  it('always has strictly ordered due dates at +1, +6 and +12 calendar months', () => {
    fc.assert(
      fc.property(property, (input) => {
        const schedule = computeTrancheSchedule(input);
        expect(schedule.map((t) => t.dueOn)).toEqual([1, 6, 12].map((m) => addCalendarMonths(input.anchorOn, m)));
        expect(compareDates(input.anchorOn, schedule[0]!.dueOn)).toBe(-1);
        expect(compareDates(schedule[0]!.dueOn, schedule[1]!.dueOn)).toBe(-1);
        expect(compareDates(schedule[1]!.dueOn, schedule[2]!.dueOn)).toBe(-1);
        for (const tranche of schedule) expect(compareDates(tranche.payableFrom, tranche.dueOn)).toBeLessThanOrEqual(0);
      }),
    );
  });
});

describe('computeRenewalSchedule (003_0395d5c6dd79564e.txt: "versé par tranche annuelle")', () => {
  it('pays the amounts bdt gives, the first at the convention signature, then yearly (003_0395d5c6dd79564e.txt)', () => {
    expect(computeRenewalSchedule({ anchorOn: '2024-02-29', amountsCents: [1_500_000, 1_500_000, 750_000] })).toEqual({
      ok: true,
      tranches: [
        { number: 1, amountCents: 1_500_000, dueOn: '2024-02-29' },
        { number: 2, amountCents: 1_500_000, dueOn: '2025-02-28' },
        { number: 3, amountCents: 750_000, dueOn: '2026-02-28' },
      ],
    });
  });

  it('refuses a renewal without amounts rather than guessing them (003_0395d5c6dd79564e.txt)', () => {
    expect(computeRenewalSchedule({ anchorOn: '2025-06-01', amountsCents: [] })).toMatchObject({
      ok: false,
      code: 'renewal.amounts_required',
    });
  });

  it.each([[[1_000, 0]], [[-5]], [[12.5]]])('refuses the amounts %j', (amountsCents) => {
    const result = computeRenewalSchedule({ anchorOn: '2025-06-01', amountsCents });
    expect(result).toMatchObject({ ok: false, code: 'renewal.amount_invalid' });
  });
});
