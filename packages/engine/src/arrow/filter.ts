/**
 * Keeps the rows of a delta whose mask byte is non-zero (a take of the selected positions).
 */
import type { Delta } from '../delta.js';
import { takeDelta } from './take.js';

/** Positions `i` where `mask[i] !== 0`. */
export function maskToIndices(mask: Uint8Array, n: number): Int32Array {
  let count = 0;
  for (let i = 0; i < n; i++) if (mask[i]) count++;
  const out = new Int32Array(count);
  for (let i = 0, k = 0; i < n; i++) if (mask[i]) out[k++] = i;
  return out;
}

/** The rows of `delta` selected by `mask`; returns `delta` itself when all are selected. */
export function filterDelta(delta: Delta, mask: Uint8Array): Delta {
  const indices = maskToIndices(mask, delta.length);
  if (indices.length === delta.length) return delta;
  return takeDelta(delta, indices);
}
