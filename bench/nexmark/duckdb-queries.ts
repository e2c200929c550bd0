/**
 * Each Nexmark query as a DuckDB batch query over the same events: the reference answer a
 * streaming run over bounded input must end with. TUMBLE/HOP become time_bucket (HOP: one row
 * per overlapping window), SESSION becomes gaps found with lag(). `columns`, when set, is the
 * part of the result both sides are compared on, for queries whose other columns depend on
 * how ties are broken (q18, q19) or on processing time (q12).
 */
export interface NexmarkReference {
  readonly query: string;
  readonly duckdb: string;
  readonly columns?: readonly string[];
  /** compare these aggregates of the view instead of its rows (processing-time results) */
  readonly summary?: string;
}

const RANKS = (what: string): string => `
  count(DISTINCT ${what}) FILTER (WHERE price < 10000) AS rank1_${what}s,
  count(DISTINCT ${what}) FILTER (WHERE price >= 10000 AND price < 1000000) AS rank2_${what}s,
  count(DISTINCT ${what}) FILTER (WHERE price >= 1000000) AS rank3_${what}s`;
const BID_RANKS = `
  count(*) FILTER (WHERE price < 10000) AS rank1_bids,
  count(*) FILTER (WHERE price >= 10000 AND price < 1000000) AS rank2_bids,
  count(*) FILTER (WHERE price >= 1000000) AS rank3_bids`;
const DISTINCT_COUNTS = `count(*) AS total_bids, ${BID_RANKS},
  count(DISTINCT bidder) AS total_bidders, ${RANKS('bidder')},
  count(DISTINCT auction) AS total_auctions, ${RANKS('auction')}`;
const TUMBLE_10S = (t: string): string => `time_bucket(INTERVAL '10 seconds', ${t})`;

