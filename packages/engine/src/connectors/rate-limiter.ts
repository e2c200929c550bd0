/**
 * `rate_limit = '<rows per second>'`: a token bucket holding at most one second of rows, so a
 * source hands out on average no more than the rate, in bursts of at most a second's worth.
 */
import type { Options } from '@sluice/sql';
import { readNumber } from './options.js';

/** Limits rows per second; `Infinity` when the source sets no `rate_limit`. */
export class RateLimiter {
  private tokens: number;
  private last = performance.now();

  constructor(readonly rowsPerSecond: number) {
    this.tokens = Math.min(rowsPerSecond, Number.MAX_SAFE_INTEGER);
  }

  /** From a source's `rate_limit` option (rows/s, > 0); none: unlimited. */
  static fromOptions(options: Options): RateLimiter {
    return new RateLimiter(readNumber(options, 'rate_limit', Infinity, 1));
  }

  /** How many of `wanted` rows may go now. */
  allowance(wanted: number): number {
    if (this.rowsPerSecond === Infinity) return wanted;
    const now = performance.now();
    this.tokens = Math.min(this.rowsPerSecond, this.tokens + ((now - this.last) / 1000) * this.rowsPerSecond);
    this.last = now;
    return Math.max(0, Math.min(wanted, Math.floor(this.tokens)));
  }

  /** Takes `rows` tokens (after `allowance`). */
  spend(rows: number): void {
    if (this.rowsPerSecond !== Infinity) this.tokens -= rows;
  }
}
