import { percentile } from '../../../stats/percentile';

describe('percentile, as a spreadsheet computes it (PERCENTILE.INC)', () => {
  it('interpolates between ranks', () => {
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(percentile([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 0.9)).toBe(91);
    expect(percentile([3, 7, 8, 15], 0.9)).toBe(12.9);
    expect(percentile([5], 0.9)).toBe(5);
    expect(percentile([2, 4, 9], 0)).toBe(2);
    expect(percentile([2, 4, 9], 1)).toBe(9);
  });

  it('has no value for no data, and refuses a p outside [0, 1]', () => {
    expect(percentile([], 0.5)).toBeNull();
    expect(() => percentile([1], 90)).toThrow(RangeError);
  });
});
