/**
 * Tight loops generated once per operator expression with `new Function`, so that the
 * arithmetic is inlined in the loop instead of called through a closure per row (a closure
 * shared by many call sites turns megamorphic). Bodies are fixed strings from this package,
 * never user input.
 */

/** `out[i] = <body>` over x = a[i], y = b[i]. */
export type BinaryLoop = (a: Float64Array, b: Float64Array, out: Float64Array | Uint8Array, n: number) => void;

const cache = new Map<string, BinaryLoop>();

/** The loop computing `body` (an expression over `x` and `y`) for every row. */
export function binaryLoop(body: string): BinaryLoop {
  let fn = cache.get(body);
  if (!fn) {
    fn = new Function('a', 'b', 'out', 'n', `for (let i = 0; i < n; i++) { const x = a[i], y = b[i]; out[i] = ${body}; }`) as BinaryLoop;
    cache.set(body, fn);
  }
  return fn;
}

/** `out[i] = <body>` over `c`, the three-way comparison of Int64 rows a[i] and b[i] given as (lo, hi) words. */
export type Int64CompareLoop = (a: Int32Array, b: Int32Array, out: Uint8Array, n: number) => void;

const compareCache = new Map<string, Int64CompareLoop>();

/** The loop testing `body` (an expression over `c`, <0, 0 or >0) on every pair of Int64 rows. */
export function int64CompareLoop(body: string): Int64CompareLoop {
  let fn = compareCache.get(body);
  if (!fn) {
    fn = new Function('a', 'b', 'out', 'n', `for (let i = 0; i < n; i++) {
      const hx = a[2 * i + 1], hy = b[2 * i + 1];
      let c;
      if (hx !== hy) c = hx < hy ? -1 : 1;
      else { const lx = a[2 * i] >>> 0, ly = b[2 * i] >>> 0; c = lx === ly ? 0 : lx < ly ? -1 : 1; }
      out[i] = ${body};
    }`) as Int64CompareLoop;
    compareCache.set(body, fn);
  }
  return fn;
}

