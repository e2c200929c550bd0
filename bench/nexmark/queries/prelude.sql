-- The three Nexmark streams, generated inside the engine (connector 'nexmark'). The harness
-- rewrites nexmark.event.num (and may add options) before running; each source covers the same
-- event numbers, so the three advance through event time in step.
CREATE SOURCE person (
  id BIGINT, name VARCHAR, email_address VARCHAR, credit_card VARCHAR, city VARCHAR, state VARCHAR,
  date_time TIMESTAMP, extra VARCHAR,
  WATERMARK FOR date_time AS date_time - INTERVAL '4' SECOND
) WITH (connector = 'nexmark', nexmark.table.type = 'Person', nexmark.event.num = '10000000', nexmark.split.num = '1');

CREATE SOURCE auction (
  id BIGINT, item_name VARCHAR, description VARCHAR, initial_bid BIGINT, reserve BIGINT,
  date_time TIMESTAMP, expires TIMESTAMP, seller BIGINT, category BIGINT, extra VARCHAR,
  WATERMARK FOR date_time AS date_time - INTERVAL '4' SECOND
) WITH (connector = 'nexmark', nexmark.table.type = 'Auction', nexmark.event.num = '10000000', nexmark.split.num = '1');

CREATE SOURCE bid (
  auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, url VARCHAR, date_time TIMESTAMP, extra VARCHAR,
  WATERMARK FOR date_time AS date_time - INTERVAL '4' SECOND
) WITH (connector = 'nexmark', nexmark.table.type = 'Bid', nexmark.event.num = '10000000', nexmark.split.num = '1');
