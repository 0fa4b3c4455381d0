import { daysLeft, frenchDateOf, frenchInstant } from '../../../console/view-models/french-format';

/** What the console writes beyond `domain/text/french-format.ts` (tested there), in the same French (RULES.md §5). */
describe('the console’s French instants and days left', () => {
  it('writes instants in Paris time, summer and winter, with the domain’s dates', () => {
    expect(frenchInstant('2026-07-01T22:30:00Z')).toBe('2 juillet 2026 à 00 h 30');
    expect(frenchInstant('2026-12-01T08:05:00Z')).toBe('1er décembre 2026 à 09 h 05');
    expect(frenchDateOf('2027-03-01')).toBe('1er mars 2027');
  });

  it('keeps an instant it cannot read as it came, rather than « Invalid Date »', () => {
    expect(frenchInstant('not a date')).toBe('not a date');
  });

  it('says how many days are left, or how late it is', () => {
    expect(daysLeft('2026-12-01', '2026-12-01')).toEqual({ days: 0, text: 'aujourd’hui' });
    expect(daysLeft('2026-12-01', '2026-12-02')).toEqual({ days: 1, text: 'demain' });
    expect(daysLeft('2026-12-01', '2027-01-01')).toEqual({ days: 31, text: 'dans 31 jours' });
    expect(daysLeft('2026-12-01', '2026-11-30')).toEqual({ days: -1, text: 'dépassée d’un jour' });
    expect(daysLeft('2026-12-01', '2026-11-21')).toEqual({ days: -10, text: 'dépassée de 10 jours' });
  });
});
