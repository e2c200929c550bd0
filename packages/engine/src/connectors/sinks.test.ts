import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { field, schemaOf, T } from '@sluice/sql';
import { deltaFromRows } from '../delta.js';
import { EngineError } from '../errors.js';
import { ConsoleSinkWriter } from './console-sink.js';
import { FileSinkWriter } from './file-sink.js';
import { getSinkConnector, getSourceConnector } from './registry.js';
import { sinkContext } from './test-context.js';

const schema = schemaOf([field('id', T.bigint), field('name', T.varchar), field('ts', T.timestamp)]);
const ts = Date.UTC(2024, 0, 2, 3, 4, 5) * 1000;
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sluice-file-sink-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('file sink', () => {
  it('makes a part file visible under its final name only at commit', async () => {
    const out = join(dir, 'out');
    const writer = new FileSinkWriter(sinkContext(schema, { path: out }));
    await writer.open();
    await writer.write(7, [deltaFromRows(schema, [[1n, 'a,b', ts], [2n ** 60n, null, null]])]);
    await writer.write(7, [deltaFromRows(schema, [[1n, 'a,b', ts]], [-1])]);
    expect(await readdir(out)).toEqual(['.part-0000000007.jsonl.tmp']);
    await writer.commit(7);
    expect(await readdir(out)).toEqual(['part-0000000007.jsonl']);
    expect((await readFile(join(out, 'part-0000000007.jsonl'), 'utf8')).split('\n')).toEqual([
      '{"id":1,"name":"a,b","ts":"2024-01-02 03:04:05"}',
      '{"id":"1152921504606846976","name":null,"ts":null}',
      '{"id":1,"name":"a,b","ts":"2024-01-02 03:04:05","__op":"-"}',
      '',
    ]);
    await writer.write(8, [deltaFromRows(schema, [])]);
    await writer.commit(8);
    expect(await readdir(out)).toEqual(['part-0000000007.jsonl']);
    await writer.close();
  });

  it('drops an uncommitted batch left by a crash and rewrites a replayed one', async () => {
    const crashed = new FileSinkWriter(sinkContext(schema, { path: dir }));
    await crashed.open();
    await crashed.write(3, [deltaFromRows(schema, [[1n, 'x', ts]])]);
    const restarted = new FileSinkWriter(sinkContext(schema, { path: dir }, 'csv'));
    await restarted.open();
    expect(await readdir(dir)).toEqual([]);
    await restarted.write(3, [deltaFromRows(schema, [[1n, 'say "hi"', ts], [2n, '', null]])]);
    await restarted.commit(3);
    expect(await readFile(join(dir, 'part-0000000003.csv'), 'utf8')).toBe('1,"say ""hi""",2024-01-02 03:04:05\n2,"",\n');
    await crashed.close();
  });

  it('writes ops when asked and refuses deletions in CSV without them', async () => {
    const withOps = new FileSinkWriter(sinkContext(schema, { path: dir, 'format.ops': 'true' }, 'csv'));
    await withOps.open();
    await withOps.write(1, [deltaFromRows(schema, [[1n, 'a', null], [1n, 'a', null]], [1, -1])]);
    await withOps.commit(1);
    expect(await readFile(join(dir, 'part-0000000001.csv'), 'utf8')).toBe('+,1,a,\n-,1,a,\n');
    const without = new FileSinkWriter(sinkContext(schema, { path: dir }, 'csv'));
    await expect(without.write(2, [deltaFromRows(schema, [[1n, 'a', null]], [-1])])).rejects.toMatchObject({ code: 'sink-needs-ops' });
  });
});

describe('console sink', () => {
  it('prints committed changes with an optional prefix', async () => {
    const lines: string[] = [];
    const writer = new ConsoleSinkWriter(sinkContext(schema, { prefix: 'hot>' }), (l) => lines.push(l));
    await writer.write(1, [deltaFromRows(schema, [[1n, 'a', ts]], [-1])]);
    expect(lines).toEqual([]);
    await writer.commit(1);
    expect(lines).toEqual(['hot> {"op":"-","row":{"id":1,"name":"a","ts":"2024-01-02 03:04:05"}}']);
  });
});

describe('registry', () => {
  it('finds connectors and suggests names for unknown ones', () => {
    expect(getSourceConnector('FILE').name).toBe('file');
    expect(getSinkConnector('console').name).toBe('console');
    try {
      getSourceConnector('datagne');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(EngineError);
      expect((e as EngineError).code).toBe('unknown-connector');
      expect((e as EngineError).describe()).toMatch(/did you mean 'datagen'\? known source connectors: .*\bdatagen\b.*\bfile\b.*\bsocket\b/);
    }
  });
});
