-- q9: the winning bid of each auction (highest price, earliest on ties) within its lifetime.
CREATE MATERIALIZED VIEW nexmark_q9 AS
SELECT id, item_name, initial_bid, reserve, date_time, expires, seller, category, auction, bidder, price, bid_date_time
FROM (
  SELECT A.id, A.item_name, A.initial_bid, A.reserve, A.date_time, A.expires, A.seller, A.category,
    B.auction, B.bidder, B.price, B.date_time AS bid_date_time,
    row_number() OVER (PARTITION BY A.id ORDER BY B.price DESC, B.date_time ASC) AS rownum
  FROM auction A, bid B
  WHERE A.id = B.auction AND B.date_time BETWEEN A.date_time AND A.expires
) W
WHERE rownum <= 1;
