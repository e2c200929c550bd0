import { describe, expect, test } from 'vitest';
import { explainPlan } from '../explain/explain-plan.js';
import { optimize } from '../optimizer/optimize.js';
import { bindSql, sqlErrorOf, testCatalog } from './test-catalog.js';

const plan = (sql: string): string => explainPlan(bindSql(sql, testCatalog()).plan, { props: true });
const optimized = (sql: string): string => explainPlan(optimize(bindSql(sql, testCatalog()).plan));
const error = (sql: string): string => sqlErrorOf(() => bindSql(sql, testCatalog()));

describe('set operations', () => {
  test('UNION ALL casts each side to the common type and flattens', () => {
    expect(plan('SELECT age FROM users UNION ALL SELECT price FROM bids UNION ALL VALUES (1)')).toMatchInlineSnapshot(`
      "Union all columns=[age] inputs=3 [retracting]
        Project age=CAST(#0 AS BIGINT) [retracting]
          Project age=#3 [retracting]
            Scan users columns=[id, name, city, age] [retracting]
        Project age=#0 [append-only]
          Project price=#2 [append-only]
            Scan bids columns=[auction, bidder, price, channel, date_time] watermark=date_time-4s [append-only, watermark=(date_time)]
        Project age=CAST(#0 AS BIGINT) [append-only, bounded]
          Values columns=[column1] rows=[(1)] [append-only, bounded]"
    `);
  });

  test('UNION is UNION ALL then a grouping by every column', () => {
    expect(optimized('SELECT city FROM users UNION SELECT channel FROM bids')).toMatchInlineSnapshot(`
      "Aggregate keys=[city] aggs=[] emit=on-update
        Union all columns=[city] inputs=2
          Scan users columns=[city]
          Project city=#0
            Scan bids columns=[channel, date_time] watermark=date_time-4s"
    `);
  });

  test('INTERSECT and EXCEPT count rows per side', () => {
    expect(optimized('SELECT city FROM users INTERSECT SELECT channel FROM bids')).toMatchInlineSnapshot(`
      "Project city=#0
        Filter and(greater_than(#1, 0::BIGINT), greater_than(#2, 0::BIGINT))
          Aggregate keys=[city] aggs=[count_star() FILTER(#1), count_star() FILTER(#2)] emit=on-update
            Union all columns=[city, _in_left, _in_right] inputs=2
              Project city=#0, _in_left=true, _in_right=false
                Scan users columns=[city]
              Project city=#0, _in_left=false, _in_right=true
                Scan bids columns=[channel, date_time] watermark=date_time-4s"
    `);
    expect(optimized('SELECT city FROM users EXCEPT ALL SELECT channel FROM bids')).toMatchInlineSnapshot(`
      "Project city=#0
        ProjectSet city=#0, copy=generate_series(1::BIGINT, subtract(#1, #2))
          Aggregate keys=[city] aggs=[count_star() FILTER(#1), count_star() FILTER(#2)] emit=on-update
            Union all columns=[city, _in_left, _in_right] inputs=2
              Project city=#0, _in_left=true, _in_right=false
                Scan users columns=[city]
              Project city=#0, _in_left=false, _in_right=true
                Scan bids columns=[channel, date_time] watermark=date_time-4s"
    `);
  });

  test('a filter above a union reaches every input', () => {
    expect(optimized('SELECT * FROM (SELECT age AS x FROM users UNION ALL SELECT 7) AS u WHERE x > 3')).toMatchInlineSnapshot(`
      "Union all columns=[x] inputs=2
        Project x=#0
          Scan users columns=[age] filter=greater_than(#0, 3)
        Project x=#0
          Filter greater_than(#0, 3)
            Values columns=[?column?] rows=[(7)]"
    `);
  });

  test('ORDER BY names the output columns', () => {
    const bound = bindSql('SELECT city AS c FROM users UNION SELECT channel FROM bids ORDER BY c DESC');
    expect(bound.orderBy).toEqual([{ column: 0, direction: 'DESC', nulls: 'FIRST' }]);
  });

  test('sides must agree in column count and types', () => {
    expect(error('SELECT 1, 2 UNION SELECT 1')).toMatchInlineSnapshot(`"wrong-column-count at 1:1: each UNION query must have the same number of columns (2 and 1)"`);
    expect(error('SELECT 1 EXCEPT SELECT \'a\'::varchar')).toMatchInlineSnapshot(`"type-mismatch at 1:1: EXCEPT types INT and VARCHAR cannot be matched (column 1)"`);
  });
});

