-- q6: per seller, the average selling price of their last 10 closed auctions (winning bid of each).
CREATE MATERIALIZED VIEW nexmark_q6 AS
SELECT seller, id, expires,
  avg(price) OVER (PARTITION BY seller ORDER BY expires, id ROWS BETWEEN 9 PRECEDING AND CURRENT ROW) AS avg_price
FROM (
  SELECT A.id, A.seller, A.expires, B.price,
    row_number() OVER (PARTITION BY A.id ORDER BY B.price DESC, B.date_time ASC) AS rownum
  FROM auction A JOIN bid B ON A.id = B.auction AND B.date_time BETWEEN A.date_time AND A.expires
) W
WHERE rownum = 1;
