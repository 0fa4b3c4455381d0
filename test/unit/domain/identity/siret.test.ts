import { checkSiret, siretSchema, siretWithCheckDigit } from '../../../../domain/identity/siret';

describe('checkSiret (RULES.md §2.5: a structure is identified by a 14-digit, Luhn-valid SIRET)', () => {
  it.each(['13002603200016', '73282932000074'])('accepts the Luhn-valid SIRET %s', (siret) => {
    expect(checkSiret(siret)).toEqual({ ok: true, siret });
  });

  it.each(['13002603200017', '73282932000075', '12345678901235'])(
    'refuses %s, whose Luhn check key is wrong',
    (siret) => {
      const check = checkSiret(siret);
      expect(check).toMatchObject({ ok: false, code: 'siret.checksum' });
      expect(!check.ok && check.message).toContain('Luhn');
    },
  );

  it.each(['1300260320001', '130026032000160', '130 026 032 00016', '1300260320001A', '', 'abcdefghijklmn'])(
    'refuses %j, which is not 14 digits',
    (value) => {
      const check = checkSiret(value);
      expect(check).toMatchObject({ ok: false, code: 'siret.format' });
      expect(!check.ok && check.message).toContain('14 chiffres');
    },
  );

  it('accepts La Poste establishments, whose digits add up to a multiple of 5 instead of passing Luhn (INSEE)', () => {
    expect(checkSiret('35600000049837')).toEqual({ ok: true, siret: '35600000049837' });
    expect(checkSiret('35600000000001')).toEqual({ ok: true, siret: '35600000000001' });
  });

  it("accepts La Poste's Luhn-valid head office and refuses a La Poste SIRET that passes neither key", () => {
    expect(checkSiret('35600000000048')).toEqual({ ok: true, siret: '35600000000048' });
    expect(checkSiret('35600000000002')).toMatchObject({ ok: false, code: 'siret.checksum' });
  });

  it('does not extend the La Poste key to other SIRENs whose digit sum is a multiple of 5', () => {
    expect(checkSiret('12345678901234')).toMatchObject({ ok: false, code: 'siret.checksum' });
  });
});

describe('siretSchema', () => {
  it('passes a valid SIRET through and reports the rule code of an invalid one', () => {
    expect(siretSchema.parse('13002603200016')).toBe('13002603200016');
    const parsed = siretSchema.safeParse('13002603200017');
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({ code: 'custom', params: { code: 'siret.checksum' } });
  });
});

describe('siretWithCheckDigit', () => {
  it('completes 13 digits with the one key that passes Luhn', () => {
    expect(siretWithCheckDigit('2197112010001')).toBe('21971120100018');
    for (const first13 of ['0000000000000', '1234567890123', '9999999999999']) {
      const siret = siretWithCheckDigit(first13);
      expect(siret.slice(0, 13)).toBe(first13);
      expect(checkSiret(siret).ok).toBe(true);
    }
    expect(() => siretWithCheckDigit('123')).toThrow(RangeError);
  });
});
