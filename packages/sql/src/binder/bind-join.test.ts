import { describe, expect, test } from 'vitest';
import { explainPlan } from '../explain/explain-plan.js';
import { optimize } from '../optimizer/optimize.js';
import { bindSql, sqlErrorOf } from './test-catalog.js';

const plan = (sql: string): string => explainPlan(bindSql(sql).plan);
const optimized = (sql: string): string => explainPlan(optimize(bindSql(sql).plan), { props: true });
const notices = (sql: string): string[] => bindSql(sql).notices;

describe('join binding', () => {
  test('ON: equalities between the sides become keys, the rest the residual', () => {
    expect(plan(`SELECT b.price, u.name FROM bids b JOIN users u ON b.bidder = u.id AND b.price > u.age`)).toMatchInlineSnapshot(`
      "Project price=#2, name=#6
        Join inner keys=[#1 = #5] residual=greater_than(#2, CAST(#8 AS BIGINT))
          Scan bids columns=[auction, bidder, price, channel, date_time] watermark=date_time-4s
          Scan users columns=[id, name, city, age]"
    `);
  });

  test('comma-separated FROM items are a cross join under the WHERE', () => {
    expect(plan('SELECT * FROM bids b, users u WHERE b.bidder = u.id')).toMatchInlineSnapshot(`
      "Project auction=#0, bidder=#1, price=#2, channel=#3, date_time=#4, id=#5, name=#6, city=#7, age=#8
        Filter equal(#1, #5)
          Join inner cross
            Scan bids columns=[auction, bidder, price, channel, date_time] watermark=date_time-4s
            Scan users columns=[id, name, city, age]"
    `);
  });

  test('CROSS JOIN and outer joins', () => {
    expect(plan('SELECT u.name, b.price FROM users u CROSS JOIN bids b')).toMatchInlineSnapshot(`
      "Project name=#1, price=#6
        Join inner cross
          Scan users columns=[id, name, city, age]
          Scan bids columns=[auction, bidder, price, channel, date_time] watermark=date_time-4s"
    `);
    expect(plan('SELECT * FROM bids b RIGHT OUTER JOIN users u ON b.bidder = u.id')).toMatchInlineSnapshot(`
      "Project auction=#0, bidder=#1, price=#2, channel=#3, date_time=#4, id=#5, name=#6, city=#7, age=#8
        Join right keys=[#1 = #5]
          Scan bids columns=[auction, bidder, price, channel, date_time] watermark=date_time-4s
          Scan users columns=[id, name, city, age]"
    `);
  });

  test('USING merges the columns: once, first, unqualified; t.col still reaches each side', () => {
    expect(plan('SELECT * FROM users a JOIN users b USING (id)')).toMatchInlineSnapshot(`
      "Project id=#0, name=#2, city=#3, age=#4, name=#6, city=#7, age=#8
        Project id=#0, id=#0, name=#1, city=#2, age=#3, id=#4, name=#5, city=#6, age=#7
          Join inner keys=[#0 = #4]
            Scan users columns=[id, name, city, age]
            Scan users columns=[id, name, city, age]"
    `);
    expect(plan('SELECT id, a.id, b.id FROM users a FULL JOIN users b USING (id)')).toMatchInlineSnapshot(`
      "Project id=#0, id=#1, id=#5
        Project id=coalesce(#0, #4), id=#0, name=#1, city=#2, age=#3, id=#4, name=#5, city=#6, age=#7
          Join full keys=[#0 = #4]
            Scan users columns=[id, name, city, age]
            Scan users columns=[id, name, city, age]"
    `);
    expect(plan('SELECT a.* FROM users a LEFT JOIN users b USING (id, name)')).toMatchInlineSnapshot(`
      "Project id=#2, name=#3, city=#4, age=#5
        Project id=#0, name=#1, id=#0, name=#1, city=#2, age=#3, id=#4, name=#5, city=#6, age=#7
          Join left keys=[#0 = #4, #1 = #5]
            Scan users columns=[id, name, city, age]
            Scan users columns=[id, name, city, age]"
    `);
  });

  test('NATURAL JOIN joins on every common name', () => {
    expect(plan('SELECT * FROM users a NATURAL JOIN (SELECT id, city FROM users) b')).toMatchInlineSnapshot(`
      "Project id=#0, city=#1, name=#3, age=#5
        Project id=#0, city=#2, id=#0, name=#1, city=#2, age=#3, id=#4, city=#5
          Join inner keys=[#0 = #4, #2 = #5]
            Scan users columns=[id, name, city, age]
            Project id=#0, city=#2
              Scan users columns=[id, name, city, age]"
    `);
  });

  test('names: ambiguity, missing USING columns, a table named twice', () => {
    expect(sqlErrorOf(() => bindSql('SELECT id FROM users a JOIN users b ON a.id = b.id'))).toMatchInlineSnapshot(`"ambiguous-column at 1:8: column reference 'id' is ambiguous (hint: qualify it with a table name or alias)"`);
    expect(sqlErrorOf(() => bindSql('SELECT * FROM users a JOIN bids b USING (id)'))).toMatchInlineSnapshot(`"column-not-found at 1:23: column 'id' specified in USING clause does not exist in right table"`);
    expect(sqlErrorOf(() => bindSql('SELECT * FROM users JOIN users ON true'))).toMatchInlineSnapshot(`"duplicate-table-name at 1:21: table name 'users' is specified more than once (hint: give one of them an alias)"`);
    expect(sqlErrorOf(() => bindSql('SELECT * FROM users a JOIN users b ON a.id = c.id'))).toMatchInlineSnapshot(`"table-not-found at 1:46: missing FROM-clause entry for table 'c' (hint: did you mean 'a'?)"`);
  });

  test('props: outer joins retract; inner joins of append-only inputs append', () => {
    expect(optimized(`SELECT a.price, b.price FROM bids a JOIN bids b ON a.auction = b.auction
      AND a.date_time BETWEEN b.date_time - INTERVAL '1' HOUR AND b.date_time`)).toMatchInlineSnapshot(`
        "Project price=#1, price=#4 [append-only]
          Join inner keys=[#0 = #3] residual=and(greater_than_or_equal(#2, subtract(#5, INTERVAL '1h')), less_than_or_equal(#2, #5)) [append-only, watermark=(date_time)]
            Scan bids columns=[auction, price, date_time] watermark=date_time-4s [append-only, watermark=(date_time)]
            Scan bids columns=[auction, price, date_time] watermark=date_time-4s [append-only, watermark=(date_time)]"
      `);
    expect(optimized('SELECT a.price, b.price FROM bids a LEFT JOIN bids b ON a.auction = b.auction')).toMatchInlineSnapshot(`
      "Project price=#1, price=#4 [retracting]
        Join left keys=[#0 = #3] [retracting]
          Scan bids columns=[auction, price, date_time] watermark=date_time-4s [append-only, watermark=(date_time)]
          Scan bids columns=[auction, price, date_time] watermark=date_time-4s [append-only, watermark=(date_time)]"
    `);
  });

  test('a time bounded below by the other side\'s keeps its watermark, also through WHERE; a padded side does not', () => {
    const props = (sql: string): string => optimized(sql).split('\n')[0]!.replace(/^.*\[/, '[');
    expect(props('SELECT a.date_time, b.date_time AS bt FROM bids a JOIN bids b ON a.auction = b.auction AND a.date_time >= b.date_time')).toBe('[append-only, watermark=(date_time)]');
    expect(props('SELECT a.date_time, b.date_time AS bt FROM bids a, bids b WHERE a.auction = b.auction AND a.date_time >= b.date_time')).toBe('[append-only, watermark=(date_time)]');
    expect(props(`SELECT a.date_time, b.date_time AS bt FROM bids a JOIN bids b ON a.auction = b.auction
      AND a.date_time >= b.date_time - INTERVAL '1' SECOND`)).toBe('[append-only]');
    expect(props('SELECT a.date_time, b.date_time AS bt FROM bids a RIGHT JOIN bids b ON a.auction = b.auction AND a.date_time >= b.date_time')).toBe('[retracting]');
  });

  test('a window join keeps the watermark of its equal window bounds', () => {
    expect(optimized(`SELECT a.window_end, a.auction, a.price, b.price AS other
      FROM TUMBLE(bids, date_time, INTERVAL '10' SECOND) a JOIN TUMBLE(bids, date_time, INTERVAL '10' SECOND) b
      ON a.window_start = b.window_start AND a.window_end = b.window_end AND a.auction = b.auction`)).toMatchInlineSnapshot(`
        "Project window_end=#4, auction=#0, price=#1, other=#6 [append-only, watermark=(window_end)]
          Join inner keys=[#3 = #8, #4 = #9, #0 = #5] [append-only, watermark=(window_start, window_end, window_start, window_end)]
            WindowTvf tumble(date_time, size=10s) [append-only, watermark=(date_time, window_start, window_end)]
              Scan bids columns=[auction, price, date_time] watermark=date_time-4s [append-only, watermark=(date_time)]
            WindowTvf tumble(date_time, size=10s) [append-only, watermark=(date_time, window_start, window_end)]
              Scan bids columns=[auction, price, date_time] watermark=date_time-4s [append-only, watermark=(date_time)]"
      `);
  });
});

describe('unbounded join state notices', () => {
  test('a stream joined without a time bound is reported with the remedy', () => {
    expect(notices('SELECT * FROM bids b JOIN users u ON b.bidder = u.id')).toMatchInlineSnapshot(`
      [
        "unbounded join state: the join keeps every row of 'bids', so its state grows without bound; to let it forget old rows, give both sides a WATERMARK and bound one event time by the other (e.g. ON a.ts BETWEEN b.ts - INTERVAL '1' HOUR AND b.ts), or join TUMBLE/HOP windows of both sides on window_start and window_end",
      ]
    `);
  });

  test('interval and window joins (also through WHERE) are not', () => {
    expect(notices(`SELECT * FROM bids a, bids b WHERE a.auction = b.auction
      AND a.date_time >= b.date_time - INTERVAL '1' MINUTE AND a.date_time <= b.date_time + INTERVAL '1' MINUTE`)).toEqual([]);
    expect(notices(`SELECT * FROM TUMBLE(bids, date_time, INTERVAL '10' SECOND) a
      JOIN TUMBLE(bids, date_time, INTERVAL '10' SECOND) b USING (window_start, window_end, auction)`)).toEqual([]);
  });

  test('a one-sided bound leaves the other side reported', () => {
    expect(notices(`SELECT * FROM bids a JOIN bids b ON a.auction = b.auction AND a.date_time >= b.date_time`)).toHaveLength(1);
  });
});
