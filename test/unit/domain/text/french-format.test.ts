import { frenchDate, frenchEuros, NO_BREAK_SPACE } from '../../../../domain/text/french-format';

/** RULES.md §5: texts for people write dates and amounts the French way, never ISO. */
describe('French dates (RULES.md §5)', () => {
  it('writes the first of the month as an ordinal: « 1er mars 2027 »', () => {
    expect(frenchDate('2027-03-01')).toBe('1er mars 2027');
  });

  it.each([
    ['2022-04-14', '14 avril 2022'],
    ['2028-05-28', '28 mai 2028'],
    ['2024-02-29', '29 février 2024'],
    ['2026-08-11', '11 août 2026'],
    ['2025-12-31', '31 décembre 2025'],
  ])('writes %s as « %s », whatever the server’s time zone', (date, french) => {
    expect(frenchDate(date as never)).toBe(french);
  });
});

describe('French amounts (RULES.md §5)', () => {
  it('writes 1 400 000 cents as « 14 000,00 € » with no-break spaces, so the amount never breaks across lines', () => {
    expect(frenchEuros(1_400_000)).toBe(`14${NO_BREAK_SPACE}000,00${NO_BREAK_SPACE}€`);
    expect(frenchEuros(1_400_000).replace(/\u00a0/g, ' ')).toBe('14 000,00 €');
  });

  it('never writes the narrow no-break space Intl uses, which many mail fonts do not draw', () => {
    expect(frenchEuros(123_456_789)).not.toMatch(/\u202f/);
    expect(frenchEuros(123_456_789)).toBe(`1${NO_BREAK_SPACE}234${NO_BREAK_SPACE}567,89${NO_BREAK_SPACE}€`);
  });

  it('always writes the cents, as a payment order does', () => {
    expect(frenchEuros(5)).toBe(`0,05${NO_BREAK_SPACE}€`);
    expect(frenchEuros(3_750_050)).toBe(`37${NO_BREAK_SPACE}500,50${NO_BREAK_SPACE}€`);
  });

  it('refuses what is not a whole number of cents', () => {
    expect(() => frenchEuros(12.5)).toThrow(RangeError);
  });
});
