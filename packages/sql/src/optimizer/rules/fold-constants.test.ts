import { expect, test } from 'vitest';
import { bindSql } from '../../binder/test-catalog.js';
import { explainPlan } from '../../explain/explain-plan.js';
import { foldConstants } from './fold-constants.js';

const apply = (sql: string): string => {
  const plan = bindSql(sql).plan;
  return explainPlan(foldConstants.apply(plan) ?? plan);
};

test('evaluates literal arithmetic, comparison and concatenation', () => {
  expect(apply("SELECT 1 + 2 * 3 AS a, 'a' || 'b' AS b, 10 / 4 AS c, 2 > 1 AS d")).toMatchInlineSnapshot(`"Values columns=[a, b, c, d] rows=[(7, 'ab', 2, true)]"`);
});

test('simplifies x AND true, false AND x, and drops Filter(true)', () => {
  expect(apply('SELECT auction FROM bids WHERE price > 10 AND 1 = 1')).toMatchInlineSnapshot(`
    "Project auction=#0
      Filter greater_than(#2, 10::BIGINT)
        Scan bids columns=[auction, bidder, price, channel, date_time] watermark=date_time-4s"
  `);
  expect(apply('SELECT auction FROM bids WHERE 1 = 0 AND price > 10')).toMatchInlineSnapshot(`
    "Project auction=#0
      Filter false
        Scan bids columns=[auction, bidder, price, channel, date_time] watermark=date_time-4s"
  `);
  expect(apply('SELECT auction FROM bids WHERE 1 < 2')).toMatchInlineSnapshot(`
    "Project auction=#0
      Scan bids columns=[auction, bidder, price, channel, date_time] watermark=date_time-4s"
  `);
});

test('leaves division by zero and non-deterministic calls for the engine', () => {
  expect(apply('SELECT 1 / 0 AS x, now() AS t')).toMatchInlineSnapshot(`"Values columns=[x, t] rows=[(divide(1, 0), now())]"`);
});

test('returns undefined when nothing folds', () => {
  expect(foldConstants.apply(bindSql('SELECT price + 1 FROM bids').plan)).toBeUndefined();
});
