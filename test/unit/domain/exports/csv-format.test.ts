import fc from 'fast-check';
import { CSV_BOM, csvField, csvHeaderLine, csvLine, euroDecimal, frenchDay, frenchInstant, inertText } from '../../../../domain/exports/csv-format';
import { parisWallClock } from '../../../../domain/exports/paris-wall-clock';

describe('French CSV formatting of the exports', () => {
  it('writes euros from cents with a decimal comma, no thousands separator, every cent', () => {
    expect(euroDecimal(1_400_000)).toBe('14000,00');
    expect(euroDecimal(5_000_000)).toBe('50000,00');
    expect(euroDecimal(123_456_789)).toBe('1234567,89');
    expect(euroDecimal(5)).toBe('0,05');
    expect(euroDecimal(0)).toBe('0,00');
    expect(euroDecimal(-1_250)).toBe('-12,50');
    expect(() => euroDecimal(12.5)).toThrow(RangeError);
  });

  it('gives back the cents exactly, for any amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (cents) => {
        const [units, decimals] = euroDecimal(cents).replace('-', '').split(',');
        expect(decimals).toHaveLength(2);
        expect((Number(units) * 100 + Number(decimals)) * (cents < 0 ? -1 : 1)).toBe(cents);
      }),
    );
  });

  it('writes days as JJ/MM/AAAA', () => {
    expect(frenchDay('2027-03-01')).toBe('01/03/2027');
    expect(frenchDay('2024-02-29')).toBe('29/02/2024');
    expect(() => frenchDay('1/3/2027')).toThrow(RangeError);
  });

  it('writes instants as the clock in Paris showed them, winter and summer, across midnight and the year', () => {
    expect(frenchInstant('2026-12-31T23:30:00Z')).toBe('01/01/2027 00:30');
    expect(frenchInstant('2026-07-14T22:05:00Z')).toBe('15/07/2026 00:05');
    expect(frenchInstant('2026-07-14T21:59:00Z')).toBe('14/07/2026 23:59');
    expect(frenchInstant(new Date('2026-03-29T01:00:00Z'))).toBe('29/03/2026 03:00');
    expect(parisWallClock('2026-12-31T23:30:00Z')).toEqual({ date: '2027-01-01', time: '00:30', asZoneless: new Date('2027-01-01T00:30:00Z') });
    expect(parisWallClock('not an instant')).toBeNull();
  });

  it('quotes fields as RFC 4180 says: separator, quotes and line breaks', () => {
    expect(csvField('Commune de Sainte-Anne')).toBe('Commune de Sainte-Anne');
    expect(csvField('A ; B')).toBe('"A ; B"');
    expect(csvField('Le « Lien » "numérique"')).toBe('"Le « Lien » ""numérique"""');
    expect(csvField('ligne 1\nligne 2')).toBe('"ligne 1\nligne 2"');
    expect(csvField('a\r\nb')).toBe('"a\r\nb"');
    expect(csvField('1234,56')).toBe('1234,56');
  });

  it('keeps a typed text from running as a formula', () => {
    expect(inertText('=HYPERLINK("http://x")')).toBe('\'=HYPERLINK("http://x")');
    expect(inertText('+33 1 23')).toBe("'+33 1 23");
    expect(inertText('-1')).toBe("'-1");
    expect(inertText('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(inertText('Commune')).toBe('Commune');
  });

  it('writes a record per kind of column, CRLF-ended, empty for a missing value', () => {
    expect(csvLine(['text', 'integer', 'euros', 'date', 'instant', 'text'], ['Poste ; 1', 3, 1_400_000, '2022-05-20', '2026-12-31T23:30:00Z', null])).toBe(
      '"Poste ; 1";3;14000,00;20/05/2022;01/01/2027 00:30;\r\n',
    );
    expect(csvLine(['text', 'euros', 'date'], ['=1+1', null, ''])).toBe("'=1+1;;\r\n");
    expect(csvHeaderLine(['Identifiant du poste', 'Montant ; €'])).toBe('Identifiant du poste;"Montant ; €"\r\n');
    expect(CSV_BOM).toBe('\ufeff');
  });
});
