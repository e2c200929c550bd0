import { expect, test } from 'vitest';
import { bindSql } from '../../binder/test-catalog.js';
import { explainPlan } from '../../explain/explain-plan.js';
import { pruneColumns } from './prune-columns.js';

const apply = (sql: string): string => {
  const plan = bindSql(sql).plan;
  return explainPlan(pruneColumns.apply(plan) ?? plan, { props: true });
};

test('a Scan reads only used columns (and its watermark column); references are remapped', () => {
  expect(apply('SELECT price + 1 AS p FROM bids WHERE channel = \'web\'')).toMatchInlineSnapshot(`
    "Project p=add(#0, 1::BIGINT) [append-only]
      Filter equal(#1, 'web') [append-only, watermark=(date_time)]
        Scan bids columns=[price, channel, date_time] watermark=date_time-4s [append-only, watermark=(date_time)]"
  `);
});

test('through a window and an aggregate', () => {
  expect(apply(`SELECT window_end, max(price) FROM TUMBLE(bids, date_time, INTERVAL '10' SECOND) GROUP BY window_end`)).toMatchInlineSnapshot(`
    "Project window_end=#0, max=#1 [retracting, watermark=(window_end)]
      Aggregate keys=[window_end] aggs=[max(#1)] emit=on-update window-close=window_end [retracting, watermark=(window_end)]
        Project window_end=#3, max_arg=#0 [append-only, watermark=(window_end)]
          WindowTvf tumble(date_time, size=10s) [append-only, watermark=(date_time, window_start, window_end)]
            Scan bids columns=[price, date_time] watermark=date_time-4s [append-only, watermark=(date_time)]"
  `);
});

test('unused Project expressions and ProjectSet pass-through columns go', () => {
  expect(apply("SELECT word FROM (SELECT line, upper(line) AS u, unnest(string_to_array(line, ' ')) AS word FROM lines) AS s")).toMatchInlineSnapshot(`
    "Project word=#0 [append-only, bounded]
      Project word=#0 [append-only, bounded]
        ProjectSet unnest=unnest(string_to_array(#0, ' ')) [append-only, bounded]
          Scan lines columns=[line] [append-only, bounded]"
  `);
});

test('returns undefined when every column is used', () => {
  expect(pruneColumns.apply(bindSql('SELECT * FROM users').plan)).toBeUndefined();
});
