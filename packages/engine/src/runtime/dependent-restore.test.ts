/**
 * A view over a view whose checkpoint lags its upstream's: at open, pipelines start one after
 * another, and the upstream's first batch (which checkpoints and prunes) may run while the
 * dependent is still reading its checkpoint. The upstream must keep the output files the
 * dependent will ask for, although the dependent has not said yet where it stands.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Sluice } from '../sluice.js';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'sluice-dependent-restore-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('restoring a view over a view', () => {
  it('finds the upstream batches after its checkpoint although the upstream checkpointed first', async () => {
    const first = await Sluice.open({ dataDir, batchIntervalMs: 60_000 });
    // One insert per batch. `u` checkpoints at its batches 1, 4, ..., 31 (a base of its rows
    // at 1 and 31); `d`, created one batch later, at u's batches 2, 5, ..., 29: closed after
    // u's batch 31, d restores at 29. At open (checkpoint_interval back to 1) u's first batch
    // checkpoints and may prune its outputs through min(31 - 1, base 31) = 30, which d needs.
    await first.executeScript('SET checkpoint_interval = 3; CREATE TABLE t (k BIGINT); CREATE MATERIALIZED VIEW u AS SELECT k FROM t; INSERT INTO t VALUES (0); FLUSH;');
    await first.executeScript('CREATE MATERIALIZED VIEW d AS SELECT count(*) AS n FROM u;');
    for (let i = 1; i <= 29; i++) await first.executeScript(`INSERT INTO t VALUES (${i}); FLUSH;`);
    await first.close();

    const notices: string[] = [];
    const second = await Sluice.open({ dataDir, batchIntervalMs: 60_000, onNotice: (n) => notices.push(n) });
    try {
      await second.flush();
      expect(notices).toEqual([]);
      expect(await second.query('SELECT n FROM d')).toEqual([{ n: 30 }]);
      await second.executeScript('INSERT INTO t VALUES (30); FLUSH;');
      expect(await second.query('SELECT n FROM d')).toEqual([{ n: 31 }]);
    } finally {
      await second.close();
    }
  });
});
