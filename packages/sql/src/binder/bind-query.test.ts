import { describe, expect, test } from 'vitest';
import { explainPlan } from '../explain/explain-plan.js';
import { parse } from '../parser/parse.js';
import { bindSql, sqlErrorOf, testCatalog } from './test-catalog.js';

const plan = (sql: string, eowc = false): string => explainPlan(bindSql(sql, testCatalog(), { emitOnWindowClose: eowc }).plan);
const error = (sql: string, eowc = false): string => sqlErrorOf(() => bindSql(sql, testCatalog(), { emitOnWindowClose: eowc }));

describe('name resolution', () => {
  test('unqualified, qualified by table and alias, any case', () => {
    expect(plan('SELECT Auction, bids.price FROM bids')).toMatchInlineSnapshot(`
      "Project auction=#0, price=#2
        Scan bids columns=[auction, bidder, price, channel, date_time] watermark=date_time-4s"
    `);
    expect(plan('SELECT B.channel FROM bids AS b')).toMatchInlineSnapshot(`
      "Project channel=#3
        Scan bids columns=[auction, bidder, price, channel, date_time] watermark=date_time-4s"
    `);
    // once aliased, the table's own name no longer qualifies (as in PostgreSQL)
    expect(error('SELECT bids.price FROM bids AS b')).toMatchInlineSnapshot(`"table-not-found at 1:8: missing FROM-clause entry for table 'bids'"`);
  });

  test('star and t.* expand in order', () => {
    expect(plan('SELECT t.*, 1 AS one FROM users t')).toMatchInlineSnapshot(`
      "Project id=#0, name=#1, city=#2, age=#3, one=1
        Scan users columns=[id, name, city, age]"
    `);
  });

  test('a misspelt column names the position and suggests the closest name', () => {
    expect(error('SELECT auction,\n  prcie FROM bids')).toMatchInlineSnapshot(`"column-not-found at 2:3: column 'prcie' does not exist (hint: did you mean 'price'?)"`);
  });

  test('a misspelt table suggests the closest relation', () => {
    expect(error('SELECT * FROM bid')).toMatchInlineSnapshot(`"table-not-found at 1:15: relation 'bid' does not exist (hint: did you mean 'bids'?)"`);
  });

  test('an unknown qualifier is table-not-found', () => {
    expect(error('SELECT x.price FROM bids')).toMatchInlineSnapshot(`"table-not-found at 1:8: missing FROM-clause entry for table 'x'"`);
  });

  test('a name two columns share is ambiguous', () => {
    expect(error('SELECT a FROM (SELECT 1 AS a, 2 AS a) AS t')).toMatchInlineSnapshot(`"ambiguous-column at 1:8: column reference 'a' is ambiguous (hint: qualify it with a table name or alias)"`);
  });

  test('subqueries in FROM, with column aliases', () => {
    expect(plan('SELECT y FROM (SELECT price AS x FROM bids) AS s(y) WHERE y > 10')).toMatchInlineSnapshot(`
      "Project y=#0
        Filter greater_than(#0, 10::BIGINT)
          Project x=#2
            Scan bids columns=[auction, bidder, price, channel, date_time] watermark=date_time-4s"
    `);
  });

  test('plain views and CTEs are expanded', () => {
    const [stmt] = parse('SELECT auction, price FROM bids WHERE price > 100');
    const catalog = testCatalog(stmt?.kind === 'Query' ? stmt.query : undefined);
    expect(explainPlan(bindSql('SELECT e.price FROM expensive_bids e', catalog).plan)).toMatchInlineSnapshot(`
      "Project price=#1
        Project auction=#0, price=#2
          Filter greater_than(#2, 100::BIGINT)
            Scan bids columns=[auction, bidder, price, channel, date_time] watermark=date_time-4s"
    `);
    expect(plan('WITH c AS (SELECT line FROM lines) SELECT line FROM c')).toMatchInlineSnapshot(`
      "Project line=#0
        Project line=#0
          Scan lines columns=[line]"
    `);
  });

  test('unknown functions get a hint', () => {
    expect(error('SELECT lowr(channel) FROM bids')).toMatchInlineSnapshot(`"function-not-found at 1:8: function lowr does not exist (hint: did you mean 'lower'?)"`);
  });
});

