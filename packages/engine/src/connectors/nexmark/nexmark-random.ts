/**
 * The generator's randomness: a small, fast 32-bit generator (mulberry32) re-seeded from each
 * event id, so an event's content depends on its id alone — the same id yields the same event
 * whatever batch, poll size or process produced it (replay after recovery, the CLI and the
 * source agree).
 *
 * Random text is cut from a fixed pool of random letters at a random offset: one draw per
 * string instead of one per character keeps the generator at millions of events per second.
 */

const TWO_POW_32 = 4294967296;

/** A seedable generator of uniform 32-bit draws. One instance is reused for every event. */
export class EventRandom {
  private state = 0;

  /** Restarts the sequence for `eventId` (an integer below 2^53). */
  seed(eventId: number): void {
    const hi = Math.floor(eventId / TWO_POW_32);
    let s = (eventId >>> 0) ^ Math.imul(hi ^ 0x5bd1e995, 0x9e3779b1);
    s = Math.imul(s ^ (s >>> 16), 0x85ebca6b);
    s = Math.imul(s ^ (s >>> 13), 0xc2b2ae35);
    this.state = s ^ (s >>> 16);
  }

  /** A uniform integer in [0, 2^32). */
  next32(): number {
    const s = (this.state = (this.state + 0x6d2b79f5) | 0);
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** A uniform integer in [0, n), n <= 2^32. */
  int(n: number): number {
    return Math.floor((this.next32() * n) / TWO_POW_32);
  }

  /** A uniform number in [0, 1). */
  double(): number {
    return this.next32() / TWO_POW_32;
  }

  /** A Nexmark price in cents: `round(10^(U*6) * 100)`, log-uniform from 1 to 10^6 dollars. */
  price(): number {
    return Math.round(Math.pow(10, this.double() * 6) * 100);
  }
}

/** Random lower-case letters that random strings are cut from (fixed: generated from a constant seed). */
export const LETTER_POOL: Uint8Array = buildPool(1 << 16);

function buildPool(size: number): Uint8Array {
  const random = new EventRandom();
  random.seed(0x2015_0715);
  const pool = new Uint8Array(size);
  for (let i = 0; i < size; i++) pool[i] = 97 + random.int(26);
  return pool;
}

/** Encodes ASCII text once, for the fixed word lists. */
export function ascii(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}
