import { daysLeft, frenchAmount, frenchDate, frenchInstant } from '../../../console/view-models/french-format';

/** RULES.md §5: « 1er mars 2027 », « 14 000,00 € ». */
describe('French dates and amounts', () => {
  it('writes the first of the month « 1er » and months in words', () => {
    expect(frenchDate('2027-03-01')).toBe('1er mars 2027');
    expect(frenchDate('2026-08-15')).toBe('15 août 2026');
    expect(frenchDate('2026-12-31')).toBe('31 décembre 2026');
  });

  it('writes euro cents with a comma and grouped thousands', () => {
    expect(frenchAmount(1_400_000).replace(/\u202f/g, ' ').replace(/\u00a0/g, ' ')).toBe('14 000,00 €');
    expect(frenchAmount(3_750_050).replace(/[\u202f\u00a0]/g, ' ')).toBe('37 500,50 €');
    expect(frenchAmount(5)).toMatch(/^0,05\s€$/);
  });

  it('writes instants in Paris time, summer and winter', () => {
    expect(frenchInstant('2026-07-01T22:30:00Z')).toBe('2 juillet 2026 à 00 h 30');
    expect(frenchInstant('2026-12-01T08:05:00Z')).toBe('1er décembre 2026 à 09 h 05');
  });

  it('says how many days are left, or how late it is', () => {
    expect(daysLeft('2026-12-01', '2026-12-01')).toEqual({ days: 0, text: 'aujourd’hui' });
    expect(daysLeft('2026-12-01', '2026-12-02')).toEqual({ days: 1, text: 'demain' });
    expect(daysLeft('2026-12-01', '2027-01-01')).toEqual({ days: 31, text: 'dans 31 jours' });
    expect(daysLeft('2026-12-01', '2026-11-30')).toEqual({ days: -1, text: 'dépassée d’un jour' });
    expect(daysLeft('2026-12-01', '2026-11-21')).toEqual({ days: -10, text: 'dépassée de 10 jours' });
  });
});
