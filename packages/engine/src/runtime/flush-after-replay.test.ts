/**
 * FLUSH right after a restart whose pipeline has logged batches to replay: it must wait for
 * the rows that arrived after those batches too, not settle at the last replayed batch.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Sluice } from '../sluice.js';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'sluice-flush-replay-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('FLUSH after a restore that replays logged batches', () => {
  it('waits for the changes that came after the replayed batches', async () => {
    const first = await Sluice.open({ dataDir, batchIntervalMs: 60_000 });
    // checkpoint only at the first batch: the second is logged and replayed after the restart
    await first.executeScript('SET checkpoint_interval = 10; CREATE TABLE t (k BIGINT); CREATE MATERIALIZED VIEW v AS SELECT count(*) AS n FROM t;');
    await first.executeScript('INSERT INTO t VALUES (1); FLUSH; INSERT INTO t VALUES (2); FLUSH;');
    // closed before the view read this one: after the restart it follows the replay
    await first.executeScript('INSERT INTO t VALUES (3);');
    await first.close();

    const second = await Sluice.open({ dataDir, batchIntervalMs: 60_000 });
    try {
      await second.flush();
      expect(await second.query('SELECT n FROM v')).toEqual([{ n: 3 }]);
    } finally {
      await second.close();
    }
  });
});