export const NEXMARK_REFERENCES: readonly NexmarkReference[] = [
  { query: 'q0', duckdb: 'SELECT auction, bidder, price, date_time, extra FROM bid' },
  { query: 'q1', duckdb: 'SELECT auction, bidder, 0.908::DOUBLE * price AS price, date_time, extra FROM bid' },
  { query: 'q2', duckdb: 'SELECT auction, price FROM bid WHERE auction % 123 = 0' },
  {
    query: 'q3',
    duckdb: `SELECT P.name, P.city, P.state, A.id FROM auction A JOIN person P ON A.seller = P.id
      WHERE A.category = 10 AND P.state IN ('OR', 'ID', 'CA')`,
  },
  {
    query: 'q4',
    duckdb: `SELECT category, avg(final) AS avg FROM (
      SELECT max(B.price) AS final, A.category FROM auction A JOIN bid B
        ON A.id = B.auction AND B.date_time BETWEEN A.date_time AND A.expires
      GROUP BY A.id, A.category) GROUP BY category`,
  },
  {
    query: 'q5',
    duckdb: `WITH hb AS (
        SELECT auction, time_bucket(INTERVAL '2 seconds', date_time) - to_seconds(2 * k) AS ws FROM bid, range(5) r(k)),
      counts AS (SELECT auction, ws, count(*) AS num FROM hb GROUP BY auction, ws),
      maxes AS (SELECT ws, max(num) AS maxn FROM counts GROUP BY ws)
      SELECT c.auction, c.num FROM counts c JOIN maxes m ON c.ws = m.ws AND c.num >= m.maxn`,
  },
  {
    query: 'q6',
    duckdb: `SELECT seller, id, expires,
        avg(price) OVER (PARTITION BY seller ORDER BY expires, id ROWS BETWEEN 9 PRECEDING AND CURRENT ROW) AS avg_price
      FROM (SELECT A.id, A.seller, A.expires, max(B.price) AS price FROM auction A JOIN bid B
        ON A.id = B.auction AND B.date_time BETWEEN A.date_time AND A.expires GROUP BY A.id, A.seller, A.expires)`,
  },
  {
    query: 'q7',
    duckdb: `SELECT B.auction, B.price, B.bidder, B.date_time FROM bid B JOIN (
        SELECT max(price) AS maxprice, ${TUMBLE_10S('date_time')} + INTERVAL '10 seconds' AS date_time FROM bid GROUP BY 2) B1
      ON B.price = B1.maxprice WHERE B.date_time BETWEEN B1.date_time - INTERVAL '10 seconds' AND B1.date_time`,
  },
  {
    query: 'q8',
    duckdb: `SELECT P.id, P.name, P.starttime FROM
      (SELECT DISTINCT id, name, ${TUMBLE_10S('date_time')} AS starttime FROM person) P JOIN
      (SELECT DISTINCT seller, ${TUMBLE_10S('date_time')} AS starttime FROM auction) A
      ON P.id = A.seller AND P.starttime = A.starttime`,
  },
  {
    query: 'q9',
    duckdb: `SELECT id, item_name, initial_bid, reserve, date_time, expires, seller, category, auction, bidder, price, bid_date_time
      FROM (SELECT A.*, B.auction, B.bidder, B.price, B.date_time AS bid_date_time,
          row_number() OVER (PARTITION BY A.id ORDER BY B.price DESC, B.date_time ASC) AS rownum
        FROM auction A JOIN bid B ON A.id = B.auction AND B.date_time BETWEEN A.date_time AND A.expires)
      WHERE rownum <= 1`,
  },
  {
    query: 'q11',
    duckdb: `WITH o AS (
        SELECT bidder, date_time, CASE WHEN date_time - lag(date_time) OVER (PARTITION BY bidder ORDER BY date_time)
          < INTERVAL '10 seconds' THEN 0 ELSE 1 END AS new_session FROM bid),
      s AS (SELECT bidder, date_time, sum(new_session) OVER (PARTITION BY bidder ORDER BY date_time ROWS UNBOUNDED PRECEDING) AS sid FROM o)
      SELECT bidder, count(*) AS bid_count, min(date_time) AS starttime, max(date_time) + INTERVAL '10 seconds' AS endtime
      FROM s GROUP BY bidder, sid`,
  },
  {
    query: 'q12',
    duckdb: 'SELECT count(*) AS bids, count(DISTINCT bidder) AS bidders FROM bid',
    summary: 'SELECT sum(bid_count) AS bids, count(DISTINCT bidder) AS bidders FROM nexmark_q12',
  },
  { query: 'q13', duckdb: `SELECT auction, bidder, price, date_time, 'value-' || (auction % 10000) AS value FROM bid` },
  {
    query: 'q14',
    // DuckDB has no count_char (the Sluice query's user function): the same count by length and replace
    duckdb: `SELECT auction, bidder, 0.908::DOUBLE * price AS price,
        CASE WHEN hour(date_time) BETWEEN 8 AND 18 THEN 'dayTime'
             WHEN hour(date_time) <= 6 OR hour(date_time) >= 20 THEN 'nightTime' ELSE 'otherTime' END AS bidtimetype,
        date_time, extra, length(extra) - length(replace(extra, 'c', '')) AS c_counts
      FROM bid WHERE 0.908::DOUBLE * price > 1000000 AND 0.908::DOUBLE * price < 50000000`,
  },
  { query: 'q15', duckdb: `SELECT strftime(date_time, '%Y-%m-%d') AS day, ${DISTINCT_COUNTS} FROM bid GROUP BY 1` },
  {
    query: 'q16',
    duckdb: `SELECT channel, strftime(date_time, '%Y-%m-%d') AS day, max(strftime(date_time, '%H:%M')) AS minute, ${DISTINCT_COUNTS}
      FROM bid GROUP BY 1, 2`,
  },
  {
    query: 'q17',
    duckdb: `SELECT auction, strftime(date_time, '%Y-%m-%d') AS day, count(*) AS total_bids, ${BID_RANKS},
        min(price) AS min_price, max(price) AS max_price, avg(price) AS avg_price, sum(price) AS sum_price
      FROM bid GROUP BY 1, 2`,
  },
  { query: 'q18', duckdb: 'SELECT auction, bidder, max(date_time) AS date_time FROM bid GROUP BY 1, 2', columns: ['auction', 'bidder', 'date_time'] },
  {
    query: 'q19',
    duckdb: `SELECT auction, price FROM (SELECT auction, price, row_number() OVER (PARTITION BY auction ORDER BY price DESC) AS rn FROM bid)
      WHERE rn <= 10`,
    columns: ['auction', 'price'],
  },
  {
    query: 'q20',
    duckdb: `SELECT auction, bidder, price, channel, url, B.date_time AS date_time_b, item_name, description, initial_bid, reserve,
        A.date_time AS date_time_a, expires, seller, category FROM bid B JOIN auction A ON B.auction = A.id WHERE A.category = 10`,
  },
  {
    query: 'q21',
    duckdb: `SELECT * FROM (SELECT auction, bidder, price, channel,
        CASE lower(channel) WHEN 'apple' THEN '0' WHEN 'google' THEN '1' WHEN 'facebook' THEN '2' WHEN 'baidu' THEN '3'
          ELSE nullif(regexp_extract(url, '[&?]channel_id=([^&]*)', 1), '') END AS channel_id FROM bid)
      WHERE channel_id IS NOT NULL`,
  },
  {
    query: 'q22',
    duckdb: `SELECT auction, bidder, price, channel, split_part(url, '/', 4) AS dir1, split_part(url, '/', 5) AS dir2,
        split_part(url, '/', 6) AS dir3 FROM bid`,
  },
];
