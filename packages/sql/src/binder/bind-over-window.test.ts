import { describe, expect, test } from 'vitest';
import { explainPlan } from '../explain/explain-plan.js';
import { optimize } from '../optimizer/optimize.js';
import { bindSql, sqlErrorOf, testCatalog } from './test-catalog.js';

const plan = (sql: string, eowc = false): string => explainPlan(bindSql(sql, testCatalog(), { emitOnWindowClose: eowc }).plan);
const optimized = (sql: string, materialized = false): string =>
  explainPlan(optimize(bindSql(sql, testCatalog(), { materialized }).plan));
const error = (sql: string, eowc = false): string => sqlErrorOf(() => bindSql(sql, testCatalog(), { emitOnWindowClose: eowc }));

describe('window functions', () => {
  test('one OverWindow per window specification; expressions are projected first', () => {
    expect(plan(`SELECT auction,
        sum(price) OVER (PARTITION BY auction % 10 ORDER BY date_time ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS s,
        lag(price, 2, 0) OVER (PARTITION BY auction % 10 ORDER BY date_time) AS prev,
        rank() OVER (ORDER BY price DESC NULLS LAST) + 1 AS r
      FROM bids`)).toMatchInlineSnapshot(`
      "Project auction=#0, s=#6, prev=#7, r=add(#8, 1::BIGINT)
        OverWindow partition=[] order=[price DESC NULLS LAST] calls=[rank=rank()]
          OverWindow partition=[_window_0] order=[date_time] calls=[sum=sum(#2) ROWS BETWEEN 1 PRECEDING AND CURRENT ROW, lag=lag(#2, 2, 0)]
            Project auction=#0, bidder=#1, price=#2, channel=#3, date_time=#4, _window_0=modulo(#0, 10::BIGINT)
              Scan bids columns=[auction, bidder, price, channel, date_time] watermark=date_time-4s"
    `);
  });

  test('the default frame, first_value/last_value, count(*) and RANGE with an interval', () => {
    expect(plan(`SELECT first_value(price) OVER w1, count(*) OVER (ORDER BY date_time RANGE BETWEEN INTERVAL '10' SECOND PRECEDING AND CURRENT ROW)
      FROM bids`.replace('OVER w1', 'OVER (PARTITION BY channel ORDER BY price)'))).toMatchInlineSnapshot(`
      "Project first_value=#5, count=#6
        OverWindow partition=[] order=[date_time] calls=[count=count(*) RANGE BETWEEN 10000000 PRECEDING AND CURRENT ROW]
          OverWindow partition=[channel] order=[price] calls=[first_value=first_value(#2) RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW]
            Scan bids columns=[auction, bidder, price, channel, date_time] watermark=date_time-4s"
    `);
  });

  test('a partition by a window bound lets the operator close windows; EMIT ON WINDOW CLOSE applies to it', () => {
    expect(plan(`SELECT window_start, price, row_number() OVER (PARTITION BY window_start ORDER BY price DESC) AS rn
      FROM TUMBLE(bids, date_time, INTERVAL '10' SECOND)`, true)).toMatchInlineSnapshot(`
      "Project window_start=#5, price=#2, rn=#7
        OverWindow partition=[window_start] order=[price DESC] calls=[row_number=row_number()] emit=on-window-close window-close=window_start+10s
          WindowTvf tumble(date_time, size=10s)
            Scan bids columns=[auction, bidder, price, channel, date_time] watermark=date_time-4s"
    `);
  });

  test('ordered first by a watermark column, EMIT ON WINDOW CLOSE emits each row once it is final', () => {
    expect(plan(`SELECT auction, lag(price) OVER (PARTITION BY auction ORDER BY date_time) AS prev FROM bids`, true)).toMatchInlineSnapshot(`
      "Project auction=#0, prev=#5
        OverWindow partition=[auction] order=[date_time] calls=[lag=lag(#2, 1)] emit=on-window-close
          Scan bids columns=[auction, bidder, price, channel, date_time] watermark=date_time-4s"
    `);
    expect(error('SELECT auction, lag(price) OVER (PARTITION BY auction ORDER BY price) FROM bids', true)).toContain('emit-on-window-close-without-window');
  });

  test('errors', () => {
    expect(error('SELECT price FROM bids WHERE row_number() OVER () > 1')).toMatchInlineSnapshot(`"window-function-not-allowed at 1:30: window functions are not allowed in WHERE (hint: compute the window function in a subquery and filter its result)"`);
    expect(error('SELECT ntile(4) OVER (ORDER BY price) FROM bids')).toMatchInlineSnapshot(`"unsupported-feature at 1:8: not supported yet: window function ntile"`);
    expect(error('SELECT row_number(price) OVER () FROM bids')).toMatchInlineSnapshot(`"wrong-argument-count at 1:8: row_number takes 0 arguments, got 1"`);
    expect(error('SELECT sum(price) OVER (ORDER BY channel RANGE BETWEEN 1 PRECEDING AND CURRENT ROW) FROM bids')).toMatchInlineSnapshot(`"invalid-window-frame at 1:8: RANGE offset does not fit an ORDER BY column of type VARCHAR (hint: use a number for numeric columns and an INTERVAL for timestamps)"`);
    expect(error("SELECT first_value(price) OVER (ORDER BY channel SESSION WITH GAP '1 minute') FROM bids")).toMatchInlineSnapshot(`"invalid-window-frame at 1:8: the session gap does not fit an ORDER BY column of type VARCHAR (hint: use a number for numeric columns and an INTERVAL for timestamps)"`);
    expect(error("SELECT first_value(price) OVER (ORDER BY date_time SESSION WITH GAP 5) FROM bids")).toMatchInlineSnapshot(`"invalid-window-frame at 1:8: the session gap does not fit an ORDER BY column of type TIMESTAMP (hint: use a number for numeric columns and an INTERVAL for timestamps)"`);
    expect(error("SELECT first_value(price) OVER (ORDER BY date_time, price SESSION WITH GAP '1 minute') FROM bids")).toMatchInlineSnapshot(`"invalid-window-frame at 1:8: a SESSION frame needs exactly one ORDER BY column"`);
    expect(error('SELECT sum(price) OVER (ROWS BETWEEN CURRENT ROW AND 1 PRECEDING) FROM bids')).toMatchInlineSnapshot(`"invalid-window-frame at 1:8: invalid window frame 'ROWS BETWEEN CURRENT ROW AND 1 PRECEDING': the frame ends before it starts"`);
    expect(error('SELECT channel, rank() OVER (ORDER BY count(*)) FROM bids GROUP BY channel')).toMatchInlineSnapshot(`"unsupported-feature at 1:17: not supported yet: window functions in a SELECT with GROUP BY or aggregates"`);
    expect(error('SELECT price FROM bids', true)).toMatchInlineSnapshot(`"emit-on-window-close-without-window at 1:1: EMIT ON WINDOW CLOSE needs a watermark column in the result, an aggregation grouped by a window bound, or window functions partitioned by one (hint: select the time column that has a WATERMARK (or a window bound over it))"`);
  });
});

