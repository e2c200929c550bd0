/**
 * What a team writes by hand without an engine: bids as plain JS objects (as a JSON consumer
 * hands them over; building them is not timed), one function call per row, Maps with string
 * keys for grouping, results as arrays of objects. q0, q1, q2, q5 and q7.
 */
import type { Delta } from '@sluice/engine/internal';
import { bidColumns, int64At } from './bid-columns.js';

/** A bid as an object. */
interface Bid {
  auction: number;
  bidder: number;
  price: number;
  channel: string;
  url: string;
  dateTime: number;
  extra: string;
}

type RowPipeline = (bids: readonly Bid[][]) => number;

const decoder = new TextDecoder();

/** The bids of the batches as objects. */
export function bidObjects(batches: readonly Delta[]): Bid[][] {
  return batches.map((delta) => {
    const b = bidColumns(delta);
    const slice = (offsets: Int32Array, bytes: Uint8Array, i: number): string => decoder.decode(bytes.subarray(offsets[i], offsets[i + 1]));
    return Array.from({ length: b.length }, (_, i) => ({
      auction: int64At(b.auction, i), bidder: int64At(b.bidder, i), price: int64At(b.price, i),
      channel: slice(b.channelOffsets, b.channelBytes, i), url: slice(b.urlOffsets, b.urlBytes, i),
      dateTime: int64At(b.dateTime, i), extra: slice(b.extraOffsets, b.extraBytes, i),
    }));
  });
}

const forEachRow = (bids: readonly Bid[][], fn: (bid: Bid) => void): void => {
  for (const batch of bids) for (const bid of batch) fn(bid);
};

const PIPELINES: Readonly<Record<string, RowPipeline>> = {
  q0: (bids) => {
    const out: object[] = [];
    forEachRow(bids, (b) => out.push({ auction: b.auction, bidder: b.bidder, price: b.price, dateTime: b.dateTime, extra: b.extra }));
    return out.length;
  },
  q1: (bids) => {
    const out: object[] = [];
    forEachRow(bids, (b) => out.push({ auction: b.auction, bidder: b.bidder, price: 0.908 * b.price, dateTime: b.dateTime, extra: b.extra }));
    return out.length;
  },
  q2: (bids) => {
    const out: object[] = [];
    forEachRow(bids, (b) => {
      if (b.auction % 123 === 0) out.push({ auction: b.auction, price: b.price });
    });
    return out.length;
  },
  q5: (bids) => {
    const counts = new Map<string, { window: number; auction: number; n: number }>();
    forEachRow(bids, (b) => {
      const slot = Math.floor(b.dateTime / 2_000_000) * 2_000_000;
      for (let w = 0; w < 5; w++) {
        const window = slot - w * 2_000_000;
        const key = `${window}|${b.auction}`;
        const entry = counts.get(key);
        if (entry) entry.n++;
        else counts.set(key, { window, auction: b.auction, n: 1 });
      }
    });
    const max = new Map<number, number>();
    for (const e of counts.values()) max.set(e.window, Math.max(max.get(e.window) ?? 0, e.n));
    return [...counts.values()].filter((e) => e.n >= max.get(e.window)!).length;
  },
  q7: (bids) => {
    const windows = new Map<number, { max: number; bids: Bid[] }>();
    forEachRow(bids, (b) => {
      const end = Math.floor(b.dateTime / 10_000_000) * 10_000_000 + 10_000_000;
      const w = windows.get(end);
      if (!w) windows.set(end, { max: b.price, bids: [b] });
      else if (b.price > w.max) {
        w.max = b.price;
        w.bids = [b];
      } else if (b.price === w.max) w.bids.push(b);
    });
    let rows = 0;
    for (const w of windows.values()) rows += w.bids.length;
    return rows;
  },
};

/** Runs the object pipeline of `query`; null when there is none. */
export function runRowObjects(query: string, batches: readonly Delta[]): { seconds: number; rows: number } | null {
  const pipeline = PIPELINES[query];
  if (!pipeline) return null;
  const bids = bidObjects(batches);
  const started = performance.now();
  const rows = pipeline(bids);
  return { seconds: (performance.now() - started) / 1000, rows };
}
