import { describe, expect, test } from 'vitest';
import { explainPlan } from '../explain/explain-plan.js';
import { optimize } from '../optimizer/optimize.js';
import { bindSql, sqlErrorOf, testCatalog } from './test-catalog.js';

const plan = (sql: string): string => explainPlan(bindSql(sql, testCatalog(), { emitOnWindowClose: true }).plan);
const optimized = (sql: string): string => explainPlan(optimize(bindSql(sql, testCatalog(), { emitOnWindowClose: true }).plan));
const error = (sql: string): string => sqlErrorOf(() => bindSql(sql, testCatalog(), { emitOnWindowClose: true }));

describe('EMIT ON WINDOW CLOSE without a window aggregation', () => {
  test('a plain SELECT is held back by an EowcSort on its watermark column', () => {
    expect(plan('SELECT auction, date_time FROM bids WHERE price > 10')).toMatchInlineSnapshot(`
      "EowcSort by=date_time
        Project auction=#0, date_time=#4
          Filter greater_than(#2, 10::BIGINT)
            Scan bids columns=[auction, bidder, price, channel, date_time] watermark=date_time-4s"
    `);
  });

  test('filters move below it and columns it does not need are pruned', () => {
    expect(optimized('SELECT * FROM (SELECT auction, date_time FROM bids) AS b WHERE auction = 1')).toMatchInlineSnapshot(`
      "EowcSort by=date_time
        Scan bids columns=[auction, date_time] filter=equal(#0, 1::BIGINT) watermark=date_time-4s"
    `);
  });

  test('a window bound column also serves, and UNION ALL gets one on top', () => {
    expect(plan('SELECT window_start, price FROM TUMBLE(bids, date_time, INTERVAL \'1\' MINUTE)')).toContain('EowcSort by=window_start');
    expect(plan('SELECT date_time FROM bids UNION ALL SELECT date_time FROM bids').split('\n')[0]).toBe('EowcSort by=date_time');
  });

  test('without a watermark column in the result it is an error', () => {
    expect(error('SELECT auction FROM bids')).toMatch(/^emit-on-window-close-without-window at 1:1: EMIT ON WINDOW CLOSE needs a watermark column/);
  });
});
