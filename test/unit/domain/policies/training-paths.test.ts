import { checkPositioning, exemptionSchema, positioningHours } from '../../../../domain/policies/training-paths';

describe('positioningHours', () => {
  it('lists 105, 280, 350 and 420 hours in the guides (000_478a79800a90412a.txt, 001_6dade1b22e1aa482.txt, 004_de92c4ad36fd347a.txt)', () => {
    expect(positioningHours('2021-public')).toEqual([105, 280, 350, 420]);
    expect(positioningHours('2022-public')).toEqual([105, 280, 350, 420]);
    expect(positioningHours('2022-private')).toEqual([105, 280, 350, 420]);
  });

  it('lists 105, 280, 320 and 420 hours in the 2021 AMI (002_ba07e18f5cc1ad7d.txt)', () => {
    expect(positioningHours('2021-private')).toEqual([105, 280, 320, 420]);
  });

  it('has no list under the renewal FAQ (003_0395d5c6dd79564e.txt)', () => {
    expect(positioningHours('2025-renewal')).toBeNull();
  });
});

describe('checkPositioning', () => {
  it('accepts a 350-hour path under the 2022 public guide (000_478a79800a90412a.txt)', () => {
    expect(checkPositioning('2022-public', { hours: 350 })).toEqual({ ok: true, path: { kind: 'hours', hours: 350 } });
  });

  it('refuses a 320-hour path under the 2022 public guide (000_478a79800a90412a.txt)', () => {
    const check = checkPositioning('2022-public', { hours: 320 });
    expect(check).toMatchObject({ ok: false, code: 'positioning.hours_not_a_path' });
    expect(!check.ok && check.message).toContain('105, 280, 350, 420 heures');
  });

  it('accepts 320 hours and refuses 350 hours under the 2021 AMI (002_ba07e18f5cc1ad7d.txt)', () => {
    expect(checkPositioning('2021-private', { hours: 320 })).toEqual({ ok: true, path: { kind: 'hours', hours: 320 } });
    expect(checkPositioning('2021-private', { hours: 350 })).toMatchObject({ ok: false, code: 'positioning.hours_not_a_path' });
  });

  it('accepts 105 hours under the 2021 public guide (001_6dade1b22e1aa482.txt)', () => {
    expect(checkPositioning('2021-public', { hours: 105 })).toMatchObject({ ok: true });
  });

  it.each(['CCP1', 'REMN', 'CATIC', 'USETIC'] as const)(
    'records an exemption for a holder of %s (003_0395d5c6dd79564e.txt)',
    (exemption) => {
      expect(checkPositioning('2022-private', { exemption })).toEqual({ ok: true, path: { kind: 'exemption', exemption } });
    },
  );

  it('knows no other exemption (003_0395d5c6dd79564e.txt)', () => {
    expect(exemptionSchema.options).toEqual(['CCP1', 'REMN', 'CATIC', 'USETIC']);
    expect(exemptionSchema.safeParse('PIX').success).toBe(false);
  });

  it('refuses both a path and an exemption, or neither (003_0395d5c6dd79564e.txt)', () => {
    expect(checkPositioning('2022-public', { hours: 105, exemption: 'REMN' })).toMatchObject({
      ok: false,
      code: 'positioning.ambiguous',
    });
    expect(checkPositioning('2022-public', {})).toMatchObject({ ok: false, code: 'positioning.missing' });
  });

  it('records the hours a training organisation sets during a renewal, if a positive whole number (003_0395d5c6dd79564e.txt)', () => {
    expect(checkPositioning('2025-renewal', { hours: 140 })).toEqual({ ok: true, path: { kind: 'hours', hours: 140 } });
    expect(checkPositioning('2025-renewal', { hours: 0 })).toMatchObject({ ok: false, code: 'positioning.hours_invalid' });
    expect(checkPositioning('2025-renewal', { hours: 10.5 })).toMatchObject({ ok: false, code: 'positioning.hours_invalid' });
  });
});
