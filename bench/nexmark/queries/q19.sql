-- q19: the 10 highest bids of each auction (top-N).
CREATE MATERIALIZED VIEW nexmark_q19 AS
SELECT auction, bidder, price, channel, url, date_time, extra, rank_number
FROM (
  SELECT *, row_number() OVER (PARTITION BY auction ORDER BY price DESC) AS rank_number
  FROM bid
) B
WHERE rank_number <= 10;
