-- q21: bids with a channel id taken from the channel name (hot channels) or from the url.
CREATE MATERIALIZED VIEW nexmark_q21 AS
SELECT auction, bidder, price, channel, channel_id
FROM (
  SELECT auction, bidder, price, channel,
    CASE
      WHEN lower(channel) = 'apple' THEN '0'
      WHEN lower(channel) = 'google' THEN '1'
      WHEN lower(channel) = 'facebook' THEN '2'
      WHEN lower(channel) = 'baidu' THEN '3'
      ELSE array_to_string(regexp_match(url, '[&?]channel_id=([^&]*)'), '')
    END AS channel_id
  FROM bid
) B
WHERE channel_id IS NOT NULL;
