import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { field, schemaOf, T } from '@sluice/sql';
import { deltaRows } from '../delta.js';
import { EngineError } from '../errors.js';
import { fileSourceConnector, FileSourceReader } from './file-source.js';
import { sourceContext } from './test-context.js';

const schema = schemaOf([field('id', T.bigint), field('name', T.varchar)]);
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sluice-file-source-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function drain(reader: FileSourceReader, maxRows: number): Promise<{ ids: bigint[]; polls: number }> {
  const ids: bigint[] = [];
  let polls = 0;
  for (let batch = await reader.poll(maxRows); batch; batch = await reader.poll(maxRows)) {
    polls++;
    expect(batch.delta.length).toBeLessThanOrEqual(maxRows);
    for (const r of deltaRows(batch.delta)) ids.push(r.values[0] as bigint);
  }
  return { ids, polls };
}

describe('file source over one file', () => {
  it('reads a large file in several polls of at most maxRows, then ends', async () => {
    const path = join(dir, 'events.jsonl');
    const lines = Array.from({ length: 10_000 }, (_, i) => JSON.stringify({ id: i, name: `n${i}`.repeat(5) }));
    await writeFile(path, `${lines.join('\n')}`); // no final line break: the last line still counts
    const ctx = sourceContext(schema, { connector: 'file', path });
    expect(fileSourceConnector.isBounded(ctx.options)).toBe(true);
    const reader = new FileSourceReader(ctx);
    await reader.open();
    const { ids, polls } = await drain(reader, 3_000);
    expect(polls).toBe(4);
    expect(ids).toEqual(Array.from({ length: 10_000 }, (_, i) => BigInt(i)));
    expect(reader.ended).toBe(true);
    await reader.close();
  });

  it('skips bad rows with file:line positions, or fails with on_error = fail', async () => {
    const path = join(dir, 'mixed.jsonl');
    await writeFile(path, '{"id":1}\n{"id":"x"}\r\n\n{"id":3}\n');
    const ctx = sourceContext(schema, { path });
    const reader = new FileSourceReader(ctx);
    await reader.open();
    expect((await drain(reader, 100)).ids).toEqual([1n, 3n]);
    expect(ctx.problems.map((p) => p.position)).toEqual(['mixed.jsonl:2']);
    expect(reader.errors.malformedRows).toBe(1);

    const failing = new FileSourceReader(sourceContext(schema, { path, on_error: 'fail' }));
    await failing.open();
    await expect(failing.poll(100)).rejects.toMatchObject({ code: 'bad-input-row', message: expect.stringContaining('mixed.jsonl:2') });
  });

  it('resumes from an offset and reads CSV records that span lines', async () => {
    const path = join(dir, 'people.csv');
    await writeFile(path, 'name,id\n"a\nb",1\nc,2\n"d",3\n');
    const ctx = sourceContext(schema, { path }, 'csv', { 'csv.header': 'true' });
    const reader = new FileSourceReader(ctx);
    await reader.open();
    const first = await reader.poll(2);
    expect(deltaRows(first!.delta).map((r) => r.values)).toEqual([[1n, 'a\nb']]);
    expect(first!.offset).toEqual({ file: 'people.csv', byteOffset: 16, line: 4, done: [] });
    const again = new FileSourceReader(ctx);
    await again.open();
    await again.seek(first!.offset);
    expect((await drain(again, 10)).ids).toEqual([2n, 3n]);
  });

  it('reports a missing file and invalid options', async () => {
    await expect(new FileSourceReader(sourceContext(schema, { path: join(dir, 'nope') })).open()).rejects.toMatchObject({ code: 'file-not-found' });
    expect(() => fileSourceConnector.validate(sourceContext(schema, {}))).toThrow(/option 'path': is required/);
    expect(() => fileSourceConnector.validate(sourceContext(schema, { path: 'x', on_error: 'ignore' }))).toThrow(EngineError);
    expect(() => fileSourceConnector.validate(sourceContext(schema, { path: 'x' }, 'avro'))).toThrow(/ENCODE avro/);
  });
});

describe('file source over a folder', () => {
  it('reads present files in name order, then files renamed in later, each once', async () => {
    await writeFile(join(dir, 'b.jsonl'), '{"id":2}\n');
    await writeFile(join(dir, 'a.jsonl'), '{"id":1}\n');
    await writeFile(join(dir, '_ignored.jsonl'), '{"id":99}\n');
    await writeFile(join(dir, 'notes.txt'), 'not json\n');
    const ctx = sourceContext(schema, { path: dir, pattern: '*.jsonl' });
    expect(fileSourceConnector.isBounded(ctx.options)).toBe(false);
    const reader = new FileSourceReader(ctx);
    await reader.open();
    expect((await drain(reader, 100)).ids).toEqual([1n, 2n]);

    await writeFile(join(dir, '.c.jsonl.tmp'), '{"id":3}\n{"id":4}\n');
    expect(await reader.poll(100)).toBeNull(); // a dot file is still being written
    await rename(join(dir, '.c.jsonl.tmp'), join(dir, '0-late.jsonl'));
    const batch = await reader.poll(100);
    expect(deltaRows(batch!.delta).map((r) => r.values[0])).toEqual([3n, 4n]);
    expect(batch!.offset).toMatchObject({ file: null, done: ['a.jsonl', 'b.jsonl', '0-late.jsonl'] });
    expect(await reader.poll(100)).toBeNull();
    expect(reader.ended).toBe(false);
    expect(ctx.problems).toEqual([]);
    await reader.close();
  });
});
