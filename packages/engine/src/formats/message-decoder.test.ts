import { describe, expect, it } from 'vitest';
import { field, schemaOf, T } from '@sluice/sql';
import { deltaRows } from '../delta.js';
import { EngineError } from '../errors.js';
import { parseJsonPath, valueAtPath } from './json-path.js';
import { createMessageDecoder, type Message } from './message-decoder.js';

const msg = (value: string | Uint8Array | null, key: string | null = null, position = 't/0@1'): Message => ({ key, value, position });
const rows = (delta: Parameters<typeof deltaRows>[0]) => deltaRows(delta).map((r) => [r.op, ...r.values]);

describe('JSON paths', () => {
  it('parses member, quoted and index steps', () => {
    expect(parseJsonPath("$.a['b c'][2].d", 'p')).toEqual(['a', 'b c', 2, 'd']);
    expect(valueAtPath({ a: { 'b c': [0, 1, { d: 7 }] } }, ['a', 'b c', 2, 'd'])).toBe(7);
    expect(valueAtPath({ a: 1 }, ['a', 'x'])).toBeUndefined();
    expect(() => parseJsonPath('a.b', 'fields.x.path')).toThrow(EngineError);
  });
});

describe('createMessageDecoder', () => {
  const schema = schemaOf([field('id', T.bigint), field('city', T.varchar)]);

  it('PLAIN JSON: nested paths, tombstones skipped, bad messages positioned at the message with their payload', () => {
    const decoder = createMessageDecoder(schema, { format: 'plain', encode: 'json' }, { 'fields.city.path': '$.address.city' });
    const { delta, problems, payloads } = decoder.decode([
      msg('{"id": 1, "city": "top", "address": {"city": "Oslo"}}'),
      msg(null),
      msg('{"id": "x"}', null, 't/0@3'),
      msg(new TextEncoder().encode('{"id": 2}')),
    ]);
    expect(rows(delta)).toEqual([[1, 1n, 'Oslo'], [1, 2n, null]]);
    expect(problems.map((p) => p.position)).toEqual(['t/0@3']);
    expect(payloads).toEqual(['{"id": "x"}']);
  });

  it('PLAIN BYTES: raw payloads into the BYTEA column', () => {
    const bytesSchema = schemaOf([field('data', T.bytea)]);
    const { delta } = createMessageDecoder(bytesSchema, { format: 'plain', encode: 'bytes' }, {}).decode([msg(new Uint8Array([0, 255]))]);
    expect(rows(delta)).toEqual([[1, new Uint8Array([0, 255])]]);
  });

  it('UPSERT JSON: values upsert, a message without a value deletes by its key', () => {
    const decoder = createMessageDecoder(schema, { format: 'upsert', encode: 'json' }, {}, [0]);
    const { delta, problems } = decoder.decode([
      msg('{"id": 1, "city": "Oslo"}', '1'),
      msg('{"city": "Rome"}', '{"id": 2}'),
      msg(null, '1'),
      msg(null, null, 't/0@9'),
    ]);
    expect(rows(delta)).toEqual([[1, 1n, 'Oslo'], [1, 2n, 'Rome'], [-1, 1n, null]]);
    expect(problems.map((p) => p.position)).toEqual(['t/0@9']);
  });

  it('UPSERT needs a primary key', () => {
    expect(() => createMessageDecoder(schema, { format: 'upsert', encode: 'json' }, {})).toThrow(/PRIMARY KEY/);
  });

  it('DEBEZIUM JSON: c/r insert, u deletes before and inserts after, d deletes; the schema envelope is unwrapped', () => {
    const decoder = createMessageDecoder(schema, { format: 'debezium', encode: 'json' }, {}, [0]);
    const event = (op: string, before: object | null, after: object | null) => JSON.stringify({ schema: {}, payload: { op, before, after } });
    const { delta, problems } = decoder.decode([
      msg(event('r', null, { id: 1, city: 'Oslo' })),
      msg(event('u', { id: 1, city: 'Oslo' }, { id: 1, city: 'Rome' })),
      msg(event('d', { id: 1, city: 'Rome' }, null)),
      msg(null),
      msg(JSON.stringify({ op: 'x' }), null, 't/0@5'),
    ]);
    expect(rows(delta)).toEqual([[1, 1n, 'Oslo'], [-1, 1n, 'Oslo'], [1, 1n, 'Rome'], [-1, 1n, 'Rome']]);
    expect(problems.map((p) => p.position)).toEqual(['t/0@5']);
  });
});
