import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { field, schemaOf, T, type SqlValue } from '@sluice/sql';
import { deltaFromRows, deltaRows, type Delta, type Op } from '../delta.js';
import { EngineError } from '../errors.js';
import { RowStore } from './row-store.js';
import { TableLog } from './table-log.js';

const schema = schemaOf([field('id', T.int), field('amount', T.bigint), field('ts', T.timestamp)]);

let folder: string;
let notices: string[];
beforeEach(async () => {
  folder = join(await mkdtemp(join(tmpdir(), 'sluice-table-log-')), 'ingest', 't');
  notices = [];
});
afterEach(async () => {
  await rm(join(folder, '..', '..'), { recursive: true, force: true });
});

function tableLog(readersHave: () => number, compactionBytes = 1): TableLog {
  return new TableLog(folder, { table: 't', compactionBytes: () => compactionBytes, readersHave, notice: (m) => notices.push(m) });
}

/** Change `i`: upserts key i % 7 (amount i, event time i s), and every fifth change deletes key (i + 3) % 7. */
function change(i: number): Delta {
  const rows: SqlValue[][] = [[i % 7, BigInt(i), i * 1_000_000]];
  const ops: Op[] = [1];
  if (i % 5 === 0) {
    rows.push([(i + 3) % 7, 0n, 0]);
    ops.push(-1);
  }
  return deltaFromRows(schema, rows, ops);
}

/** Logs and applies changes `from`..`to` as a table does. */
async function applyChanges(log: TableLog, store: RowStore, from: number, to: number): Promise<void> {
  for (let seq = from; seq <= to; seq++) {
    const delta = change(seq);
    await log.append(seq, delta);
    store.apply(delta);
    await log.afterChange(seq, store, seq * 1_000_000);
  }
}

const sorted = (store: RowStore): SqlValue[][] => store.snapshotRows().sort((a, b) => Number(a[0]) - Number(b[0]));

async function files(): Promise<{ log: number[]; snapshots: number[] }> {
  const names = await readdir(folder);
  return {
    log: names.filter((n) => /^\d+\.arrow$/.test(n)).map((n) => Number(n.slice(0, 10))).sort((a, b) => a - b),
    snapshots: names.filter((n) => /^snapshot-\d+\.json$/.test(n)).map((n) => Number(n.slice(9, 19))).sort((a, b) => a - b),
  };
}

