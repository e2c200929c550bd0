/**
 * Validity and boolean bitmaps (Arrow's LSB-first bit order). Bit `i` of a bitmap that
 * belongs to a sliced `arrow.Data` lives at `data.offset + i`: Arrow slices value buffers
 * but never bitmaps.
 */
import type * as arrow from 'apache-arrow';

/** Whether bit `i` is set. */
export function getBit(bits: Uint8Array, i: number): boolean {
  return (bits[i >> 3]! & (1 << (i & 7))) !== 0;
}

/** Sets bit `i` (the bitmap must be zero-initialised where unset bits are wanted). */
export function setBit(bits: Uint8Array, i: number): void {
  bits[i >> 3]! |= 1 << (i & 7);
}

/** Bytes needed for `n` bits. */
export function bitmapBytes(n: number): number {
  return (n + 7) >> 3;
}

/**
 * The validity of `data` as one byte per row (1 valid, 0 NULL), or `null` when every row is
 * valid. The Null type yields all zeros.
 */
export function validityBytes(data: arrow.Data): Uint8Array | null {
  const n = data.length;
  if (data.typeId === 0) return new Uint8Array(n);
  const bitmap = data.nullBitmap;
  if (!bitmap || bitmap.length === 0 || data.nullCount === 0) return null;
  const out = new Uint8Array(n);
  const base = data.offset;
  for (let i = 0; i < n; i++) {
    const j = base + i;
    out[i] = (bitmap[j >> 3]! >> (j & 7)) & 1;
  }
  return out;
}

/** Packs one byte per row (non-zero = set) into a bitmap; also returns how many were unset. */
export function packBits(bytes: Uint8Array, n: number): { bits: Uint8Array; unset: number } {
  const bits = new Uint8Array(bitmapBytes(n));
  let unset = 0;
  for (let i = 0; i < n; i++) {
    if (bytes[i]) bits[i >> 3]! |= 1 << (i & 7);
    else unset++;
  }
  return { bits, unset };
}

/** Unpacks `n` bits starting at bit `offset` into one byte (0/1) per bit. */
export function unpackBits(bits: Uint8Array, offset: number, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const j = offset + i;
    out[i] = (bits[j >> 3]! >> (j & 7)) & 1;
  }
  return out;
}