describe('top-N', () => {
  test('row_number() <= N over a subquery becomes a TopN; an unread rank column is dropped', () => {
    expect(optimized(`SELECT auction, price FROM (
        SELECT *, row_number() OVER (PARTITION BY auction ORDER BY price DESC) AS rn FROM bids) WHERE rn <= 3`)).toMatchInlineSnapshot(`
      "Project auction=#0, price=#1
        TopN partition=[auction] order=[price DESC] rank=row_number limit=3
          Scan bids columns=[auction, price, date_time] watermark=date_time-4s"
    `);
  });

  test('rank() with bounds on both sides keeps the rank column when it is read', () => {
    expect(optimized(`SELECT * FROM (
        SELECT auction, price, rank() OVER (PARTITION BY auction ORDER BY price) AS r FROM bids) WHERE r > 1 AND 3 >= r AND price > 10`)).toMatchInlineSnapshot(`
          "Project auction=#0, price=#1, r=#3
            Filter greater_than(#1, 10::BIGINT)
              TopN partition=[auction] order=[price] rank=rank offset=1 limit=2 rank-column=rank
                Scan bids columns=[auction, price, date_time] watermark=date_time-4s"
        `);
    expect(optimized(`SELECT auction FROM (
        SELECT auction, dense_rank() OVER (ORDER BY price) AS r FROM bids) WHERE r BETWEEN 1 AND 5`)).toMatchInlineSnapshot(`
      "Project auction=#0
        TopN partition=[] order=[price] rank=dense_rank limit=5
          Scan bids columns=[auction, price, date_time] watermark=date_time-4s"
    `);
  });

  test('= 1 and < N', () => {
    expect(optimized(`SELECT auction FROM (SELECT auction, row_number() OVER (PARTITION BY bidder ORDER BY price) AS r FROM bids) WHERE r = 1`))
      .toContain('TopN partition=[bidder] order=[price] rank=row_number limit=1');
    expect(optimized(`SELECT auction FROM (SELECT auction, row_number() OVER (PARTITION BY bidder ORDER BY price) AS r FROM bids) WHERE r < 4`))
      .toContain('TopN partition=[bidder] order=[price] rank=row_number limit=3');
  });

  test('no upper bound, or another window call beside the rank: stays an OverWindow', () => {
    expect(optimized(`SELECT auction FROM (SELECT auction, row_number() OVER (ORDER BY price) AS r FROM bids) WHERE r > 4`)).toContain('OverWindow');
    expect(optimized(`SELECT * FROM (SELECT auction, row_number() OVER (ORDER BY price) AS r, sum(price) OVER (ORDER BY price) AS s FROM bids) WHERE r <= 4`)).toContain('OverWindow');
  });

  test('top-N per window, emitted on window close', () => {
    const sql = `SELECT window_start, auction, price FROM (
        SELECT *, row_number() OVER (PARTITION BY window_start ORDER BY price DESC) AS rn
        FROM TUMBLE(bids, date_time, INTERVAL '10' SECOND)) WHERE rn <= 3`;
    expect(explainPlan(optimize(bindSql(sql, testCatalog(), { emitOnWindowClose: true }).plan))).toMatchInlineSnapshot(`
      "Project window_start=#3, auction=#0, price=#1
        TopN partition=[window_start] order=[price DESC] rank=row_number limit=3 emit=on-window-close window-close=window_start+10s
          WindowTvf tumble(date_time, size=10s)
            Scan bids columns=[auction, price, date_time] watermark=date_time-4s"
    `);
  });

  test('ORDER BY ... LIMIT ... OFFSET in a subquery and in a maintained result', () => {
    expect(optimized('SELECT * FROM (SELECT auction, price FROM bids ORDER BY price DESC LIMIT 5 OFFSET 2) AS t WHERE auction > 1')).toMatchInlineSnapshot(`
      "Filter greater_than(#0, 1::BIGINT)
        TopN partition=[] order=[price DESC] rank=row_number offset=2 limit=5
          Project auction=#0, price=#1
            Scan bids columns=[auction, price, date_time] watermark=date_time-4s"
    `);
    expect(optimized('SELECT auction FROM bids ORDER BY price * 2, auction LIMIT 3', true)).toMatchInlineSnapshot(`
      "Project auction=#0
        TopN partition=[] order=[_order_0, auction] rank=row_number limit=3
          Project auction=#0, _order_0=multiply(#1, 2::BIGINT)
            Scan bids columns=[auction, price, date_time] watermark=date_time-4s"
    `);
  });

  test('FETCH FIRST n ROWS WITH TIES is a TopN by rank, in views and in snapshot queries', () => {
    expect(optimized('SELECT auction, price FROM bids ORDER BY price FETCH FIRST 2 ROWS WITH TIES', true)).toContain('TopN partition=[] order=[price] rank=rank limit=2');
    const snapshot = bindSql('SELECT auction FROM bids ORDER BY price DESC FETCH FIRST 1 ROW WITH TIES');
    expect(explainPlan(snapshot.plan)).toContain('TopN partition=[] order=[_order_0 DESC] rank=rank limit=1');
    expect(snapshot.limit).toBeUndefined();
    expect(error('SELECT auction FROM bids FETCH FIRST 2 ROWS WITH TIES')).toMatchInlineSnapshot(`"invalid-limit at 1:38: WITH TIES cannot be specified without ORDER BY clause"`);
  });

  test('ORDER BY without LIMIT in a maintained result is dropped with a notice', () => {
    const bound = bindSql('SELECT auction FROM bids ORDER BY price', testCatalog(), { materialized: true });
    expect(explainPlan(bound.plan)).not.toContain('TopN');
    expect(bound.plan.schema.fields.map((f) => f.name)).toEqual(['auction']);
    expect(bound.notices).toEqual(['ORDER BY in a subquery or view has no effect on a stream and was ignored']);
  });
});
