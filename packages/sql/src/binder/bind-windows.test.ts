import { describe, expect, test } from 'vitest';
import { explainPlan } from '../explain/explain-plan.js';
import { bindSql, sqlErrorOf, testCatalog } from './test-catalog.js';

const plan = (sql: string, eowc = false): string => explainPlan(bindSql(sql, testCatalog(), { emitOnWindowClose: eowc }).plan);
const error = (sql: string, eowc = false): string => sqlErrorOf(() => bindSql(sql, testCatalog(), { emitOnWindowClose: eowc }));

describe('SESSION and CUMULATE windows', () => {
  test('a RisingWave-style SESSION takes its partition from the GROUP BY and closes on window_end', () => {
    expect(plan("SELECT bidder, window_start, window_end, count(*) FROM SESSION(bids, date_time, INTERVAL '10' SECOND) GROUP BY bidder, window_start, window_end", true)).toMatchInlineSnapshot(`
      "Project bidder=#0, window_start=#1, window_end=#2, count=#3
        Aggregate keys=[bidder, window_start, window_end] aggs=[count_star()] emit=on-window-close window-close=window_end
          Project bidder=#1, window_start=#5, window_end=#6
            WindowTvf session(date_time, gap=10s, partition=[bidder])
              Scan bids columns=[auction, bidder, price, channel, date_time] watermark=date_time-4s"
    `);
  });

  test("Flink's SESSION names its partition; its window_start carries no watermark", () => {
    expect(plan("SELECT * FROM TABLE(SESSION(TABLE bids PARTITION BY bidder, DESCRIPTOR(date_time), INTERVAL '10' SECONDS))")).toMatchInlineSnapshot(`
      "Project auction=#0, bidder=#1, price=#2, channel=#3, date_time=#4, window_start=#5, window_end=#6
        WindowTvf session(date_time, gap=10s, partition=[bidder])
          Scan bids columns=[auction, bidder, price, channel, date_time] watermark=date_time-4s"
    `);
    expect(error("SELECT window_start, count(*) FROM SESSION(bids, date_time, INTERVAL '10' SECOND) GROUP BY window_start", true)).toMatchInlineSnapshot(`"emit-on-window-close-without-window at 1:1: EMIT ON WINDOW CLOSE needs a GROUP BY key that is window_start or window_end of a window over a column with a watermark (hint: group by window_start or window_end of TUMBLE/HOP over a source with WATERMARK FOR its time column)"`);
  });

  test('CUMULATE grouped by its bounds closes on window_end', () => {
    expect(plan("SELECT window_start, window_end, sum(price) FROM TABLE(CUMULATE(TABLE bids, DESCRIPTOR(date_time), INTERVAL '1' MINUTE, INTERVAL '1' HOUR)) GROUP BY window_start, window_end", true)).toMatchInlineSnapshot(`
      "Project window_start=#0, window_end=#1, sum=#2
        Aggregate keys=[window_start, window_end] aggs=[sum(#2)] emit=on-window-close window-close=window_end
          Project window_start=#5, window_end=#6, sum_arg=#2
            WindowTvf cumulate(date_time, step=1m, size=1h)
              Scan bids columns=[auction, bidder, price, channel, date_time] watermark=date_time-4s"
    `);
  });

  test('window argument errors', () => {
    expect(error("SELECT * FROM CUMULATE(bids, date_time, INTERVAL '7' SECOND, INTERVAL '1' MINUTE)")).toMatchInlineSnapshot(`"invalid-window-size at 1:15: CUMULATE size must be a multiple of its step (hint: choose a size that is a whole number of steps, e.g. CUMULATE(t, ts, INTERVAL '1' MINUTE, INTERVAL '5' MINUTE))"`);
    expect(error("SELECT * FROM SESSION(bids, date_time, INTERVAL '1' SECOND, INTERVAL '1' MINUTE)")).toMatchInlineSnapshot(`"syntax-error at 1:80: SESSION takes 1 argument(s) after the time column, got 2"`);
    expect(error("SELECT * FROM SESSION(bids, date_time, INTERVAL '0' SECOND)")).toMatchInlineSnapshot(`"invalid-window-size at 1:15: SESSION gap must be positive"`);
  });
});
