-- q4: the average closing price per category (closing price: the highest bid within the auction's lifetime).
CREATE MATERIALIZED VIEW nexmark_q4 AS
SELECT Q.category, avg(Q.final) AS avg
FROM (
  SELECT max(B.price) AS final, A.category
  FROM auction A, bid B
  WHERE A.id = B.auction AND B.date_time BETWEEN A.date_time AND A.expires
  GROUP BY A.id, A.category
) Q
GROUP BY Q.category;
