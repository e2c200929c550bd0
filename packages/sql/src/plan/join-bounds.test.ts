import { expect, test } from 'vitest';
import { bindSql } from '../binder/test-catalog.js';
import { optimize } from '../optimizer/optimize.js';
import { joinStateBounds } from './join-bounds.js';
import type { Join, LogicalPlan } from './logical-plan.js';
import { children } from './plan-utils.js';

const boundsOf = (sql: string): ReturnType<typeof joinStateBounds> => {
  const find = (p: LogicalPlan): Join | undefined => (p.kind === 'Join' ? p : children(p).map(find).find((j) => j));
  return joinStateBounds(find(optimize(bindSql(sql).plan))!);
};

test('an interval condition bounds each side by the other side\'s watermark', () => {
  // a.ts - b.ts in [-1h, 0]: a rows go once W > a.ts + 1h; b rows once W > b.ts
  expect(boundsOf(`SELECT * FROM bids a JOIN bids b ON a.auction = b.auction
    AND a.date_time BETWEEN b.date_time - INTERVAL '1' HOUR AND b.date_time`)).toEqual({
    left: { column: 4, offsetUs: -3_600_000_000 }, right: { column: 4, offsetUs: 0 },
  });
});

test('>= / <= pairs written either way round, in WHERE', () => {
  expect(boundsOf(`SELECT * FROM bids a, bids b WHERE a.auction = b.auction
    AND b.date_time <= a.date_time + INTERVAL '10' SECOND AND a.date_time < b.date_time`)).toEqual({
    left: { column: 4, offsetUs: -10_000_000 }, right: { column: 4, offsetUs: 0 },
  });
});

test('a one-sided bound bounds one side only; none without a watermark', () => {
  expect(boundsOf('SELECT * FROM bids a JOIN bids b ON a.auction = b.auction AND a.date_time >= b.date_time')).toEqual({
    left: { column: 4, offsetUs: 0 },
  });
  expect(boundsOf('SELECT * FROM ticks a JOIN ticks b ON a.ts BETWEEN b.ts AND b.ts')).toEqual({});
});

test('a window join evicts a window once the watermark passes its end', () => {
  expect(boundsOf(`SELECT * FROM TUMBLE(bids, date_time, INTERVAL '10' SECOND) a
    JOIN TUMBLE(bids, date_time, INTERVAL '10' SECOND) b USING (window_start, window_end, auction)`)).toEqual({
    left: { column: 6, offsetUs: 0 }, right: { column: 6, offsetUs: 0 },
  });
  // window_start alone: a window may still get rows until W passes start + size
  expect(boundsOf(`SELECT * FROM TUMBLE(bids, date_time, INTERVAL '10' SECOND) a
    JOIN TUMBLE(bids, date_time, INTERVAL '10' SECOND) b USING (window_start)`)).toEqual({
    left: { column: 5, offsetUs: -10_000_000 }, right: { column: 5, offsetUs: -10_000_000 },
  });
});
