/**
 * Queries that Sluice (as a materialized view over the generated event file) and DuckDB (as a
 * batch query over the same file) must answer identically. Each Sluice view reads the source
 * `events`; each DuckDB query reads the table `events` loaded by DuckDbOracle.loadEventFile.
 */
export interface OracleQuery {
  /** Short name, also the view's name. */
  readonly name: string;
  /** The view's query in Sluice SQL (without CREATE MATERIALIZED VIEW). */
  readonly sluice: string;
  /** Appends `EMIT ON WINDOW CLOSE` to the view. */
  readonly emitOnWindowClose?: boolean;
  /** The same question for DuckDB; its column names match the view's. */
  readonly duckdb: string;
}

export const ORACLE_QUERIES: readonly OracleQuery[] = [
  {
    name: 'tumble_item_stats',
    sluice: `
      SELECT window_start, window_end, item,
             count(*) AS n, sum(price) AS total, min(price) AS lo, max(price) AS hi
      FROM TUMBLE(events, ts, INTERVAL '10' SECOND)
      GROUP BY window_start, window_end, item`,
    emitOnWindowClose: true,
    duckdb: `
      SELECT time_bucket(INTERVAL '10 seconds', ts) AS window_start,
             time_bucket(INTERVAL '10 seconds', ts) + INTERVAL '10 seconds' AS window_end,
             item, count(*) AS n, sum(price) AS total, min(price) AS lo, max(price) AS hi
      FROM events
      GROUP BY ALL`,
  },
  {
    name: 'hop_category_units',
    sluice: `
      SELECT window_start, window_end, category, count(*) AS n, sum(qty) AS units
      FROM HOP(events, ts, INTERVAL '5' SECOND, INTERVAL '10' SECOND)
      GROUP BY window_start, window_end, category`,
    // Each row lies in two 10 s windows, starting at its 5 s bucket and 5 s before it.
    duckdb: `
      SELECT window_start, window_start + INTERVAL '10 seconds' AS window_end,
             category, count(*) AS n, sum(qty) AS units
      FROM (
        SELECT unnest([time_bucket(INTERVAL '5 seconds', ts),
                       time_bucket(INTERVAL '5 seconds', ts) - INTERVAL '5 seconds']) AS window_start,
               category, qty
        FROM events)
      GROUP BY ALL`,
  },
  {
    name: 'filtered_amounts',
    sluice: `
      SELECT ts, user_id, item, price * qty AS amount, price - qty * 3 AS adjusted, qty <> 1 AS multi
      FROM events
      WHERE (price * qty > 300 AND NOT (item = 'tea' OR category IS NULL))
         OR (qty >= 4 AND price % 7 = 0)`,
    duckdb: `
      SELECT ts, user_id, item, price * qty AS amount, price - qty * 3 AS adjusted, qty <> 1 AS multi
      FROM events
      WHERE (price * qty > 300 AND NOT (item = 'tea' OR category IS NULL))
         OR (qty >= 4 AND price % 7 = 0)`,
  },
  {
    name: 'price_buckets',
    sluice: `
      SELECT bucket, count(*) AS n, sum(qty) AS units, max(price) AS top
      FROM (
        SELECT CASE WHEN price < 20 THEN 'cheap'
                    WHEN price < 100 THEN 'regular'
                    WHEN qty > 3 THEN 'bulk premium'
                    ELSE 'premium' END AS bucket,
               qty, price
        FROM events) b
      GROUP BY bucket`,
    duckdb: `
      SELECT bucket, count(*) AS n, sum(qty) AS units, max(price) AS top
      FROM (
        SELECT CASE WHEN price < 20 THEN 'cheap'
                    WHEN price < 100 THEN 'regular'
                    WHEN qty > 3 THEN 'bulk premium'
                    ELSE 'premium' END AS bucket,
               qty, price
        FROM events) b
      GROUP BY bucket`,
  },
  {
    name: 'frequent_users',
    sluice: `
      SELECT user_id, count(*) AS n, avg(price) AS avg_price, max(qty) AS max_qty
      FROM events
      GROUP BY user_id
      HAVING count(*) >= 30 AND avg(price) > 40`,
    duckdb: `
      SELECT user_id, count(*) AS n, avg(price) AS avg_price, max(qty) AS max_qty
      FROM events
      GROUP BY user_id
      HAVING count(*) >= 30 AND avg(price) > 40`,
  },
  {
    name: 'word_count_split',
    sluice: `
      SELECT word, count(*) AS n
      FROM (SELECT unnest(string_to_array(line, ' ')) AS word FROM events) t
      GROUP BY word`,
    duckdb: `
      SELECT word, count(*) AS n
      FROM (SELECT unnest(string_to_array(line, ' ')) AS word FROM events) t
      GROUP BY word`,
  },
  {
    name: 'word_count_regexp',
    sluice: `
      SELECT word, count(*) AS n
      FROM (SELECT regexp_split_to_table(line, '\\s+') AS word FROM events) t
      GROUP BY word`,
    // DuckDB has no regexp_split_to_table; unnest of regexp_split_to_array is the same rows.
    duckdb: `
      SELECT word, count(*) AS n
      FROM (SELECT unnest(regexp_split_to_array(line, '\\s+')) AS word FROM events) t
      GROUP BY word`,
  },
];

/** The continuous (push) query whose changelog must end at the batch answer. */
export const CONTINUOUS_QUERY: OracleQuery = {
  name: 'category_totals',
  sluice: `
    SELECT category, count(*) AS n, sum(price) AS total, max(qty) AS max_qty
    FROM events
    GROUP BY category`,
  duckdb: `
    SELECT category, count(*) AS n, sum(price) AS total, max(qty) AS max_qty
    FROM events
    GROUP BY category`,
};
