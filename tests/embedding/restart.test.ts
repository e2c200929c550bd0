import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Sluice, type FunctionDefinition, type RowChange } from '@sluice/engine';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'sluice-embedding-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const countChar: FunctionDefinition = {
  name: 'count_char', fn: (s: string, c: string) => [...s].filter((x) => x === c).length, args: ['VARCHAR', 'VARCHAR'], returns: 'BIGINT',
};
const total: FunctionDefinition = {
  kind: 'aggregate', name: 'total', args: ['BIGINT'], returns: 'BIGINT',
  init: () => ({ sum: 0n }),
  add: (s: { sum: bigint }, x: bigint) => ({ sum: s.sum + x }),
  retract: (s: { sum: bigint }, x: bigint) => ({ sum: s.sum - x }),
  result: (s: { sum: bigint }) => s.sum,
  bigint: true,
};

describe('restarts', () => {
  it('a view using a UDF and a UDAF continues after reopening with { functions }', async () => {
    const first = await Sluice.open({ dataDir, functions: [countChar, total], batchIntervalMs: 10 });
    await first.sql('CREATE TABLE bids (id BIGINT PRIMARY KEY, channel VARCHAR, price BIGINT)');
    await first.sql("CREATE MATERIALIZED VIEW q AS SELECT count_char(channel, 'a') AS a_count, total(price) AS t FROM bids GROUP BY count_char(channel, 'a')");
    await first.insert('bids', [{ id: 1, channel: 'banana', price: 10 }, { id: 2, channel: 'apple', price: 9007199254740993n }]);
    await first.flush();
    await first.close();

    const notices: string[] = [];
    const second = await Sluice.open({ dataDir, functions: [countChar, total], onNotice: (m) => notices.push(m), batchIntervalMs: 10 });
    try {
      expect(notices).toEqual([]);
      expect(await second.query('SELECT * FROM q ORDER BY a_count', { bigint: true })).toEqual([
        { a_count: 1n, t: 9007199254740993n }, { a_count: 3n, t: 10n },
      ]);
      // state restored from the checkpoint: the retraction of bid 1 subtracts from the stored sum
      await second.insert('bids', [{ id: 1, channel: 'banana', price: 15 }, { id: 3, channel: 'java', price: 1 }]);
      await second.flush();
      expect(await second.query('SELECT * FROM q ORDER BY a_count')).toEqual([
        { a_count: 1, t: 9007199254740993n }, { a_count: 2, t: 1 }, { a_count: 3, t: 15 },
      ]);
    } finally {
      await second.close();
    }
  });

  it('without the function, the view is not restored and the notice names function-not-found', async () => {
    const first = await Sluice.open({ dataDir, functions: [countChar] });
    await first.sql('CREATE TABLE t (s VARCHAR)');
    await first.sql("CREATE MATERIALIZED VIEW v AS SELECT count_char(s, 'x') AS n FROM t");
    await first.close();

    const notices: string[] = [];
    const second = await Sluice.open({ dataDir, onNotice: (m) => notices.push(m) });
    try {
      expect(notices.join('\n')).toMatch(/could not restore materialized view "v": function-not-found: function count_char does not exist/);
      await expect(second.query('SELECT * FROM v')).rejects.toMatchObject({ code: 'table-not-found' });
    } finally {
      await second.close();
    }
    // registered again: the next open restores it
    const third = await Sluice.open({ dataDir, functions: [countChar] });
    try {
      await third.insert('t', [{ s: 'xox' }]);
      await third.flush();
      expect(await third.query('SELECT * FROM v')).toEqual([{ n: 2 }]);
    } finally {
      await third.close();
    }
  });
});

