import { describe, expect, it } from 'vitest';
import { field, listOf, schemaOf, T } from '@sluice/sql';
import { deltaRows } from '../delta.js';
import { JsonDecoder } from './json-decoder.js';

const schema = schemaOf([field('id', T.bigint), field('Name', T.varchar), field('ts', T.timestamp), field('tags', listOf(T.varchar)), field('price', T.double)]);
const ts = Date.UTC(2024, 0, 2, 3, 4, 5) * 1000;

describe('JsonDecoder', () => {
  it('decodes good lines, matching names case-insensitively', () => {
    const lines = [
      '{"id": 1, "name": "ann", "ts": "2024-01-02T03:04:05Z", "tags": ["a","b"], "price": 1.5, "extra": {}}',
      '{"ID": "2", "ts": "2024-01-02 03:04:05"}',
      '',
      '{"id": 9007199254740993, "ts": 1704164645000}',
      '{"id": -9223372036854775808, "name": null}',
    ];
    const { delta, problems } = new JsonDecoder(schema).decode(lines, { file: 'in.jsonl', line: 1 });
    expect(problems).toEqual([]);
    expect(deltaRows(delta).map((r) => r.values)).toEqual([
      [1n, 'ann', ts, ['a', 'b'], 1.5],
      [2n, null, ts, null, null],
      [9007199254740993n, null, ts, null, null],
      [-9223372036854775808n, null, null, null, null],
    ]);
  });

  it('reports bad lines with their positions and keeps the good ones', () => {
    const lines = ['{"id": 1}', '{"id": "abc"}', 'not json', '[1]', '{"ts": "yesterday"}', '{"id": 1.5}', '{"id": 3}'];
    const { delta, problems } = new JsonDecoder(schema).decode(lines, { file: 'in.jsonl', line: 10 });
    expect(deltaRows(delta).map((r) => r.values[0])).toEqual([1n, 3n]);
    expect(problems.map((p) => p.position)).toEqual(['in.jsonl:11', 'in.jsonl:12', 'in.jsonl:13', 'in.jsonl:14', 'in.jsonl:15']);
    expect(problems[0]!.message).toBe("column 'id': 'abc' is not a valid BIGINT");
    expect(problems[0]!.code).toBe('bad-input-row');
    expect(problems[1]!.message).toMatch(/^not valid JSON/);
  });

  it('keeps exact BIGINT digits when the key is escaped or repeated', () => {
    const { delta } = new JsonDecoder(schema).decode(['{"n":{"id":1},"\\u0069d": 123456789012345678, "x":[1,"}"]}'], { file: 'f', line: 1 });
    expect(deltaRows(delta)[0]!.values[0]).toBe(123456789012345678n);
  });
});
