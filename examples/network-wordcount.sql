-- Network word count: counts the words of every line received on a TCP socket.
-- Start a text server first (`nc -lk 9999`), then `npx sluice -f examples/network-wordcount.sql`.

CREATE SOURCE lines (line VARCHAR) WITH (connector = 'socket', host = '127.0.0.1', port = '9999');

CREATE MATERIALIZED VIEW word_counts AS
SELECT word, count(*) AS n
FROM (SELECT unnest(string_to_array(line, ' ')) AS word FROM lines) AS words
WHERE word <> ''
GROUP BY word;

SUBSCRIBE word_counts;
