/**
 * Plain access to a pre-generated bid batch for the hand-written baselines: Int64 columns read
 * as int32 halves (what a JS programmer does to avoid BigInt), text as UTF-8 slices.
 */
import type { Delta } from '@sluice/engine/internal';

/** The bid columns the baselines use, as typed arrays. */
export interface BidColumns {
  readonly length: number;
  /** int64 columns as [lo, hi] int32 pairs */
  readonly auction: Int32Array;
  readonly bidder: Int32Array;
  readonly price: Int32Array;
  readonly dateTime: Int32Array;
  readonly extraOffsets: Int32Array;
  readonly extraBytes: Uint8Array;
  readonly channelOffsets: Int32Array;
  readonly channelBytes: Uint8Array;
  readonly urlOffsets: Int32Array;
  readonly urlBytes: Uint8Array;
}

function halves(delta: Delta, name: string): Int32Array {
  const data = delta.columns[delta.schema.fields.findIndex((f) => f.name === name)]!;
  const values = data.values as BigInt64Array;
  return new Int32Array(values.buffer, values.byteOffset, values.length * 2);
}

function text(delta: Delta, name: string): { offsets: Int32Array; bytes: Uint8Array } {
  const data = delta.columns[delta.schema.fields.findIndex((f) => f.name === name)]!;
  return { offsets: data.valueOffsets as Int32Array, bytes: data.values as Uint8Array };
}

/** The columns of a bid delta with the prelude's full bid schema. */
export function bidColumns(delta: Delta): BidColumns {
  const extra = text(delta, 'extra');
  const channel = text(delta, 'channel');
  const url = text(delta, 'url');
  return {
    length: delta.length, auction: halves(delta, 'auction'), bidder: halves(delta, 'bidder'), price: halves(delta, 'price'),
    dateTime: halves(delta, 'date_time'), extraOffsets: extra.offsets, extraBytes: extra.bytes,
    channelOffsets: channel.offsets, channelBytes: channel.bytes, urlOffsets: url.offsets, urlBytes: url.bytes,
  };
}

/** The int64 at row `i` of a halves array (exact below 2^53). */
export function int64At(h: Int32Array, i: number): number {
  return h[2 * i + 1]! * 4294967296 + (h[2 * i]! >>> 0);
}
