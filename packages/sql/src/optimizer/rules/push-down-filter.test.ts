import { expect, test } from 'vitest';
import { bindSql } from '../../binder/test-catalog.js';
import { explainPlan } from '../../explain/explain-plan.js';
import { pushDownFilter } from './push-down-filter.js';

const apply = (sql: string): string => {
  const plan = bindSql(sql).plan;
  return explainPlan(pushDownFilter.apply(plan) ?? plan);
};

test('through a Project by substitution, into the Scan', () => {
  expect(apply('SELECT p FROM (SELECT price * 2 AS p FROM bids) AS s WHERE p > 100')).toMatchInlineSnapshot(`
    "Project p=#0
      Project p=multiply(#2, 2::BIGINT)
        Scan bids columns=[auction, bidder, price, channel, date_time] filter=greater_than(multiply(#2, 2::BIGINT), 100::BIGINT) watermark=date_time-4s"
  `);
});

test('splits conjunctions: window bounds stay above the WindowTvf, the rest goes below', () => {
  expect(apply(`SELECT auction FROM TUMBLE(bids, date_time, INTERVAL '10' SECOND)
    WHERE price > 5 AND window_start > TIMESTAMP '2024-01-01 00:00:00'`)).toMatchInlineSnapshot(`
      "Project auction=#0
        Filter greater_than(#5, TIMESTAMP '2024-01-01 00:00:00')
          WindowTvf tumble(date_time, size=10s)
            Scan bids columns=[auction, bidder, price, channel, date_time] filter=greater_than(#2, 5::BIGINT) watermark=date_time-4s"
    `);
});

test('below an Aggregate only for group keys', () => {
  expect(apply(`SELECT * FROM (SELECT channel, count(*) AS n FROM bids GROUP BY channel) AS g
    WHERE channel = 'web' AND n > 3`)).toMatchInlineSnapshot(`
      "Project channel=#0, n=#1
        Project channel=#0, n=#1
          Filter greater_than(#1, 3::BIGINT)
            Aggregate keys=[channel] aggs=[count_star()] emit=on-update
              Project channel=#3
                Scan bids columns=[auction, bidder, price, channel, date_time] filter=equal(#3, 'web') watermark=date_time-4s"
    `);
});

test('not through a set-returning column', () => {
  expect(apply("SELECT word FROM lines, unnest(string_to_array(line, ' ')) AS t(word) WHERE word <> '' AND line <> ''")).toMatchInlineSnapshot(`
    "Project word=#1
      Filter not_equal(#1, '')
        ProjectSet line=#0, word=unnest(string_to_array(#0, ' '))
          Scan lines columns=[line] filter=not_equal(#0, '')"
  `);
});

test('returns undefined when there is no Filter', () => {
  expect(pushDownFilter.apply(bindSql('SELECT price FROM bids').plan)).toBeUndefined();
});
