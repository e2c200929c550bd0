import { describe, expect, it } from 'vitest';
import { Sluice } from '../../sluice.js';

const stateNotices = (notices: readonly string[]): string[] => notices.filter((n) => n.startsWith('unbounded state')).map((n) => n.slice(0, n.indexOf(', so ')));

describe('unbounded state notices', () => {
  it('come with views and sinks over unbounded sources, not with snapshot reads', async () => {
    const engine = await Sluice.open({ batchIntervalMs: 10 });
    try {
      const results = await engine.executeScript(`
        CREATE SOURCE bids (auction BIGINT, price BIGINT, at TIMESTAMP, WATERMARK FOR at AS at - INTERVAL '1' SECOND)
          WITH (connector = 'datagen', datagen.rows.per.second = '1');
        CREATE TABLE events (k INT, v INT) APPEND ONLY;
        CREATE MATERIALIZED VIEW per_auction AS SELECT auction, count(*) AS n FROM bids GROUP BY auction;
        CREATE MATERIALIZED VIEW per_window AS SELECT window_start, auction, count(*) AS n
          FROM TUMBLE(bids, at, INTERVAL '1' SECOND) GROUP BY window_start, auction EMIT ON WINDOW CLOSE;
        CREATE SINK distinct_out AS SELECT DISTINCT k FROM events WITH (connector = 'console');
        SELECT k, count(*) FROM events GROUP BY k;`);
      expect(results.map((r) => stateNotices(r.notices))).toEqual([
        [], [],
        ["unbounded state: GROUP BY over source 'bids' keeps a group for every distinct key it ever sees"],
        [],
        ["unbounded state: DISTINCT over table 'events' keeps every distinct row it ever sees"],
        [],
      ]);
    } finally {
      await engine.close();
    }
  });
});