describe('expressions and types', () => {
  test('integer literals widen to the other side; string literals take the column type', () => {
    expect(plan("SELECT price + 1 AS p, date_time >= '2024-01-01' AS recent FROM bids")).toMatchInlineSnapshot(`
      "Project p=add(#2, 1::BIGINT), recent=greater_than_or_equal(#4, TIMESTAMP '2024-01-01 00:00:00')
        Scan bids columns=[auction, bidder, price, channel, date_time] watermark=date_time-4s"
    `);
  });

  test('BETWEEN, IN, LIKE, IS NULL, CASE and CAST lower to canonical calls', () => {
    expect(plan(`SELECT CASE channel WHEN 'web' THEN 1 ELSE 0 END AS w, price::DOUBLE AS d
      FROM bids WHERE price BETWEEN 10 AND 20 AND auction IN (1, 2, 3) AND channel LIKE 'w%' AND bidder IS NOT NULL`)).toMatchInlineSnapshot(`
        "Project w=CASE WHEN equal(#3, 'web') THEN 1 ELSE 0 END, d=CAST(#2 AS DOUBLE)
          Filter and(and(and(and(greater_than_or_equal(#2, 10::BIGINT), less_than_or_equal(#2, 20::BIGINT)), in_list(#0, 1::BIGINT, 2::BIGINT, 3::BIGINT)), like(#3, 'w%')), is_not_null(#1))
            Scan bids columns=[auction, bidder, price, channel, date_time] watermark=date_time-4s"
      `);
  });

  test('a literal that cannot be cast fails at bind time with its position', () => {
    expect(error("SELECT 'abc'::INT")).toMatchInlineSnapshot(`"invalid-cast at 1:8: cannot cast 'abc' (VARCHAR) to INT"`);
    expect(error("SELECT * FROM bids WHERE date_time > 'yesterday'")).toMatchInlineSnapshot(`"invalid-cast at 1:38: cannot cast 'yesterday' (VARCHAR) to TIMESTAMP"`);
  });

  test('operators on mismatched types are type-mismatch', () => {
    expect(error('SELECT channel + 1 FROM bids')).toMatchInlineSnapshot(`"type-mismatch at 1:8: operator + cannot be applied to VARCHAR, INT (hint: expected add(SMALLINT, SMALLINT), add(INT, INT), add(BIGINT, BIGINT), add(DECIMAL, DECIMAL), ...)"`);
    expect(error('SELECT length(channel, 1) FROM bids')).toMatchInlineSnapshot(`"wrong-argument-count at 1:8: length takes 1 argument(s), got 2"`);
  });

  test('a SELECT without FROM is one row of Values; VALUES unify column types', () => {
    expect(plan("SELECT 1 AS a, 'x' AS b")).toMatchInlineSnapshot(`"Values columns=[a, b] rows=[(1, 'x')]"`);
    expect(plan('VALUES (1, NULL), (3000000000, 2.5)')).toMatchInlineSnapshot(`"Values columns=[column1, column2] rows=[(1::BIGINT, NULL::DECIMAL), (3000000000::BIGINT, 2.5::DECIMAL)]"`);
  });

  test('unsupported features say which', () => {
    expect(error('SELECT * FROM bids WHERE auction IN (SELECT id FROM users) OR price > 1')).toMatchInlineSnapshot(`"unsupported-feature at 1:26: not supported yet: IN (subquery) other than as an AND-ed condition of WHERE"`);
    expect(error('SELECT channel, (SELECT max(id) FROM users) FROM bids GROUP BY channel')).toMatchInlineSnapshot(`"unsupported-feature at 1:1: not supported yet: subqueries in the select list of a grouped SELECT"`);
  });
});

