import { expect, test } from 'vitest';
import { bindSql } from '../../binder/test-catalog.js';
import { explainPlan } from '../../explain/explain-plan.js';
import { pushDownFilter } from './push-down-filter.js';

const apply = (sql: string): string => {
  const plan = bindSql(sql).plan;
  return explainPlan(pushDownFilter.apply(plan) ?? plan);
};

test('WHERE over a comma join: one-sided conjuncts go below, equalities become keys', () => {
  expect(apply(`SELECT b.price, u.name FROM bids b, users u
    WHERE b.bidder = u.id AND u.city = 'Oslo' AND b.price > u.age`)).toMatchInlineSnapshot(`
      "Project price=#2, name=#6
        Join inner keys=[#1 = #5] residual=greater_than(#2, CAST(#8 AS BIGINT))
          Scan bids columns=[auction, bidder, price, channel, date_time] watermark=date_time-4s
          Scan users columns=[id, name, city, age] filter=equal(#2, 'Oslo')"
    `);
});

test('over an outer join only the preserved side takes a filter', () => {
  expect(apply(`SELECT * FROM bids b LEFT JOIN users u ON b.bidder = u.id
    WHERE b.price > 5 AND u.city = 'Oslo' AND (b.price > 1 OR u.age > 1)`)).toMatchInlineSnapshot(`
      "Project auction=#0, bidder=#1, price=#2, channel=#3, date_time=#4, id=#5, name=#6, city=#7, age=#8
        Filter and(equal(#7, 'Oslo'), or(greater_than(#2, 1::BIGINT), greater_than(#8, 1)))
          Join left keys=[#1 = #5]
            Scan bids columns=[auction, bidder, price, channel, date_time] filter=greater_than(#2, 5::BIGINT) watermark=date_time-4s
            Scan users columns=[id, name, city, age]"
    `);
  expect(apply(`SELECT * FROM bids b FULL JOIN users u ON b.bidder = u.id WHERE b.price > 5`)).toMatchInlineSnapshot(`
    "Project auction=#0, bidder=#1, price=#2, channel=#3, date_time=#4, id=#5, name=#6, city=#7, age=#8
      Filter greater_than(#2, 5::BIGINT)
        Join full keys=[#1 = #5]
          Scan bids columns=[auction, bidder, price, channel, date_time] watermark=date_time-4s
          Scan users columns=[id, name, city, age]"
  `);
});

test('an ON conjunct over the padded side of an outer join filters that side; over the preserved side it stays', () => {
  expect(apply(`SELECT * FROM bids b LEFT JOIN users u ON b.bidder = u.id AND u.age > 18 AND b.price > 5`)).toMatchInlineSnapshot(`
    "Project auction=#0, bidder=#1, price=#2, channel=#3, date_time=#4, id=#5, name=#6, city=#7, age=#8
      Join left keys=[#1 = #5] residual=greater_than(#2, 5::BIGINT)
        Scan bids columns=[auction, bidder, price, channel, date_time] watermark=date_time-4s
        Scan users columns=[id, name, city, age] filter=greater_than(#3, 18)"
  `);
});
