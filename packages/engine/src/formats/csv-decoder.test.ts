import { describe, expect, it } from 'vitest';
import { field, schemaOf, T } from '@sluice/sql';
import { deltaRows } from '../delta.js';
import { CsvDecoder, csvOptions } from './csv-decoder.js';
import { splitCsvRecord } from './csv-record.js';

const schema = schemaOf([field('id', T.bigint), field('name', T.varchar), field('ts', T.timestamp)]);
const ts = Date.UTC(2024, 0, 2, 3, 4, 5) * 1000;

describe('splitCsvRecord', () => {
  it('follows RFC 4180 quoting', () => {
    expect(splitCsvRecord('a,"b,c","say ""hi""",,""', ',')).toEqual(['a', 'b,c', 'say "hi"', null, '']);
    expect(splitCsvRecord('"multi\nline",x', ',')).toEqual(['multi\nline', 'x']);
    expect(splitCsvRecord('a;b;', ';')).toEqual(['a', 'b', null]);
    expect(splitCsvRecord('"open,x', ',')).toMatch(/unterminated/);
    expect(splitCsvRecord('"a"b,c', ',')).toMatch(/after a closing quote/);
  });
});

describe('CsvDecoder', () => {
  it('maps fields by position and reports bad records with positions', () => {
    const decoder = new CsvDecoder(schema, csvOptions({}));
    const lines = ['1,ann,2024-01-02T03:04:05Z', '2,"b, ""c""",2024-01-02 03:04:05', 'x,y,2024-01-02', '3,"two\nlines",', '4,too,many,fields', '18446744073709551615,z,'];
    const { delta, problems } = decoder.decode(lines, { file: 'a.csv', line: 1 });
    expect(deltaRows(delta).map((r) => r.values)).toEqual([
      [1n, 'ann', ts],
      [2n, 'b, "c"', ts],
      [3n, 'two\nlines', null],
    ]);
    expect(problems.map((p) => `${p.position} ${p.message}`)).toEqual([
      "a.csv:3 column 'id': 'x' is not a valid BIGINT",
      'a.csv:6 expected 3 fields, found 4',
      "a.csv:7 column 'id': '18446744073709551615' is not a valid BIGINT",
    ]);
  });

  it('maps fields by header name and honours the delimiter', () => {
    const decoder = new CsvDecoder(schema, csvOptions({ 'csv.header': 'true', delimiter: ';' }));
    const first = decoder.decode(['TS;Id;other', '2024-01-02;7;x'], { file: 'b.csv', line: 1 });
    const more = decoder.decode(['2024-01-02 03:04:05;8;y'], { file: 'b.csv', line: 3 });
    expect(first.problems).toEqual([]);
    expect(deltaRows(first.delta)[0]!.values).toEqual([7n, null, Date.UTC(2024, 0, 2) * 1000]);
    expect(deltaRows(more.delta)[0]!.values).toEqual([8n, null, ts]);
  });

  it('rejects bad options', () => {
    expect(() => csvOptions({ 'csv.header': 'yes' })).toThrow(/csv.header/);
    expect(() => csvOptions({ delimiter: ';;' })).toThrow(/delimiter/);
  });
});
