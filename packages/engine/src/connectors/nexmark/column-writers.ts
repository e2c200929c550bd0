/**
 * Append-only writers that fill Arrow buffers directly (no per-value JS objects): Int64 and
 * Timestamp(µs) values are written as two int32 halves of the BigInt64 buffer, text as bytes
 * into a growable Utf8 data buffer. A writer is sized for a known row count up front; NULLs
 * (the combined stream's columns of other event kinds) get a validity bitmap on first use.
 */
import * as arrow from 'apache-arrow';
import { LETTER_POOL } from './nexmark-random.js';

const TWO_POW_32 = 4294967296;

/** Validity bits, allocated when the first NULL is written. */
class Validity {
  bits: Uint8Array | null = null;
  nullCount = 0;

  constructor(private readonly capacity: number) {}

  setNull(row: number): void {
    if (!this.bits) {
      this.bits = new Uint8Array((this.capacity + 7) >> 3).fill(0xff);
    }
    this.bits[row >> 3]! &= ~(1 << (row & 7));
    this.nullCount++;
  }

  /** The bitmap for `length` rows, or undefined when every row is valid. */
  finish(length: number): Uint8Array | undefined {
    return this.bits ? this.bits.subarray(0, (length + 7) >> 3) : undefined;
  }
}

/** Writes an Int64 or Timestamp(µs) column from JS numbers (exact below 2^53). */
export class Int64Writer {
  length = 0;
  private readonly halves: Int32Array;
  private readonly validity: Validity;

  constructor(
    /** Int64, Timestamp(µs) (either zone), or Int32 for small values */
    private readonly type: arrow.DataType,
    capacity: number,
  ) {
    this.halves = new Int32Array(capacity * 2);
    this.validity = new Validity(capacity);
  }

  push(value: number): void {
    const i = this.length++ * 2;
    const hi = Math.floor(value / TWO_POW_32);
    this.halves[i] = value - hi * TWO_POW_32;
    this.halves[i + 1] = hi;
  }

  pushNull(): void {
    this.validity.setNull(this.length);
    this.length++;
  }

  finish(): arrow.Data {
    const n = this.length;
    const nullBitmap = this.validity.finish(n);
    const common = { length: n, nullCount: this.validity.nullCount, nullBitmap };
    const words = new BigInt64Array(this.halves.buffer, 0, n);
    if (this.type instanceof arrow.Int32) {
      const data = new Int32Array(n);
      for (let i = 0; i < n; i++) data[i] = this.halves[i * 2]!;
      return arrow.makeData({ ...common, type: this.type, data });
    }
    return arrow.makeData({ ...common, type: this.type as arrow.Int64, data: words });
  }
}

/** Writes a Utf8 column byte by byte; `end()` closes the current value. */
export class Utf8Writer {
  length = 0;
  private readonly offsets: Int32Array;
  private data: Uint8Array;
  private at = 0;
  private readonly validity: Validity;

  constructor(capacity: number, averageBytes: number) {
    this.offsets = new Int32Array(capacity + 1);
    this.data = new Uint8Array(Math.max(64, Math.ceil(capacity * averageBytes * 1.25)));
    this.validity = new Validity(capacity);
  }

  /** Appends `bytes` to the current value. */
  bytes(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.data.set(bytes, this.at);
    this.at += bytes.length;
  }

  /** Appends `length` letters of the random pool from `start`. */
  letters(start: number, length: number): void {
    this.reserve(length);
    const data = this.data;
    let at = this.at;
    // long runs are one memcpy; a subarray per short run would cost more than the copy
    if (length > 24) {
      data.set(LETTER_POOL.subarray(start, start + length), at);
      at += length;
    } else {
      for (let i = 0; i < length; i++) data[at++] = LETTER_POOL[start + i]!;
    }
    this.at = at;
  }

  /** Appends one byte (an ASCII character code). */
  byte(code: number): void {
    this.reserve(1);
    this.data[this.at++] = code;
  }

  /** Appends a non-negative integer in decimal, zero-padded to `width` digits. */
  digits(value: number, width = 1): void {
    let n = value;
    let count = 1;
    while (n >= 10) {
      n = Math.floor(n / 10);
      count++;
    }
    const total = Math.max(width, count);
    this.reserve(total);
    n = value;
    for (let i = total - 1; i >= 0; i--) {
      this.data[this.at + i] = 48 + (n % 10);
      n = Math.floor(n / 10);
    }
    this.at += total;
  }

  /** Ends the current value. */
  end(): void {
    this.offsets[++this.length] = this.at;
  }

  pushNull(): void {
    this.validity.setNull(this.length);
    this.end();
  }

  finish(): arrow.Data {
    const n = this.length;
    return arrow.makeData({
      type: new arrow.Utf8(),
      length: n,
      nullCount: this.validity.nullCount,
      nullBitmap: this.validity.finish(n),
      valueOffsets: this.offsets.subarray(0, n + 1),
      data: this.data.subarray(0, this.at),
    });
  }

  private reserve(extra: number): void {
    if (this.at + extra <= this.data.length) return;
    const grown = new Uint8Array(Math.max(this.data.length * 2, this.at + extra));
    grown.set(this.data.subarray(0, this.at));
    this.data = grown;
  }
}