describe('DISTINCT', () => {
  test('SELECT DISTINCT groups by every output column', () => {
    expect(plan('SELECT DISTINCT city, age + 1 AS a FROM users')).toMatchInlineSnapshot(`
      "Aggregate keys=[city, a] aggs=[] emit=on-update [retracting]
        Project city=#2, a=add(#3, 1) [retracting]
          Scan users columns=[id, name, city, age] [retracting]"
    `);
  });

  test('SELECT DISTINCT cannot order by a column it does not output', () => {
    expect(error('SELECT DISTINCT city FROM users ORDER BY age')).toMatchInlineSnapshot(`"invalid-distinct at 1:42: for SELECT DISTINCT, ORDER BY expressions must appear in select list"`);
  });

  test('DISTINCT ON keeps the first row per key by the ORDER BY that follows the keys', () => {
    expect(plan('SELECT DISTINCT ON (city) city, name FROM users ORDER BY city, age DESC')).toMatchInlineSnapshot(`
      "TopN partition=[city] order=[city, _order_0 DESC] rank=row_number limit=1 [retracting]
        Project city=#2, name=#1, _order_0=#3 [retracting]
          Scan users columns=[id, name, city, age] [retracting]"
    `);
  });

  test('DISTINCT ON keys must lead the ORDER BY', () => {
    expect(error('SELECT DISTINCT ON (city) city, name FROM users ORDER BY age')).toMatchInlineSnapshot(`"invalid-distinct at 1:58: SELECT DISTINCT ON expressions must match initial ORDER BY expressions"`);
  });

  test('count(DISTINCT x) and FILTER reach the aggregate', () => {
    expect(plan('SELECT count(DISTINCT city), sum(age) FILTER (WHERE age > 3) FROM users')).toMatchInlineSnapshot(`
      "Project count=#0, sum=#1 [retracting]
        Aggregate keys=[] aggs=[count(DISTINCT #0), sum(#1) FILTER(#2)] emit=on-update [retracting]
          Project count_arg=#2, sum_arg=#3, sum_filter=greater_than(#3, 3) [retracting]
            Scan users columns=[id, name, city, age] [retracting]"
    `);
  });

  test('CORRESPONDING matches columns by name: the common ones in the left order, or the BY list', () => {
    expect(optimized('SELECT id, name, age FROM users UNION ALL CORRESPONDING SELECT price AS age, bidder AS id FROM bids')).toMatchInlineSnapshot(`
      "Union all columns=[id, age] inputs=2
        Project id=#0, age=CAST(#1 AS BIGINT)
          Scan users columns=[id, age]
        Project id=#0, age=#1
          Scan bids columns=[bidder, price, date_time] watermark=date_time-4s"
    `);
    expect(optimized('SELECT id, name, age FROM users UNION CORRESPONDING BY (age, id) SELECT bidder AS id, price AS age FROM bids')).toMatchInlineSnapshot(`
      "Aggregate keys=[age, id] aggs=[] emit=on-update
        Union all columns=[age, id] inputs=2
          Project age=CAST(#1 AS BIGINT), id=#0
            Scan users columns=[id, age]
          Project age=#1, id=#0
            Scan bids columns=[bidder, price, date_time] watermark=date_time-4s"
    `);
    expect(error('SELECT id FROM users UNION CORRESPONDING SELECT price FROM bids')).toMatchInlineSnapshot(`"column-not-found at 1:1: UNION CORRESPONDING: the two sides have no column name in common"`);
    expect(error('SELECT id, name FROM users EXCEPT CORRESPONDING BY (name) SELECT bidder AS id FROM bids')).toMatchInlineSnapshot(`"column-not-found at 1:1: column 'name' of EXCEPT CORRESPONDING is not in the right query"`);
  });
});