describe('callback sinks', () => {
  it('deliver each committed batch once, with its id and changes', async () => {
    const batches: { batchId: number; changes: readonly RowChange[] }[] = [];
    const engine = await Sluice.open({ batchIntervalMs: 10 });
    try {
      engine.registerCallback('collect', (batchId, changes) => {
        batches.push({ batchId, changes });
      });
      await engine.sql('CREATE TABLE t (k VARCHAR PRIMARY KEY, v BIGINT)');
      await engine.sql('CREATE MATERIALIZED VIEW s AS SELECT k, v FROM t');
      await engine.insert('t', [{ k: 'a', v: 1 }]);
      await engine.flush();
      await engine.sql("CREATE SINK out FROM s WITH (connector = 'callback', callback = 'collect')");
      await engine.insert('t', [{ k: 'a', v: 2 }]);
      await engine.flush();
      expect(batches.map((b) => b.changes)).toEqual([
        [{ op: '+', row: { k: 'a', v: 1 } }],
        [{ op: '-', row: { k: 'a', v: 1 } }, { op: '+', row: { k: 'a', v: 2 } }],
      ]);
      const ids = batches.map((b) => b.batchId);
      expect(ids[1]).toBeGreaterThan(ids[0]!);
      await expect(engine.sql("CREATE SINK bad FROM s WITH (connector = 'callback', callback = 'nobody')")).rejects.toMatchObject({ code: 'callback-not-found' });
    } finally {
      await engine.close();
    }
  });

  it('continue with later batch ids after a restart, without delivering committed batches again', async () => {
    const seen = new Map<number, number>();
    const deliveries: number[] = [];
    const collect = (batchId: number, changes: readonly RowChange[]) => {
      deliveries.push(batchId);
      seen.set(batchId, changes.length); // idempotent by batch id
    };
    const first = await Sluice.open({ dataDir, callbacks: { collect }, batchIntervalMs: 10 });
    await first.sql("CREATE SOURCE ev (n INT) WITH (connector = 'push')");
    await first.sql("CREATE SINK out AS SELECT n * 2 AS m FROM ev WITH (connector = 'callback', callback = 'collect')");
    await first.push('ev', [{ n: 1 }, { n: 2 }]);
    await first.flush();
    await first.close();
    const firstIds = [...deliveries];
    expect(firstIds.length).toBe(1);

    const second = await Sluice.open({ dataDir, callbacks: { collect }, batchIntervalMs: 10 });
    try {
      await second.push('ev', [{ n: 3 }]);
      await second.flush();
      const later = deliveries.slice(firstIds.length);
      expect(later.length).toBe(1);
      expect(later[0]).toBeGreaterThan(firstIds[0]!);
      expect(seen.get(later[0]!)).toBe(1);
      expect(seen.get(firstIds[0]!)).toBe(2);
    } finally {
      await second.close();
    }
  });

  it('redeliver a batch whose callback failed, with the same id, after a restart', async () => {
    const attempts: number[] = [];
    const failing = (batchId: number) => {
      attempts.push(batchId);
      throw new Error('downstream is down');
    };
    const first = await Sluice.open({ dataDir, callbacks: { deliver: failing }, batchIntervalMs: 10 });
    await first.sql("CREATE SOURCE ev (n INT) WITH (connector = 'push')");
    await first.sql("CREATE SINK out AS SELECT n FROM ev WITH (connector = 'callback', callback = 'deliver')");
    await first.push('ev', [{ n: 7 }]);
    await expect(first.flush()).rejects.toMatchObject({ code: 'callback-failed' });
    await first.close();
    expect(attempts.length).toBe(1);

    const delivered: { batchId: number; changes: readonly RowChange[] }[] = [];
    const second = await Sluice.open({
      dataDir, batchIntervalMs: 10,
      callbacks: { deliver: (batchId, changes) => void delivered.push({ batchId, changes }) },
    });
    try {
      await second.flush();
      expect(delivered).toEqual([{ batchId: attempts[0], changes: [{ op: '+', row: { n: 7 } }] }]);
    } finally {
      await second.close();
    }
  });
});
