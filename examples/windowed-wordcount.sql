-- Windowed word counts: counts over the last 10 seconds, sliding every 5 seconds.
-- Each line gets its arrival time in `arrived_at` (a TIMESTAMP column beside the text column).
-- Start a text server first (`nc -lk 9999`), then `npx sluice -f examples/windowed-wordcount.sql`.

CREATE SOURCE lines (line VARCHAR, arrived_at TIMESTAMP,
  WATERMARK FOR arrived_at AS arrived_at - INTERVAL '1' SECOND)
WITH (connector = 'socket', host = '127.0.0.1', port = '9999');

CREATE MATERIALIZED VIEW windowed_counts AS
SELECT window_start, window_end, word, count(*) AS n
FROM HOP(
  (SELECT arrived_at, regexp_split_to_table(line, '\s+') AS word FROM lines),
  arrived_at, INTERVAL '5' SECOND, INTERVAL '10' SECOND)
WHERE word <> ''
GROUP BY window_start, window_end, word;

SUBSCRIBE windowed_counts;