describe('aggregation', () => {
  test('GROUP BY, HAVING and aggregates inside expressions', () => {
    expect(plan(`SELECT channel, sum(price) * 2 AS s, count(*) FILTER (WHERE price > 10) AS big
      FROM bids GROUP BY channel HAVING avg(price) > 5`)).toMatchInlineSnapshot(`
        "Project channel=#0, s=multiply(#1, 2::BIGINT), big=#2
          Filter greater_than(#3, 5::DOUBLE)
            Aggregate keys=[channel] aggs=[sum(#1), count_star() FILTER(#2), avg(#1)] emit=on-update
              Project channel=#3, sum_arg=#2, count_star_filter=greater_than(#2, 10::BIGINT)
                Scan bids columns=[auction, bidder, price, channel, date_time] watermark=date_time-4s"
      `);
  });

  test('GROUP BY an output alias and an ordinal; DISTINCT is recorded', () => {
    expect(plan('SELECT upper(channel) AS c, count(DISTINCT bidder) FROM bids GROUP BY c')).toMatchInlineSnapshot(`
      "Project c=#0, count=#1
        Aggregate keys=[c] aggs=[count(DISTINCT #1)] emit=on-update
          Project c=upper(#3), count_arg=#1
            Scan bids columns=[auction, bidder, price, channel, date_time] watermark=date_time-4s"
    `);
    expect(plan('SELECT price / 100 AS bucket, min(price) FROM bids GROUP BY 1')).toMatchInlineSnapshot(`
      "Project bucket=#0, min=#1
        Aggregate keys=[bucket] aggs=[min(#1)] emit=on-update
          Project bucket=divide(#2, 100::BIGINT), min_arg=#2
            Scan bids columns=[auction, bidder, price, channel, date_time] watermark=date_time-4s"
    `);
  });

  test('ungrouped columns and aggregates in WHERE are errors', () => {
    expect(error('SELECT channel, price FROM bids GROUP BY channel')).toMatchInlineSnapshot(`"column-not-grouped at 1:17: column price must appear in the GROUP BY clause or be used in an aggregate function"`);
    expect(error('SELECT channel FROM bids WHERE count(*) > 1')).toMatchInlineSnapshot(`"aggregate-in-where at 1:32: aggregate functions are not allowed in WHERE (hint: filter on aggregates with HAVING)"`);
  });

  test('word count: unnest in the select list, then group', () => {
    const bound = bindSql(`SELECT word, count(*) AS n
      FROM (SELECT unnest(string_to_array(line, ' ')) AS word FROM lines) AS w
      GROUP BY word ORDER BY n DESC, word LIMIT 10`);
    expect(explainPlan(bound.plan, { props: true })).toMatchInlineSnapshot(`
      "Project word=#0, n=#1 [retracting, bounded]
        Aggregate keys=[word] aggs=[count_star()] emit=on-update [retracting, bounded]
          Project word=#0 [append-only, bounded]
            Project word=#1 [append-only, bounded]
              ProjectSet line=#0, unnest=unnest(string_to_array(#0, ' ')) [append-only, bounded]
                Scan lines columns=[line] [append-only, bounded]"
    `);
    expect(bound.orderBy).toEqual([{ column: 1, direction: 'DESC', nulls: 'FIRST' }, { column: 0, direction: 'ASC', nulls: 'LAST' }]);
    expect(bound.limit).toBe(10);
  });

  test('set-returning functions in FROM, standalone and lateral', () => {
    expect(plan("SELECT word FROM lines, regexp_split_to_table(line, '\\s+') AS t(word)")).toMatchInlineSnapshot(`
      "Project word=#1
        ProjectSet line=#0, word=regexp_split_to_table(#0, '\\s+')
          Scan lines columns=[line]"
    `);
    expect(plan('SELECT * FROM generate_series(1, 3) AS g(n)')).toMatchInlineSnapshot(`
      "Project n=#0
        ProjectSet n=generate_series(1, 3)
          Values columns=[] rows=[()]"
    `);
  });

  test('ORDER BY a column not in the output adds a hidden column', () => {
    const bound = bindSql('SELECT auction FROM bids ORDER BY price DESC');
    expect(bound.visibleColumns).toBe(1);
    expect(bound.orderBy).toEqual([{ column: 1, direction: 'DESC', nulls: 'FIRST' }]);
    expect(explainPlan(bound.plan)).toMatchInlineSnapshot(`
      "Project auction=#0, _order_0=#2
        Scan bids columns=[auction, bidder, price, channel, date_time] watermark=date_time-4s"
    `);
  });
});