describe('TableLog', () => {
  it('with no reader, keeps two snapshots and the changes after the older one, and restores the same rows', async () => {
    const store = new RowStore(schema, [0]);
    await applyChanges(tableLog(() => Infinity), store, 1, 60);
    const { log, snapshots } = await files();
    expect(snapshots).toHaveLength(2);
    expect(log[0]).toBe(snapshots[0]! + 1);
    expect(log[log.length - 1]).toBe(60);

    const restored = new RowStore(schema, [0]);
    const result = await tableLog(() => Infinity).restore(schema, restored, 2);
    expect(sorted(restored)).toEqual(sorted(store));
    expect(result.lastSeq).toBe(60);
    expect(result.baseSeq).toBe(snapshots[0]);
    expect(result.maxEventTimeUs).toBe(60_000_000);
    expect(result.batches.map((b) => b.batchId)).toEqual(log);
  });

  it('keeps every change a reader may go back to, and hands them out at restore as the table applied them', async () => {
    const store = new RowStore(schema, [0]);
    const effective = new Map<number, Delta>();
    const log = tableLog(() => 25);
    for (let seq = 1; seq <= 80; seq++) {
      const delta = change(seq);
      await log.append(seq, delta);
      effective.set(seq, store.apply(delta));
      await log.afterChange(seq, store, seq * 1_000_000);
    }
    const { log: logged, snapshots } = await files();
    expect(logged[0]).toBeLessThanOrEqual(26);
    // one snapshot past what the reader has waits; no more are written meanwhile
    expect(snapshots.filter((s) => s > 25)).toHaveLength(1);

    const restored = new RowStore(schema, [0]);
    const result = await tableLog(() => 25).restore(schema, restored, 2);
    expect(sorted(restored)).toEqual(sorted(store));
    expect(result.baseSeq).toBeLessThanOrEqual(25);
    for (const batch of result.batches.filter((b) => b.batchId > 25)) {
      expect(deltaRows(batch.deltas[0]!)).toEqual(deltaRows(effective.get(batch.batchId)!));
    }
    expect(result.batches.filter((b) => b.batchId > 25)).toHaveLength(55);
  });

  it('writes a snapshot only once the changes since the last one are as large as it', async () => {
    const store = new RowStore(schema, [0]);
    // distinct keys: the table and its snapshots grow with every change
    const log = tableLog(() => Infinity, 1);
    const snapshotBytes = new Map<number, number>();
    let loggedBytes = 0;
    for (let seq = 1; seq <= 200; seq++) {
      const delta = deltaFromRows(schema, [[seq, BigInt(seq), seq]]);
      await log.append(seq, delta);
      loggedBytes += (await stat(join(folder, `${String(seq).padStart(10, '0')}.arrow`))).size;
      store.apply(delta);
      await log.afterChange(seq, store, seq);
      for (const s of (await files()).snapshots) {
        if (!snapshotBytes.has(s)) snapshotBytes.set(s, (await stat(join(folder, `snapshot-${String(s).padStart(10, '0')}.arrow`))).size);
      }
    }
    const written = [...snapshotBytes.values()].reduce((a, b) => a + b, 0);
    expect(snapshotBytes.size).toBeGreaterThan(2);
    expect(snapshotBytes.size).toBeLessThan(100);
    // rewriting the table costs at most about what was logged
    expect(written).toBeLessThan(2 * loggedBytes);
    const { snapshots } = await files();
    expect(snapshots).toHaveLength(2);
  });

  it('falls back to the next snapshot when one is damaged, with a notice naming it', async () => {
    const store = new RowStore(schema, [0]);
    await applyChanges(tableLog(() => Infinity), store, 1, 40);
    const { snapshots } = await files();
    const damaged = join(folder, `snapshot-${String(snapshots[0]).padStart(10, '0')}.arrow`);
    const bytes = await readFile(damaged);
    bytes[bytes.length - 20] ^= 0xff;
    await writeFile(damaged, bytes);

    const restored = new RowStore(schema, [0]);
    const result = await tableLog(() => Infinity).restore(schema, restored, 2);
    expect(sorted(restored)).toEqual(sorted(store));
    expect(result.baseSeq).toBe(snapshots[1]);
    expect(notices.join('\n')).toContain(`${damaged}: checksum mismatch`);
  });

  it('ignores a snapshot whose manifest was never written (a crash while writing it), and replays the log', async () => {
    const store = new RowStore(schema, [0]);
    await applyChanges(tableLog(() => Infinity, Infinity), store, 1, 10);
    await writeFile(join(folder, 'snapshot-0000000010.arrow'), 'torn');
    const restored = new RowStore(schema, [0]);
    const result = await tableLog(() => Infinity).restore(schema, restored, 2);
    expect(sorted(restored)).toEqual(sorted(store));
    expect(result.baseSeq).toBe(0);
    expect((await readdir(folder)).filter((n) => n.startsWith('snapshot-'))).toEqual([]);
  });

  it('after a crash between removing log files and removing older snapshots, restores from the snapshot the log follows', async () => {
    const store = new RowStore(schema, [0]);
    await applyChanges(tableLog(() => Infinity), store, 1, 60);
    const { log, snapshots } = await files();
    // an older snapshot left behind, and the first logged change after it already removed
    const name = (seq: number): string => join(folder, `snapshot-${String(seq).padStart(10, '0')}`);
    const older = snapshots[0]! - 3;
    const manifest = JSON.parse(await readFile(`${name(snapshots[0]!)}.json`, 'utf8')) as { seq: number };
    await writeFile(`${name(older)}.arrow`, await readFile(`${name(snapshots[0]!)}.arrow`));
    await writeFile(`${name(older)}.json`, JSON.stringify({ ...manifest, seq: older }));

    const restored = new RowStore(schema, [0]);
    const result = await tableLog(() => Infinity).restore(schema, restored, 2);
    expect(sorted(restored)).toEqual(sorted(store));
    expect(result.baseSeq).toBe(snapshots[0]);
    expect(result.batches[0]!.batchId).toBe(log[0]);
  });

  it('stops with ingest-log-corrupt when no usable snapshot precedes the log', async () => {
    const store = new RowStore(schema, [0]);
    await applyChanges(tableLog(() => Infinity), store, 1, 40);
    for (const seq of (await files()).snapshots) await writeFile(join(folder, `snapshot-${String(seq).padStart(10, '0')}.arrow`), 'damaged');
    const error = await tableLog(() => Infinity).restore(schema, new RowStore(schema, [0]), 2).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect((error as EngineError).code).toBe('ingest-log-corrupt');
    expect((error as EngineError).message).toMatch(/snapshot-\d+\.arrow: \d+ bytes, expected/);
  });

  it('keeps a change a follower failed to take until a restart', async () => {
    const store = new RowStore(schema, [0]);
    const log = tableLog(() => Infinity);
    await applyChanges(log, store, 1, 5);
    log.hold(6);
    await applyChanges(log, store, 6, 40);
    const { log: logged } = await files();
    expect(logged[0]).toBeLessThanOrEqual(6);
  });
});
