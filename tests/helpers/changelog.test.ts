import { describe, expect, it } from 'vitest';
import { ChangelogTable, asChange } from './changelog.js';
import { parseJsonLines, parseJsonRows } from './jsonl.js';
import { rowsDifference } from './normalize-rows.js';

describe('changelog', () => {
  it('applies + and - in order, one equal row at a time', () => {
    const text = [
      '{"op":"+","row":{"word":"a","n":1}}',
      '{"op":"+","row":{"word":"b","n":1}}',
      '{"op":"-","row":{"word":"a","n":1}}',
      '{"op":"+","row":{"word":"a","n":2}}',
      '',
    ].join('\n');
    const table = new ChangelogTable().applyAll(parseJsonLines(text).map(asChange));
    expect(rowsDifference(table.snapshot(), [{ word: 'a', n: 2 }, { word: 'b', n: 1 }])).toBe('');
  });

  it('rejects a retraction of a missing row and malformed lines', () => {
    const table = new ChangelogTable();
    expect(() => table.apply({ op: '-', row: { word: 'a' } })).toThrow(/not present/);
    expect(() => asChange({ op: '*', row: {} })).toThrow(/not a change/);
    expect(() => parseJsonLines('{"a":1}\nstarting engine...\n')).toThrow(/line 2 is not JSON/);
    expect(() => parseJsonRows('[1,2]\n')).toThrow(/not a JSON object/);
  });
});
