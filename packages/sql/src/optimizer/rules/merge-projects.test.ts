import { expect, test } from 'vitest';
import { bindSql } from '../../binder/test-catalog.js';
import { explainPlan } from '../../explain/explain-plan.js';
import { mergeProjects } from './merge-projects.js';

const apply = (sql: string): string => {
  const plan = bindSql(sql).plan;
  return explainPlan(mergeProjects.apply(plan) ?? plan);
};

test('adjacent Projects merge by substitution', () => {
  expect(apply('SELECT p + 1 AS q FROM (SELECT price * 2 AS p FROM bids) AS s')).toMatchInlineSnapshot(`
    "Project q=add(multiply(#2, 2::BIGINT), 1::BIGINT)
      Scan bids columns=[auction, bidder, price, channel, date_time] watermark=date_time-4s"
  `);
});

test('an expression used twice is not computed twice', () => {
  expect(apply('SELECT p + p AS q FROM (SELECT price * 2 AS p FROM bids) AS s')).toMatchInlineSnapshot(`
    "Project q=add(#0, #0)
      Project p=multiply(#2, 2::BIGINT)
        Scan bids columns=[auction, bidder, price, channel, date_time] watermark=date_time-4s"
  `);
});

test('an identity Project with the same names is removed', () => {
  expect(apply('SELECT line FROM (SELECT line FROM lines) AS s')).toMatchInlineSnapshot(`"Scan lines columns=[line]"`);
});
