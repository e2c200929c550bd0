import { expect, test } from 'vitest';
import { bindSql } from '../../binder/test-catalog.js';
import { explainPlan } from '../../explain/explain-plan.js';
import { hopToTumble } from './hop-to-tumble.js';

const apply = (sql: string): string => {
  const plan = bindSql(sql).plan;
  return explainPlan(hopToTumble.apply(plan) ?? plan);
};

test('a HOP whose slide equals its size becomes a TUMBLE', () => {
  expect(apply("SELECT window_start, count(*) FROM HOP(bids, date_time, INTERVAL '1' MINUTE, INTERVAL '60' SECOND) GROUP BY window_start")).toMatchInlineSnapshot(`
    "Project window_start=#0, count=#1
      Aggregate keys=[window_start] aggs=[count_star()] emit=on-update window-close=window_start+1m
        Project window_start=#5
          WindowTvf tumble(date_time, size=1m)
            Scan bids columns=[auction, bidder, price, channel, date_time] watermark=date_time-4s"
  `);
});

test('other HOPs are unchanged', () => {
  expect(hopToTumble.apply(bindSql("SELECT * FROM HOP(bids, date_time, INTERVAL '1' MINUTE, INTERVAL '2' MINUTE)").plan)).toBeUndefined();
});
