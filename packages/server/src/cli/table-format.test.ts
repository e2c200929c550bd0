import { describe, expect, it } from 'vitest';
import { displayWidth, padToWidth } from './display-width.js';
import { formatTable, rowCountFooter } from './table-format.js';

describe('displayWidth', () => {
  it('counts ASCII one column each', () => {
    expect(displayWidth('price')).toBe(5);
  });

  it('counts CJK and emoji two columns, combining marks none', () => {
    expect(displayWidth('東京')).toBe(4);
    expect(displayWidth('🚀')).toBe(2);
    expect(displayWidth('e\u0301')).toBe(1);
    expect(displayWidth('Ｆ')).toBe(2);
    expect(displayWidth('©')).toBe(1);
  });

  it('pads by display width', () => {
    expect(padToWidth('東', 4)).toBe('東  ');
    expect(padToWidth('7', 3, true)).toBe('  7');
  });
});

describe('formatTable', () => {
  it('lays out a psql aligned table: centred headers, numbers right, text left, NULL empty', () => {
    const lines = formatTable(
      [{ header: 'id', alignRight: true }, { header: 'name', alignRight: false }, { header: 'city', alignRight: false }],
      [['1', 'ann', 'Oslo'], ['22', null, 'Bergen'], ['333', 'bo', null]],
    );
    expect(lines.join('\n')).toBe(
      [
        ' id  | name |  city',
        '-----+------+--------',
        '   1 | ann  | Oslo',
        '  22 |      | Bergen',
        ' 333 | bo   |',
      ].join('\n'),
    );
  });

  it('aligns wide and combining characters by display width', () => {
    const lines = formatTable(
      [{ header: 'city', alignRight: false }, { header: 'n', alignRight: true }],
      [['東京', '1'], ['Zürich', '22'], ['Kraków', '3'], ['🚀', '4']],
    );
    expect(lines).toEqual([
      '  city  | n',
      '--------+----',
      ' 東京   |  1',
      ' Zürich | 22',
      ' Kraków |  3',
      ' 🚀     |  4',
    ]);
  });

  it('marks a cell that goes on to the next line with +, as psql does', () => {
    const lines = formatTable(
      [{ header: 'text', alignRight: false }, { header: 'n', alignRight: true }],
      [['one\ntwo', '1']],
    );
    expect(lines).toEqual([' text | n', '------+---', ' one +| 1', ' two  |']);
  });

  it('prints a header and rule for an empty result', () => {
    expect(formatTable([{ header: 'x', alignRight: false }], [])).toEqual([' x', '---']);
  });

  it('says "row" for one and "rows" otherwise', () => {
    expect(rowCountFooter(1)).toBe('(1 row)');
    expect(rowCountFooter(0)).toBe('(0 rows)');
    expect(rowCountFooter(12)).toBe('(12 rows)');
  });
});
