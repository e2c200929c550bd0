/**
 * The cost of a micro-batch with nothing to do: views over an empty table, FLUSHed many
 * times; each flush runs one batch, whose processing time SHOW PIPELINES reports.
 */
import { Sluice } from '@sluice/engine';

/** The median processing time of an empty batch, ms. */
export async function emptyBatchMs(rounds = 300): Promise<number | null> {
  const engine = await Sluice.open({ batchIntervalMs: 60_000 });
  try {
    await engine.executeScript(`
      CREATE TABLE bid (auction BIGINT, bidder BIGINT, price BIGINT, date_time TIMESTAMP,
        WATERMARK FOR date_time AS date_time - INTERVAL '4' SECOND);
      CREATE MATERIALIZED VIEW q1 AS SELECT auction, bidder, 0.908 * price AS price, date_time FROM bid;
      CREATE MATERIALIZED VIEW q7 AS SELECT max(price) AS maxprice, window_end FROM TUMBLE(bid, date_time, INTERVAL '10' SECOND) GROUP BY window_end;`);
    const samples: number[] = [];
    for (let i = 0; i < rounds; i++) {
      await engine.flush();
      const [show] = await engine.executeScript('SHOW PIPELINES;');
      if (show?.kind !== 'rows') return null;
      const column = show.columns.findIndex((c) => c.name === 'processing_ms');
      for (const row of show.rows) samples.push(Number(row[column]));
    }
    samples.sort((a, b) => a - b);
    return samples[Math.floor(samples.length / 2)] ?? null;
  } finally {
    await engine.close();
  }
}
