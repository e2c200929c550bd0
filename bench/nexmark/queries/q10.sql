-- q10: every bid written to files with its day and hour:minute (Beam partitions the files by them).
CREATE SINK nexmark_q10 AS
SELECT auction, bidder, price, date_time, extra,
  to_char(date_time, 'YYYY-MM-DD') AS dt, to_char(date_time, 'HH24:MI') AS hm
FROM bid
WITH (connector = 'file', path = '/tmp/sluice-nexmark-q10');
