-- The Sluice demo: a generator of page clicks, counted per page in 5-second event-time
-- windows. Each window's counts print once, when the watermark passes its end.
-- Run with `npm start`; stop with Ctrl-C.

CREATE SOURCE clicks (
  user_id BIGINT,
  page VARCHAR,
  ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND
) WITH (
  connector = 'datagen',
  datagen.rows.per.second = '200',
  fields.user_id.kind = 'random', fields.user_id.min = '1', fields.user_id.max = '50',
  fields.page.values = 'home,search,product,cart,checkout',
  fields.ts.kind = 'event_time', fields.ts.max_past = '500ms'
);

CREATE MATERIALIZED VIEW page_views AS
SELECT window_start, window_end, page, count(*) AS views, max(user_id) AS top_user_id
FROM TUMBLE(clicks, ts, INTERVAL '5' SECOND)
GROUP BY window_start, window_end, page
EMIT ON WINDOW CLOSE;

SUBSCRIBE page_views;
