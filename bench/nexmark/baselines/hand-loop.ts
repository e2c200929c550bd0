/**
 * The practical JavaScript limit: q0, q1, q2, q5 and q7 written by hand as loops over typed
 * arrays, producing their results into typed arrays (or Maps keyed by numbers for the windowed
 * ones). No engine, no generality: what a careful programmer writes for one query.
 */
import type { Delta } from '@sluice/engine/internal';
import { bidColumns, int64At, type BidColumns } from './bid-columns.js';

const HOP_SLIDE_US = 2_000_000;
const HOP_WINDOWS = 5;
const TUMBLE_US = 10_000_000;
const AUCTION_KEY = 2 ** 24;

type HandLoop = (batches: readonly BidColumns[]) => number;

/**
 * q0/q1: the result columns; unchanged columns are passed on as they are (as the engine's
 * projection does), q1 computes the euro price into a new array.
 */
function passThrough(convert: boolean): HandLoop {
  return (batches) => {
    const results: ArrayBufferView[][] = [];
    let rows = 0;
    for (const b of batches) {
      const n = b.length;
      let price: Float64Array | Int32Array;
      if (convert) {
        price = new Float64Array(n);
        for (let i = 0; i < n; i++) price[i] = 0.908 * int64At(b.price, i);
      } else {
        price = b.price;
      }
      results.push([b.auction, b.bidder, price, b.dateTime, b.extraOffsets, b.extraBytes]);
      rows += n;
    }
    return results.length > 0 ? rows : 0;
  };
}

/** q2: the rows with auction % 123 = 0. */
const q2: HandLoop = (batches) => {
  let rows = 0;
  for (const b of batches) {
    const auctions = new Float64Array(b.length);
    const prices = new Float64Array(b.length);
    let k = 0;
    for (let i = 0; i < b.length; i++) {
      const auction = int64At(b.auction, i);
      if (auction % 123 === 0) {
        auctions[k] = auction;
        prices[k++] = int64At(b.price, i);
      }
    }
    rows += k;
  }
  return rows;
};

/** q5: bid counts per (2 s hop start, auction), then per window the auctions with the most. */
const q5: HandLoop = (batches) => {
  const counts = new Map<number, number>();
  for (const b of batches) {
    for (let i = 0; i < b.length; i++) {
      const auction = int64At(b.auction, i);
      const slot = Math.floor(int64At(b.dateTime, i) / HOP_SLIDE_US);
      for (let w = 0; w < HOP_WINDOWS; w++) {
        const key = (slot - w) * AUCTION_KEY + auction;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
  }
  const max = new Map<number, number>();
  for (const [key, n] of counts) {
    const window = Math.floor(key / AUCTION_KEY);
    if (n > (max.get(window) ?? 0)) max.set(window, n);
  }
  let rows = 0;
  for (const [key, n] of counts) if (n >= max.get(Math.floor(key / AUCTION_KEY))!) rows++;
  return rows;
};

/** q7: the highest price per 10 s window, then the bids with that price in their window. */
const q7: HandLoop = (batches) => {
  const max = new Map<number, number>();
  for (const b of batches) {
    for (let i = 0; i < b.length; i++) {
      const window = Math.floor(int64At(b.dateTime, i) / TUMBLE_US);
      const price = int64At(b.price, i);
      if (price > (max.get(window) ?? -1)) max.set(window, price);
    }
  }
  let rows = 0;
  for (const b of batches) {
    for (let i = 0; i < b.length; i++) {
      const time = int64At(b.dateTime, i);
      const price = int64At(b.price, i);
      // a bid belongs to the window ending at or after it: [end - 10 s, end]
      const window = Math.floor(time / TUMBLE_US);
      if (max.get(window) === price) rows++;
      else if (time % TUMBLE_US === 0 && max.get(window - 1) === price) rows++;
    }
  }
  return rows;
};

const HAND_LOOPS: Readonly<Record<string, HandLoop>> = { q0: passThrough(false), q1: passThrough(true), q2, q5, q7 };

/** Runs the hand loop of `query` over the bid batches; null when there is none. */
export function runHandLoop(query: string, bids: readonly Delta[]): { seconds: number; rows: number } | null {
  const loop = HAND_LOOPS[query];
  if (!loop) return null;
  const columns = bids.map(bidColumns);
  const started = performance.now();
  const rows = loop(columns);
  return { seconds: (performance.now() - started) / 1000, rows };
}
