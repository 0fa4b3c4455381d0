import fc from 'fast-check';
import { addCalendarMonths, addDays, type BusinessDate } from '../../../../domain/calendar/business-date';
import { checkContractDuration } from '../../../../domain/policies/contract-duration';

describe('checkContractDuration, 2021 public guide (001_6dade1b22e1aa482.txt)', () => {
  it('accepts a fixed-term contract of 24 to 36 months, its end being the last day worked (001_6dade1b22e1aa482.txt)', () => {
    expect(checkContractDuration('2021-public', { contractType: 'public-cdd', startsOn: '2021-03-01', endsOn: '2023-02-28' })).toEqual({ ok: true });
    expect(checkContractDuration('2021-public', { contractType: 'project-contract', startsOn: '2021-03-01', endsOn: '2024-02-29' })).toEqual({ ok: true });
  });

  it('refuses a contract shorter than 24 months, naming the guide (001_6dade1b22e1aa482.txt)', () => {
    const check = checkContractDuration('2021-public', { contractType: 'public-cdd', startsOn: '2021-03-01', endsOn: '2023-02-27' });
    expect(check).toMatchObject({ ok: false, code: 'contract.too_short' });
    expect(!check.ok && check.message).toContain('entre 24 et 36 mois (guide 2021 des structures publiques)');
  });

  it('refuses a contract longer than 36 months (001_6dade1b22e1aa482.txt)', () => {
    expect(checkContractDuration('2021-public', { contractType: 'public-cdd', startsOn: '2021-03-01', endsOn: '2024-03-02' })).toMatchObject({
      ok: false,
      code: 'contract.too_long',
    });
    expect(
      checkContractDuration('2021-public', { contractType: 'public-cdd', startsOn: '2021-03-01', endsOn: '2024-03-01' }, 'day-before'),
    ).toMatchObject({ ok: false, code: 'contract.too_long' });
  });

  it('asks a fixed-term contract for its end date (001_6dade1b22e1aa482.txt)', () => {
    expect(checkContractDuration('2021-public', { contractType: 'public-cdd', startsOn: '2021-03-01' })).toMatchObject({
      ok: false,
      code: 'contract.end_missing',
    });
  });

  it('accepts an open-ended contract, which runs beyond 24 months (001_6dade1b22e1aa482.txt)', () => {
    expect(checkContractDuration('2021-public', { contractType: 'public-cdi', startsOn: '2021-03-01' })).toEqual({ ok: true });
    expect(checkContractDuration('2021-public', { contractType: 'civil-servant', startsOn: '2021-03-01' })).toEqual({ ok: true });
  });

  it('accepts every length from 24 to 36 whole months from any start day (001_6dade1b22e1aa482.txt)', () => {
    const day = fc.date({ min: new Date('2021-01-01T00:00:00Z'), max: new Date('2023-12-31T00:00:00Z'), noInvalidDate: true });
    fc.assert(
      fc.property(day, fc.integer({ min: 24, max: 36 }), (date, months) => {
        const startsOn = date.toISOString().slice(0, 10) as BusinessDate;
        const endsOn = addDays(addCalendarMonths(startsOn, months), -1);
        return checkContractDuration('2021-public', { contractType: 'public-cdd', startsOn, endsOn }).ok;
      }),
    );
  });
});

describe('checkContractDuration, private texts (002_ba07e18f5cc1ad7d.txt, 004_de92c4ad36fd347a.txt)', () => {
  it.each(['2021-private', '2022-private'] as const)(
    'caps a private-law CDD at 18 months, renewals included, under %s (002_ba07e18f5cc1ad7d.txt, 004_de92c4ad36fd347a.txt)',
    (policy) => {
      expect(checkContractDuration(policy, { contractType: 'private-cdd', startsOn: '2022-03-01', endsOn: '2023-09-01' })).toEqual({ ok: true });
      const check = checkContractDuration(policy, { contractType: 'private-cdd', startsOn: '2022-03-01', endsOn: '2023-09-02' });
      expect(check).toMatchObject({ ok: false, code: 'contract.too_long' });
      expect(!check.ok && check.message).toContain('au plus 18 mois');
    },
  );

  it('accepts the 18-month CDD from 2026-11-28 to 2028-05-28 that rules revision 2 refused (002_ba07e18f5cc1ad7d.txt)', () => {
    const cdd = { contractType: 'private-cdd', startsOn: '2026-11-28', endsOn: '2028-05-28' } as const;
    expect(checkContractDuration('2021-private', cdd)).toEqual({ ok: true });
    expect(checkContractDuration('2021-private', cdd, 'day-before')).toMatchObject({ ok: false, code: 'contract.too_long' });
  });

  it('gives the latest end date allowed in every "too long" refusal, the French way (002_ba07e18f5cc1ad7d.txt, 001_6dade1b22e1aa482.txt)', () => {
    const cdd = checkContractDuration('2022-private', { contractType: 'private-cdd', startsOn: '2026-11-28', endsOn: '2028-05-29' });
    expect(!cdd.ok && cdd.message).toContain('au plus tard le 28 mai 2028');
    const public36 = checkContractDuration('2021-public', { contractType: 'public-cdd', startsOn: '2021-03-01', endsOn: '2024-06-01' });
    expect(!public36.ok && public36.message).toContain('au plus tard le 1er mars 2024');
    const cui = checkContractDuration('2021-private', { contractType: 'cui-cae', startsOn: '2021-05-01', endsOn: '2023-05-02' });
    expect(!cui.ok && cui.message).toContain('au plus tard le 1er mai 2023');
    const before = checkContractDuration('2021-private', { contractType: 'private-cdd', startsOn: '2026-11-28', endsOn: '2028-05-28' }, 'day-before');
    expect(!before.ok && before.message).toContain('au plus tard le 27 mai 2028');
    expect(!before.ok && before.message).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });

  it('caps a CUI at 24 months (002_ba07e18f5cc1ad7d.txt)', () => {
    expect(checkContractDuration('2021-private', { contractType: 'cui-cae', startsOn: '2021-05-01', endsOn: '2023-04-30' })).toEqual({ ok: true });
    expect(checkContractDuration('2022-private', { contractType: 'cui-cie', startsOn: '2022-05-01', endsOn: '2024-05-02' })).toMatchObject({
      ok: false,
      code: 'contract.too_long',
    });
  });

  it('puts no bound on a private CDI (002_ba07e18f5cc1ad7d.txt)', () => {
    expect(checkContractDuration('2022-private', { contractType: 'private-cdi', startsOn: '2022-05-01' })).toEqual({ ok: true });
  });
});

describe('checkContractDuration, 2022 public guide (000_478a79800a90412a.txt)', () => {
  it('sets no contract length, only the convention’s (000_478a79800a90412a.txt)', () => {
    expect(checkContractDuration('2022-public', { contractType: 'public-cdd', startsOn: '2022-05-01', endsOn: '2023-04-30' })).toEqual({ ok: true });
  });
});
