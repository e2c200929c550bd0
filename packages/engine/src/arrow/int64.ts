/**
 * Exact Int64 access without a BigInt per value. An Int64 (or Timestamp/Duration) column is a
 * BigInt64Array; viewed as an Int32Array it holds (lo, hi) word pairs (little-endian, which is
 * every platform Node runs on). While |v| < 2^53 the value is exactly `hi * 2^32 + lo`;
 * beyond that callers fall back to BigInt.
 */

const TWO_32 = 4294967296;
/** hi words in [-2^21, 2^21) give values in [-2^53, 2^53) */
const SAFE_HI = 2097152;

/** The word view of an Int64 array (shares its memory). */
export function int64Words(values: BigInt64Array): Int32Array {
  return new Int32Array(values.buffer, values.byteOffset, values.length * 2);
}

/** Value `i` as an exact number, or NaN when it is outside the safe integer range. */
export function int64At(words: Int32Array, i: number): number {
  const hi = words[2 * i + 1]!;
  if (hi < -SAFE_HI || hi >= SAFE_HI) return NaN;
  return hi * TWO_32 + (words[2 * i]! >>> 0);
}

/** Value `i` as a number, exact when safe, rounded otherwise (never NaN). */
export function int64ToNumber(values: BigInt64Array, words: Int32Array, i: number): number {
  const v = int64At(words, i);
  return v === v ? v : Number(values[i]!);
}

/** Writes integer `v` at `i`: via words when |v| is a safe integer, else through BigInt. */
export function setInt64(values: BigInt64Array, words: Int32Array, i: number, v: number): void {
  if ((v | 0) === v) {
    // an int32 (the common case): the high word is its sign
    words[2 * i] = v;
    words[2 * i + 1] = v < 0 ? -1 : 0;
  } else if (v <= Number.MAX_SAFE_INTEGER && v >= -Number.MAX_SAFE_INTEGER) {
    const hi = Math.floor(v / TWO_32);
    words[2 * i] = (v - hi * TWO_32) | 0;
    words[2 * i + 1] = hi;
  } else {
    values[i] = BigInt(v);
  }
}

/** Three-way comparison of two Int64 values given as words, exact over the whole range. */
export function compareInt64(a: Int32Array, i: number, b: Int32Array, j: number): number {
  const ha = a[2 * i + 1]!;
  const hb = b[2 * j + 1]!;
  if (ha !== hb) return ha < hb ? -1 : 1;
  const la = a[2 * i]! >>> 0;
  const lb = b[2 * j]! >>> 0;
  return la === lb ? 0 : la < lb ? -1 : 1;
}

export const INT64_MIN = -(2n ** 63n);
export const INT64_MAX = 2n ** 63n - 1n;

/** Whether a BigInt fits a signed 64-bit integer. */
export function fitsInt64(v: bigint): boolean {
  return v >= INT64_MIN && v <= INT64_MAX;
}
