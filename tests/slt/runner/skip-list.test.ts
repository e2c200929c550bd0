import { describe, expect, it } from 'vitest';
import { SkipList } from './skip-list.js';

const origin = (file: string, line: number, includedFrom: string[] = []) => ({ file, line, includedFrom });

describe('SkipList', () => {
  const list = SkipList.parse(`# comment

e2e_test/streaming/a.slt:12   # uses rw_catalog
e2e_test/streaming/whole.slt  # shell commands only
`);

  it('matches path:line entries by path suffix and line', () => {
    expect(list.reasonFor(origin('/x/suite/e2e_test/streaming/a.slt', 12))).toBe('uses rw_catalog');
    expect(list.reasonFor(origin('/x/suite/e2e_test/streaming/a.slt', 13))).toBeNull();
    expect(list.reasonFor(origin('/x/suite/other_e2e_test/streaming/a.slt', 12))).toBeNull();
  });

  it('skips every record of a listed file, including records of the files it includes', () => {
    expect(list.reasonFor(origin('/s/e2e_test/streaming/whole.slt', 3))).toBe('shell commands only');
    expect(list.reasonFor(origin('/s/e2e_test/part.slt.part', 3, ['/s/e2e_test/streaming/whole.slt']))).toBe('shell commands only');
  });

  it('requires a reason for every entry', () => {
    expect(() => SkipList.parse('a.slt:3\n', 'skips.txt')).toThrow('skips.txt:1');
  });
});
