import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  addCalendarMonths,
  addDays,
  businessDateSchema,
  compareDates,
  daysBetween,
  isBusinessDate,
  laterOf,
  toInstant,
  type BusinessDate,
} from '../../../../domain/calendar/business-date';

const businessDateModule = join(__dirname, '../../../../domain/calendar/business-date.ts');

/** Any day from 1900 to 2199, written as a business date. */
const businessDate = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2199-12-31T00:00:00Z'), noInvalidDate: true })
  .map((instant) => instant.toISOString().slice(0, 10) as BusinessDate);

/** An oracle independent of date-fns: day 0 of the next month is the last day of this one. */
function daysInMonth(year: number, monthIndex: number): number {
  const end = new Date(0);
  end.setUTCFullYear(year, monthIndex + 1, 0);
  return end.getUTCDate();
}

describe('businessDateSchema (RULES.md §4.1: business dates are calendar dates YYYY-MM-DD)', () => {
  it.each(['2022-02-28', '2024-02-29', '2000-02-29', '2021-12-31', '2023-01-01'])('accepts the real day %s', (value) => {
    expect(businessDateSchema.safeParse(value)).toEqual({ success: true, data: value });
    expect(isBusinessDate(value)).toBe(true);
  });

  it.each([
    '2023-02-30',
    '2023-02-29',
    '1900-02-29',
    '2022-04-31',
    '2022-13-01',
    '2022-00-10',
    '2022-01-00',
    '2022-01-32',
    '2022-1-05',
    '22-01-05',
    ' 2022-01-05',
    '2022-01-05T00:00:00Z',
    '2022/01/05',
    '',
  ])('rejects %j, which is not a day of the calendar written YYYY-MM-DD', (value) => {
    const parsed = businessDateSchema.safeParse(value);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe('date attendue au format AAAA-MM-JJ, jour existant du calendrier');
  });
});

describe('addCalendarMonths (RULES.md §2.2: calendar months clamp to the month end)', () => {
  it.each<[BusinessDate, number, BusinessDate]>([
    ['2022-01-31', 1, '2022-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2023-03-31', -1, '2023-02-28'],
    ['2022-08-31', 6, '2023-02-28'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2022-03-31', 1, '2022-04-30'],
    ['2022-01-15', 12, '2023-01-15'],
    ['2021-11-30', 3, '2022-02-28'],
    ['2022-12-15', 1, '2023-01-15'],
    ['2022-05-17', 0, '2022-05-17'],
  ])('%s + %i months = %s', (date, months, expected) => {
    expect(addCalendarMonths(date, months)).toBe(expected);
  });

  it('refuses a fractional number of months rather than rounding it', () => {
    expect(() => addCalendarMonths('2022-01-31', 1.5)).toThrow(RangeError);
  });

  // Jest's sandbox ignores changes to process.env.TZ, so each zone runs in its own Node process.
  it.each(['UTC', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'America/Sao_Paulo', 'Europe/Paris'])(
    'gives the same days whatever the time zone of the worker (%s)',
    (zone) => {
      const script = `
        const { addCalendarMonths } = require(${JSON.stringify(businessDateModule)});
        const cases = [['2022-01-31', 1], ['2022-03-31', 1], ['2018-10-04', 1], ['2011-12-29', 1], ['2024-01-31', 1]];
        process.stdout.write(JSON.stringify(cases.map(([d, n]) => addCalendarMonths(d, n))));
      `;
      const run = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
        env: { ...process.env, TZ: zone },
        encoding: 'utf8',
      });
      expect(run.stderr).toBe('');
      expect(JSON.parse(run.stdout)).toEqual(['2022-02-28', '2022-04-30', '2018-11-04', '2012-01-29', '2024-02-29']);
    },
  );

  it('never overflows into the following month and keeps the day where the target month has it', () => {
    fc.assert(
      fc.property(businessDate, fc.integer({ min: -600, max: 600 }), (date, months) => {
        const [year, month, day] = date.split('-').map(Number) as [number, number, number];
        const targetIndex = year * 12 + (month - 1) + months;
        const targetYear = Math.floor(targetIndex / 12);
        const targetMonth = targetIndex - targetYear * 12;
        const expectedDay = Math.min(day, daysInMonth(targetYear, targetMonth));
        const result = addCalendarMonths(date, months);
        expect(isBusinessDate(result)).toBe(true);
        expect(result).toBe(
          `${String(targetYear).padStart(4, '0')}-${String(targetMonth + 1).padStart(2, '0')}-${String(expectedDay).padStart(2, '0')}`,
        );
      }),
    );
  });
});

describe('addDays and daysBetween', () => {
  it.each<[BusinessDate, number, BusinessDate]>([
    ['2024-02-28', 1, '2024-02-29'],
    ['2023-02-28', 1, '2023-03-01'],
    ['2023-12-31', 1, '2024-01-01'],
    ['2022-03-01', -1, '2022-02-28'],
    ['2022-03-27', 1, '2022-03-28'],
    ['2022-03-01', 21, '2022-03-22'],
  ])('%s + %i days = %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });

  it('counts 59 days from 1 January to 1 March 2022 and 60 in the leap year 2024', () => {
    expect(daysBetween('2022-01-01', '2022-03-01')).toBe(59);
    expect(daysBetween('2024-01-01', '2024-03-01')).toBe(60);
    expect(daysBetween('2022-03-01', '2022-01-01')).toBe(-59);
  });

  it('undoes addDays with daysBetween, for any day and count', () => {
    fc.assert(
      fc.property(businessDate, fc.integer({ min: -20_000, max: 20_000 }), (date, days) => {
        const moved = addDays(date, days);
        expect(isBusinessDate(moved)).toBe(true);
        expect(daysBetween(date, moved)).toBe(days);
      }),
    );
  });
});

describe('compareDates and laterOf', () => {
  it('orders days by the calendar', () => {
    expect(compareDates('2022-02-28', '2022-03-01')).toBe(-1);
    expect(compareDates('2022-03-01', '2022-02-28')).toBe(1);
    expect(compareDates('2022-03-01', '2022-03-01')).toBe(0);
    expect(compareDates('2021-12-31', '2022-01-01')).toBe(-1);
    expect(laterOf('2022-02-28', '2022-01-31')).toBe('2022-02-28');
    expect(laterOf('2022-01-31', '2022-03-15')).toBe('2022-03-15');
  });

  it('agrees with daysBetween for any two days', () => {
    fc.assert(
      fc.property(businessDate, businessDate, (a, b) => {
        expect(compareDates(a, b)).toBe(Math.sign(daysBetween(b, a)));
      }),
    );
  });
});

describe('toInstant (RULES.md §2.3: a deadline falls at the start of its day, UTC)', () => {
  it('gives 00:00 UTC of the day', () => {
    expect(toInstant('2022-02-28').toISOString()).toBe('2022-02-28T00:00:00.000Z');
    expect(toInstant('2024-02-29').toISOString()).toBe('2024-02-29T00:00:00.000Z');
  });
});