describe('windows', () => {
  const tumble = `SELECT window_start, window_end, auction, count(*) AS n, max(price) AS top
    FROM TUMBLE(bids, date_time, INTERVAL '10' SECOND) GROUP BY window_start, window_end, auction`;

  test('TUMBLE with EMIT ON WINDOW CLOSE closes on window_end', () => {
    expect(explainPlan(bindSql(tumble, testCatalog(), { emitOnWindowClose: true }).plan, { props: true })).toMatchInlineSnapshot(`
      "Project window_start=#0, window_end=#1, auction=#2, n=#3, top=#4 [append-only, watermark=(window_start, window_end)]
        Aggregate keys=[window_start, window_end, auction] aggs=[count_star(), max(#3)] emit=on-window-close window-close=window_end [append-only, watermark=(window_start, window_end)]
          Project window_start=#5, window_end=#6, auction=#0, max_arg=#2 [append-only, watermark=(window_start, window_end)]
            WindowTvf tumble(date_time, size=10s) [append-only, watermark=(date_time, window_start, window_end)]
              Scan bids columns=[auction, bidder, price, channel, date_time] watermark=date_time-4s [append-only, watermark=(date_time)]"
    `);
  });

  test('HOP grouped by window_start closes at start + size; emit on update retracts', () => {
    expect(plan(`SELECT window_start, sum(price) FROM HOP(bids, date_time, INTERVAL '2' SECOND, INTERVAL '10' SECOND)
      GROUP BY window_start`)).toMatchInlineSnapshot(`
        "Project window_start=#0, sum=#1
          Aggregate keys=[window_start] aggs=[sum(#1)] emit=on-update window-close=window_start+10s
            Project window_start=#5, sum_arg=#2
              WindowTvf hop(date_time, slide=2s, size=10s)
                Scan bids columns=[auction, bidder, price, channel, date_time] watermark=date_time-4s"
      `);
  });

  test('window errors', () => {
    expect(error("SELECT * FROM TUMBLE(users, name, INTERVAL '1' MINUTE)")).toMatchInlineSnapshot(`"invalid-window-column at 1:15: window time column 'name' is VARCHAR, not TIMESTAMP or TIMESTAMPTZ"`);
    expect(error("SELECT * FROM HOP(bids, date_time, INTERVAL '3' SECOND, INTERVAL '10' SECOND)")).toMatchInlineSnapshot(`"invalid-window-size at 1:15: HOP size must be a multiple of its slide (hint: choose a size that is a whole number of slides, e.g. HOP(t, ts, INTERVAL '1' MINUTE, INTERVAL '5' MINUTE))"`);
    expect(error('SELECT channel, count(*) FROM bids GROUP BY channel', true)).toMatchInlineSnapshot(`"emit-on-window-close-without-window at 1:1: EMIT ON WINDOW CLOSE needs a GROUP BY key that is window_start or window_end of a window over a column with a watermark (hint: group by window_start or window_end of TUMBLE/HOP over a source with WATERMARK FOR its time column)"`);
    expect(error("SELECT window_start, count(*) FROM TUMBLE(ticks, ts, INTERVAL '1' MINUTE) GROUP BY window_start", true)).toMatchInlineSnapshot(`"emit-on-window-close-without-window at 1:1: EMIT ON WINDOW CLOSE needs a GROUP BY key that is window_start or window_end of a window over a column with a watermark (hint: group by window_start or window_end of TUMBLE/HOP over a source with WATERMARK FOR its time column)"`);
  });
});
