import { describe, expect, test } from 'vitest';
import { bindSql, testCatalog } from './test-catalog.js';

/** The state notices of a query bound as a materialized view would be, shortened to their first clause. */
const notices = (sql: string, eowc = false): string[] =>
  bindSql(sql, testCatalog(), { materialized: true, emitOnWindowClose: eowc }).notices
    .filter((n) => n.startsWith('unbounded state'))
    .map((n) => n.slice(0, n.indexOf(', so ')));

describe('unbounded state notices', () => {
  test('a GROUP BY over a source warns and names the remedy', () => {
    const [notice] = bindSql('SELECT auction, count(*) FROM bids GROUP BY auction', testCatalog(), { materialized: true }).notices;
    expect(notice).toMatchInlineSnapshot(`"unbounded state: GROUP BY over source 'bids' keeps a group for every distinct key it ever sees, so its state grows without bound; to let it forget old state, group or partition by window_start or window_end of a TUMBLE, HOP or SESSION window over a column with a WATERMARK, and add EMIT ON WINDOW CLOSE to emit each window once when it closes (e.g. GROUP BY window_start, window_end, k over TUMBLE(t, ts, INTERVAL '1' MINUTE)); SET state_memory_limit stops the query before it exhausts memory"`);
  });

  test('DISTINCT, set operations, top-N per partition and OVER windows over a source warn', () => {
    expect(notices('SELECT DISTINCT channel FROM bids')).toEqual(["unbounded state: DISTINCT over source 'bids' keeps every distinct row it ever sees"]);
    expect(notices('SELECT auction FROM bids UNION SELECT id FROM users')).toEqual(["unbounded state: DISTINCT over source 'bids' keeps every distinct row it ever sees"]);
    expect(notices('SELECT * FROM (SELECT auction, price, row_number() OVER (PARTITION BY auction ORDER BY price DESC) AS rn FROM bids) WHERE rn <= 3'))
      .toEqual(["unbounded state: top-N over source 'bids' keeps the top rows of every partition it ever sees (every row, when its input retracts)"]);
    expect(notices('SELECT auction, sum(price) OVER (PARTITION BY auction ORDER BY date_time) FROM bids'))
      .toEqual(["unbounded state: the window function (OVER) over source 'bids' keeps every row of every partition it ever sees"]);
    expect(notices('SELECT count(DISTINCT bidder), string_agg(channel, \',\') FROM bids'))
      .toEqual(["unbounded state: the aggregate over source 'bids' keeps every value it ever sees (DISTINCT, string_agg, array_agg, or min/max over retractions)"]);
  });

  test('state that stays bounded does not warn', () => {
    // windows over a watermarked column are evicted when they close, with either emit mode
    expect(notices("SELECT window_start, auction, count(*) FROM TUMBLE(bids, date_time, INTERVAL '10' SECOND) GROUP BY window_start, auction", true)).toEqual([]);
    expect(notices("SELECT window_end, auction, count(*) FROM HOP(bids, date_time, INTERVAL '1' SECOND, INTERVAL '10' SECOND) GROUP BY window_end, auction")).toEqual([]);
    expect(notices(`SELECT * FROM (SELECT window_start, auction, row_number() OVER (PARTITION BY window_start ORDER BY price DESC) AS rn
      FROM TUMBLE(bids, date_time, INTERVAL '10' SECOND)) WHERE rn <= 3`)).toEqual([]);
    // one global group, a global top-N over an append-only stream
    expect(notices('SELECT count(*), max(price), avg(price) FROM bids')).toEqual([]);
    expect(notices('SELECT * FROM bids ORDER BY price DESC LIMIT 5')).toEqual([]);
    expect(notices('SELECT * FROM (SELECT price, row_number() OVER (ORDER BY price DESC) AS rn FROM bids) WHERE rn <= 3')).toEqual([]);
    // tables and bounded sources: the state is no larger than what the table holds
    expect(notices('SELECT city, count(*) FROM users GROUP BY city')).toEqual([]);
    expect(notices('SELECT DISTINCT line FROM lines')).toEqual([]);
  });

  test('a window without a watermark does not close, so it warns', () => {
    expect(notices("SELECT window_start, count(*) FROM TUMBLE(ticks, ts, INTERVAL '1' MINUTE) GROUP BY window_start"))
      .toEqual(["unbounded state: GROUP BY over source 'ticks' keeps a group for every distinct key it ever sees"]);
  });

  test('one notice per stateful operator, each naming what it reads', () => {
    expect(notices(`SELECT channel, count(*) FROM (SELECT DISTINCT channel, auction FROM bids) GROUP BY channel`)).toEqual([
      "unbounded state: GROUP BY over source 'bids' keeps a group for every distinct key it ever sees",
      "unbounded state: DISTINCT over source 'bids' keeps every distinct row it ever sees",
    ]);
  });
});
