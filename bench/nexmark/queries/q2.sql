-- q2: the bids on a set of auctions (ids divisible by 123).
CREATE MATERIALIZED VIEW nexmark_q2 AS
SELECT auction, price FROM bid WHERE auction % 123 = 0;
