import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Sluice } from '../sluice.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sluice-compaction-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A small seeded generator (LCG), so both runs see the same statements. */
function random(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return Math.floor(state / 65536) % n; // the low bits of an LCG cycle quickly
  };
}

/** `count` INSERT/UPDATE/DELETE statements on 20 keys: keys are overwritten again and again. */
function statements(count: number): string[] {
  const next = random(7);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const id = next(20);
    const kind = next(10);
    if (kind < 6) out.push(`INSERT INTO accounts VALUES (${id}, ${id % 4}, ${next(100)})`);
    else if (kind < 8) out.push(`UPDATE accounts SET amount = amount + ${next(50)}, grp = ${next(4)} WHERE id = ${id}`);
    else out.push(`DELETE FROM accounts WHERE id = ${id}`);
  }
  return out;
}

/** Bytes and files of a folder's logged changes (not its snapshots). */
async function logSize(folder: string): Promise<{ files: number; bytes: number }> {
  let files = 0;
  let bytes = 0;
  for (const name of await readdir(folder)) {
    if (!/^\d+\.arrow$/.test(name)) continue;
    files++;
    bytes += (await stat(join(folder, name))).size;
  }
  return { files, bytes };
}

async function sinkLines(folder: string): Promise<string[]> {
  const lines: string[] = [];
  for (const name of (await readdir(folder)).filter((n) => n.startsWith('part-'))) {
    lines.push(...(await readFile(join(folder, name), 'utf8')).split('\n').filter((l) => l !== ''));
  }
  return lines.sort();
}

const DDL = (sinkPath: string): string => `
  CREATE TABLE accounts (id INT PRIMARY KEY, grp INT, amount BIGINT);
  CREATE MATERIALIZED VIEW per_grp AS SELECT grp, count(*) AS n, sum(amount) AS total FROM accounts GROUP BY grp;
  CREATE MATERIALIZED VIEW rich AS SELECT count(*) AS groups FROM per_grp WHERE total > 100;
  CREATE SINK changes FROM accounts WITH (connector = 'file', path = '${sinkPath}');`;

describe('compaction of a table\'s ingest log', () => {
  it('a keyed table changed many times, restarted in between, ends as an uninterrupted run, with a bounded log', async () => {
    const work = statements(300);
    const runOnce = async (name: string, restartEvery: number): Promise<{ state: unknown[]; sink: string[]; maxLog: { files: number; bytes: number } }> => {
      const dataDir = join(dir, name);
      const sinkPath = join(dir, `${name}-sink`);
      const open = async (): Promise<Sluice> => {
        const engine = await Sluice.open({ dataDir, batchIntervalMs: 5 });
        await engine.executeScript("SET ingest_log_compaction_size = '2KB'");
        return engine;
      };
      let engine = await open();
      const maxLog = { files: 0, bytes: 0 };
      try {
        await engine.executeScript(DDL(sinkPath));
        for (let i = 0; i < work.length; i++) {
          // no FLUSH before closing: the views restart behind the table and catch up from its log
          if (i > 0 && i % restartEvery === 0) {
            await engine.close();
            engine = await open();
          }
          await engine.executeScript(work[i]!);
          if (i % 10 === 9) {
            const size = await logSize(join(dataDir, 'ingest', 'accounts'));
            maxLog.files = Math.max(maxLog.files, size.files);
            maxLog.bytes = Math.max(maxLog.bytes, size.bytes);
          }
        }
        await engine.flush();
        const state = [
          await engine.query('SELECT * FROM accounts ORDER BY id'),
          await engine.query('SELECT * FROM per_grp ORDER BY grp'),
          await engine.query('SELECT * FROM rich'),
        ];
        return { state, sink: await sinkLines(sinkPath), maxLog };
      } finally {
        await engine.close();
      }
    };
    const uninterrupted = await runOnce('once', Infinity);
    const restarted = await runOnce('restarted', 37);
    expect(restarted.state).toEqual(uninterrupted.state);
    expect(restarted.sink).toEqual(uninterrupted.sink);
    expect((uninterrupted.state[0] as unknown[]).length).toBeGreaterThan(5);
    // 300 changes (about 190 KB) were logged; the log kept two rounds of compaction and what
    // the views lagged behind (about 40 files here, the same after 900 changes)
    for (const { maxLog } of [uninterrupted, restarted]) {
      expect(maxLog.files).toBeLessThan(100);
      expect(maxLog.bytes).toBeLessThan(64 * 1024);
    }
    const folder = await readdir(join(dir, 'restarted', 'ingest', 'accounts'));
    expect(folder.filter((n) => /^snapshot-\d+\.json$/.test(n)).length).toBeGreaterThan(0);
  }, 120_000);

  it('a push source\'s ingest log keeps only what the checkpoints of its pipeline may go back to', async () => {
    const dataDir = join(dir, 'push');
    const engine = await Sluice.open({ dataDir, batchIntervalMs: 5 });
    try {
      await engine.executeScript(`
        CREATE SOURCE events (k INT) WITH (connector = 'push');
        CREATE MATERIALIZED VIEW counts AS SELECT k, count(*) AS n FROM events GROUP BY k;`);
      for (let i = 0; i < 100; i++) {
        await engine.push('events', [{ k: i % 3 }]);
        await engine.flush();
      }
      expect(await engine.query('SELECT * FROM counts ORDER BY k')).toEqual([{ k: 0, n: 34 }, { k: 1, n: 33 }, { k: 2, n: 33 }]);
      const size = await logSize(join(dataDir, 'ingest', 'events@counts'));
      expect(size.files).toBeLessThanOrEqual(3);
    } finally {
      await engine.close();
    }
  });
});
