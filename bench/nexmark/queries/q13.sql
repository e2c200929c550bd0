-- q13: bids joined with a bounded side table on auction % 10000 (a lookup join).
CREATE TABLE side_input (key BIGINT PRIMARY KEY, value VARCHAR);
INSERT INTO side_input SELECT g, 'value-' || g FROM generate_series(0, 9999) AS s(g);
CREATE MATERIALIZED VIEW nexmark_q13 AS
SELECT B.auction, B.bidder, B.price, B.date_time, S.value
FROM bid B JOIN side_input S ON B.auction % 10000 = S.key;
