import { describe, expect, it } from 'vitest';
import { field, schemaOf, T } from '@sluice/sql';
import { deltaRows } from '../delta.js';
import { datagenSourceConnector, DatagenSourceReader } from './datagen-source.js';
import { sourceContext } from './test-context.js';

const schema = schemaOf([
  field('id', T.bigint), field('price', T.int), field('channel', T.varchar), field('code', T.varchar), field('ts', T.timestamp), field('score', T.double),
]);
const options = {
  connector: 'datagen',
  'fields.id.kind': 'sequence', 'fields.id.start': '100',
  'fields.price.min': '1', 'fields.price.max': '5',
  'fields.channel.values': 'web,app,api',
  'fields.code.length': '4',
  'fields.ts.kind': 'event_time', 'fields.ts.start': '2024-01-01 00:00:00', 'fields.ts.max_past': '2s',
  'datagen.rows': '1000', 'datagen.seed': '42',
};

async function readAll(reader: DatagenSourceReader, maxRows: number): Promise<unknown[][]> {
  const rows: unknown[][] = [];
  for (let b = await reader.poll(maxRows); b; b = await reader.poll(maxRows)) for (const r of deltaRows(b.delta)) rows.push(r.values);
  return rows;
}

describe('datagen source', () => {
  it('is bounded by a row count and reproducible with a seed, whatever the poll sizes', async () => {
    const ctx = sourceContext(schema, options);
    datagenSourceConnector.validate(ctx);
    expect(datagenSourceConnector.isBounded(options)).toBe(true);
    const a = new DatagenSourceReader(ctx);
    await a.open();
    const rowsA = await readAll(a, 128);
    expect(a.ended).toBe(true);
    const b = new DatagenSourceReader(sourceContext(schema, options));
    await b.open();
    const rowsB = await readAll(b, 1000);
    expect(rowsA).toHaveLength(1000);
    expect(rowsA).toEqual(rowsB);

    expect(rowsA.map((r) => r[0])).toEqual(Array.from({ length: 1000 }, (_, i) => BigInt(100 + i)));
    const prices = new Set(rowsA.map((r) => r[1]));
    expect([...prices].sort()).toEqual([1, 2, 3, 4, 5]);
    expect(new Set(rowsA.map((r) => r[2]))).toEqual(new Set(['web', 'app', 'api']));
    expect(rowsA.every((r) => /^[a-zA-Z0-9]{4}$/.test(r[3] as string))).toBe(true);
    const start = Date.UTC(2024, 0, 1) * 1000;
    rowsA.forEach((r, i) => {
      const nominal = start + i * 100_000; // 10 rows per second
      expect(r[4] as number).toBeLessThanOrEqual(nominal);
      expect(r[4] as number).toBeGreaterThan(nominal - 2_000_000);
    });
    expect(rowsA.every((r) => (r[5] as number) >= 0 && (r[5] as number) < 32_767)).toBe(true);
    const other = new DatagenSourceReader(sourceContext(schema, { ...options, 'datagen.seed': '43' }));
    await other.open();
    expect(await readAll(other, 1000)).not.toEqual(rowsA);
  });

  it('ends when a sequence passes its end and resumes from an offset', async () => {
    const s = schemaOf([field('n', T.int)]);
    const opts = { 'fields.n.kind': 'sequence', 'fields.n.start': '1', 'fields.n.end': '10', 'datagen.rows.per.second': '1000000' };
    expect(datagenSourceConnector.isBounded(opts)).toBe(true);
    const reader = new DatagenSourceReader(sourceContext(s, opts));
    await reader.open();
    await new Promise((r) => setTimeout(r, 5));
    const first = await reader.poll(4);
    expect(first!.offset).toEqual({ rows: 4 });
    const resumed = new DatagenSourceReader(sourceContext(s, opts));
    await resumed.open();
    await resumed.seek(first!.offset);
    await new Promise((r) => setTimeout(r, 5));
    expect((await readAll(resumed, 100)).map((r) => r[0])).toEqual([5, 6, 7, 8, 9, 10]);
    expect(resumed.ended).toBe(true);
  });

  it('releases rows at the configured rate, with processing time by default', async () => {
    const s = schemaOf([field('v', T.int), field('at', T.timestamp)]);
    const reader = new DatagenSourceReader(sourceContext(s, { 'datagen.rows.per.second': '100' }));
    expect(datagenSourceConnector.isBounded({})).toBe(false);
    await reader.open();
    expect(await reader.poll(1000)).toBeNull();
    await new Promise((r) => setTimeout(r, 120));
    const batch = await reader.poll(1000);
    expect(batch!.delta.length).toBeGreaterThanOrEqual(10);
    expect(batch!.delta.length).toBeLessThan(40);
    expect(Math.abs((deltaRows(batch!.delta)[0]!.values[1] as number) - Date.now() * 1000)).toBeLessThan(5_000_000);
  });

  it('rejects bad field options with the option name', () => {
    const s = schemaOf([field('price', T.int), field('ts', T.timestamp)]);
    expect(() => datagenSourceConnector.validate(sourceContext(s, { 'fields.prize.min': '1' }))).toThrow(
      expect.objectContaining({ code: 'invalid-option', message: expect.stringContaining('fields.prize.min'), options: { hint: 'did you mean fields.price.min?' } }),
    );
    expect(() => datagenSourceConnector.validate(sourceContext(s, { 'fields.price.kind': 'zipf' }))).toThrow(/fields.price.kind/);
    expect(() => datagenSourceConnector.validate(sourceContext(s, { 'fields.price.values': '1,x' }))).toThrow(/'x' is not a valid INT/);
    expect(() => datagenSourceConnector.validate(sourceContext(s, { 'fields.price.kind': 'event_time' }))).toThrow(/needs a TIMESTAMP/);
    expect(() => datagenSourceConnector.validate(sourceContext(s, { 'datagen.rows': '-1' }))).toThrow(/datagen.rows/);
  });
});
