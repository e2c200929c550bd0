import { describe, expect, test } from 'vitest';
import { explainPlan } from '../explain/explain-plan.js';
import { optimize } from '../optimizer/optimize.js';
import { bindSql, sqlErrorOf, testCatalog } from './test-catalog.js';

const optimized = (sql: string): string => explainPlan(optimize(bindSql(sql, testCatalog()).plan));
const error = (sql: string): string => sqlErrorOf(() => bindSql(sql, testCatalog()));

describe('IN and EXISTS', () => {
  test('IN (subquery) is a semi join on the IN column', () => {
    expect(optimized('SELECT name FROM users WHERE id IN (SELECT bidder FROM bids WHERE price > 10)')).toMatchInlineSnapshot(`
      "Project name=#1
        SemiJoin semi keys=[id = bidder]
          Scan users columns=[id, name]
          Project bidder=#0
            Scan bids columns=[bidder, price, date_time] filter=greater_than(#1, 10::BIGINT) watermark=date_time-4s"
    `);
  });

  test('NOT IN is a null-aware anti join; an operand expression becomes a key column', () => {
    expect(optimized('SELECT name FROM users WHERE id + 1 NOT IN (SELECT bidder FROM bids)')).toMatchInlineSnapshot(`
      "Project name=#0
        SemiJoin anti-null-aware keys=[_outer_key_0 = bidder]
          Project name=#1, _outer_key_0=add(#0, 1::BIGINT)
            Scan users columns=[id, name]
          Project bidder=#0
            Scan bids columns=[bidder, date_time] watermark=date_time-4s"
    `);
  });

  test('correlated EXISTS is decorrelated into join keys', () => {
    expect(optimized('SELECT name FROM users u WHERE NOT EXISTS (SELECT 1 FROM bids b WHERE b.bidder = u.id AND b.price > 5)')).toMatchInlineSnapshot(`
      "Project name=#1
        SemiJoin anti keys=[id = _key_0]
          Scan users columns=[id, name]
          Project _key_0=#0
            Scan bids columns=[bidder, price, date_time] filter=greater_than(#1, 5::BIGINT) watermark=date_time-4s"
    `);
  });

  test('correlated IN keys on the correlation and the IN column', () => {
    expect(optimized('SELECT name FROM users u WHERE age IN (SELECT price FROM bids b WHERE u.id = b.bidder)')).toMatchInlineSnapshot(`
      "Project name=#1
        SemiJoin semi keys=[id = _key_0, _outer_key_0 = price]
          Project id=#0, name=#1, _outer_key_0=CAST(#2 AS BIGINT)
            Scan users columns=[id, name, age]
          Project _key_0=#0, price=#1
            Scan bids columns=[bidder, price, date_time] watermark=date_time-4s"
    `);
  });

  test('EXISTS under OR counts the matching rows', () => {
    expect(optimized('SELECT name FROM users u WHERE age > 3 OR EXISTS (SELECT 1 FROM bids b WHERE b.bidder = u.id)')).toMatchInlineSnapshot(`
      "Project name=#1
        Filter or(greater_than(#2, 3), greater_than(coalesce(#3, 0::BIGINT), 0::BIGINT))
          SingleJoin keys=[id = _key_0] right=[count]
            Scan users columns=[id, name, age]
            Project _key_0=#0, count=#1
              Aggregate keys=[bidder] aggs=[count_star()] emit=on-update
                Project bidder=#0
                  Scan bids columns=[bidder, date_time] watermark=date_time-4s"
    `);
  });

  test('only equalities may correlate', () => {
    expect(error('SELECT name FROM users u WHERE EXISTS (SELECT 1 FROM bids b WHERE b.price > u.age)')).toMatchInlineSnapshot(`"unsupported-feature at 1:67: not supported yet: correlated subquery conditions other than equalities between an inner and an outer expression"`);
  });

  test('an unknown name in a subquery is still a name error', () => {
    expect(error('SELECT name FROM users u WHERE EXISTS (SELECT 1 FROM bids b WHERE b.bidder = u.nope)')).toMatchInlineSnapshot(`"table-not-found at 1:78: missing FROM-clause entry for table 'u' (hint: did you mean 'b'?)"`);
  });

  test('IN needs a one-column subquery', () => {
    expect(error('SELECT name FROM users WHERE id IN (SELECT bidder, price FROM bids)')).toMatchInlineSnapshot(`"wrong-column-count at 1:30: subquery has 2 columns; IN needs exactly one"`);
  });
});

describe('scalar subqueries', () => {
  test('uncorrelated: a single join with no keys', () => {
    expect(optimized('SELECT name FROM users WHERE age > (SELECT avg(age) FROM users)')).toMatchInlineSnapshot(`
      "Project name=#0
        Filter greater_than(CAST(#1 AS DOUBLE), #2)
          SingleJoin keys=[] right=[avg]
            Scan users columns=[name, age]
            Aggregate keys=[] aggs=[avg(#0)] emit=on-update
              Project avg_arg=#0
                Scan users columns=[age]"
    `);
  });

  test('correlated with an aggregate: grouped by the key; count of no rows is 0', () => {
    expect(optimized('SELECT name, (SELECT count(*) FROM bids b WHERE b.bidder = u.id) AS n, (SELECT max(price) FROM bids b WHERE b.bidder = u.id) FROM users u')).toMatchInlineSnapshot(`
      "Project name=#1, n=coalesce(#2, 0::BIGINT), max=#3
        SingleJoin keys=[id = _key_0] right=[max]
          SingleJoin keys=[id = _key_0] right=[count]
            Scan users columns=[id, name]
            Project _key_0=#0, count=#1
              Aggregate keys=[bidder] aggs=[count_star()] emit=on-update
                Project bidder=#0
                  Scan bids columns=[bidder, date_time] watermark=date_time-4s
          Project _key_0=#0, max=#1
            Aggregate keys=[bidder] aggs=[max(#1)] emit=on-update
              Project bidder=#0, max_arg=#1
                Scan bids columns=[bidder, price, date_time] watermark=date_time-4s"
    `);
  });

  test('a scalar subquery is named by its column', () => {
    expect(bindSql('SELECT (SELECT max(price) FROM bids)').plan.schema.fields.map((f) => f.name)).toEqual(['max']);
  });

  test('a scalar subquery returns one column', () => {
    expect(error('SELECT (SELECT auction, price FROM bids)')).toMatchInlineSnapshot(`"wrong-column-count at 1:8: subquery must return only one column, not 2"`);
  });
});
