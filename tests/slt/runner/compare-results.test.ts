import { describe, expect, it } from 'vitest';
import { compareResults, describeDifference, hashValues } from './compare-results.js';

describe('compareResults', () => {
  it('collapses whitespace inside and between values', () => {
    const rows = [['10', '2022-01-01 10:00:00'], ['8', '2022-01-01  11:00:00']];
    expect(compareResults(rows, ['10 2022-01-01 10:00:00', ' 8\t2022-01-01 11:00:00 '], 'nosort').equal).toBe(true);
  });

  it('keeps the order for nosort and sorts both sides for rowsort', () => {
    const rows = [['b', '1'], ['a', '2']];
    expect(compareResults(rows, ['a 2', 'b 1'], 'nosort').equal).toBe(false);
    expect(compareResults(rows, ['a 2', 'b 1'], 'rowsort').equal).toBe(true);
    expect(compareResults(rows, ['b 1', 'a 2'], 'rowsort').equal).toBe(true);
  });

  it('sorts all values for valuesort, one value per expected line', () => {
    expect(compareResults([['3', '1'], ['2', '4']], ['1', '2', '3', '4'], 'valuesort').equal).toBe(true);
  });

  it('reports the compared sides on a mismatch', () => {
    const comparison = compareResults([['1']], ['1', '2'], 'nosort');
    expect(comparison).toEqual({ equal: false, expected: ['1', '2'], actual: ['1'] });
  });

  it('compares results written as a hash', () => {
    const values = ['1', 'a', '2', 'b'];
    const line = `4 values hashing to ${hashValues(values)}`;
    expect(compareResults([['1', 'a'], ['2', 'b']], [line], 'nosort').equal).toBe(true);
    expect(compareResults([['2', 'b'], ['1', 'a']], [line], 'rowsort').equal).toBe(true);
    expect(compareResults([['2', 'b'], ['1', 'a']], [line], 'nosort').equal).toBe(false);
  });

  it('hashes like sqllogictest: each value followed by a newline', () => {
    expect(hashValues(['1'])).toBe('b026324c6904b2a9cb4b88d6d61c81d1');
  });
});

describe('describeDifference', () => {
  const differ = (actual: string[], expected: string[]) => describeDifference(compareResults(actual.map((line) => [line]), expected, 'nosort'));

  it('names the kind of difference', () => {
    expect(differ([], ['1'])).toBe('no rows');
    expect(differ(['1'], [])).toBe('rows where none were expected');
    expect(differ(['2', '1'], ['1', '2'])).toBe('rows in another order');
    expect(differ(['1', '2', '3'], ['1', '2'])).toBe('extra rows');
    expect(differ(['1'], ['1', '2'])).toBe('missing rows');
    expect(differ(['1', '3'], ['1', '2'])).toBe('different values');
    expect(differ(['a 109576.41519999999', 'b 41912.964'], ['a 109576.4152', 'b 41912.9640'])).toBe('numbers differ in their last digits');
  });
});
