-- q0: pass every bid through (the cost of reading and storing the stream).
CREATE MATERIALIZED VIEW nexmark_q0 AS
SELECT auction, bidder, price, date_time, extra FROM bid;
