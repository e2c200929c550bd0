/**
 * Deterministic randomness for the datagen source: a value depends only on (seed, row index,
 * column, draw), never on how rows were split across polls, so a seeded run is reproducible
 * and a restart from an offset regenerates the same rows.
 */

/** A uniform number in [0, 1) with 53 random bits for one draw of one cell. */
export function uniform(seed: number, row: number, column: number, draw: number): number {
  let h = fmix(seed ^ 0x9e3779b9);
  h = fmix(h ^ (row >>> 0));
  h = fmix(h ^ Math.floor(row / 4_294_967_296));
  h = fmix(h ^ Math.imul(column + 1, 0x27d4eb2d));
  const hi = fmix(h ^ Math.imul(draw + 1, 0x165667b1));
  const lo = fmix(hi ^ 0x5bd1e995);
  return (hi * 2_097_152 + (lo >>> 11)) / 9_007_199_254_740_992;
}

/** A uniform integer in [min, max] (inclusive) for one draw of one cell. */
export function uniformInt(seed: number, row: number, column: number, draw: number, min: number, max: number): number {
  return min + Math.floor(uniform(seed, row, column, draw) * (max - min + 1));
}

/** MurmurHash3's 32-bit finaliser: spreads every input bit over the output. */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
