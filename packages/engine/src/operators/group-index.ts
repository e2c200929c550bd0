/**
 * Group key -> slot. Keys are tuples of Primitives (aggregate-values.ts) kept by column
 * (`key(column, slot)`): numbers in a Float64Array per column, other values (text, BIGINTs
 * beyond 2^53, NULL) in a map beside it, so numeric keys cost no JS object per group. Slots
 * are found through one open-addressing table keyed by a hash of the tuple: no per-row key
 * string or nested map, and numbers hash without allocation. Freed slots are reused. With zero key columns there is exactly one
 * group (the global aggregate). Keys match as Map keys do: NaN matches NaN, -0 matches 0.
 */
import type { Primitive } from './aggregate-values.js';

const EMPTY = 0;
const REMOVED = -1;
const f64 = new Float64Array(1);
const f64Words = new Int32Array(f64.buffer);

function mix(h: number, x: number): number {
  h = Math.imul(h ^ x, 0x5bd1e995);
  return h ^ (h >>> 15);
}

function hashPart(h: number, p: Primitive): number {
  if (typeof p === 'number') {
    if ((p | 0) === p) return mix(h, p); // small integers, and -0 as 0
    if (p !== p) return mix(h, 0x7ff80000);
    f64[0] = p;
    return mix(mix(h, f64Words[0]!), f64Words[1]!);
  }
  if (typeof p === 'string') {
    // the length and at most 32 characters: enough to spread keys, bounded per row
    h = mix(h, p.length);
    for (let k = 0, e = Math.min(p.length, 32); k < e; k++) h = mix(h, p.charCodeAt(k));
    return h;
  }
  if (p === null) return mix(h, 0x6e756c6c);
  return mix(h, Number(BigInt.asIntN(32, p)));
}

/** One key column: numbers inline, anything else in `others` (flagged in `isOther`). */
interface KeyColumn {
  numbers: Float64Array;
  isOther: Uint8Array;
  readonly others: Map<number, Primitive>;
}

export class GroupIndex {
  /** open addressing: slot + 1, EMPTY, or REMOVED */
  private table = new Int32Array(64);
  private used = 0;
  private hashes = new Int32Array(64);
  private alive = new Uint8Array(64);
  private readonly free: number[] = [];
  private nextSlot = 0;
  private live = 0;
  private readonly columns: KeyColumn[];

  constructor(readonly width: number) {
    this.columns = Array.from({ length: width }, () => ({ numbers: new Float64Array(64), isOther: new Uint8Array(64), others: new Map() }));
  }

  /** Key part `k` of the group in `slot`. */
  key(k: number, slot: number): Primitive {
    const column = this.columns[k]!;
    return column.isOther[slot] ? column.others.get(slot)! : column.numbers[slot]!;
  }

  /** Number of groups. */
  get size(): number {
    return this.live;
  }

  /** Upper bound (exclusive) of slots ever handed out. */
  get slotLimit(): number {
    return this.nextSlot;
  }

  /** Whether the last `lookup` created its group. */
  created = false;

  /** The slot of the key in `parts`, or -1 when absent and `create` is false. */
  lookup(parts: ArrayLike<Primitive>, create: boolean): number {
    this.created = false;
    if (parts instanceof Float64Array) return this.lookupNumbers(parts, create);
    let h = 0x3c6ef372;
    for (let k = 0; k < this.width; k++) h = hashPart(h, parts[k]!);
    return this.find(h | 0, parts, create);
  }

  /**
   * `lookup` for a key of numbers only: hashes the doubles' words inline, so that no number is
   * boxed on the way (the hot path of numeric GROUP BY keys: timestamps, ids).
   */
  private lookupNumbers(parts: Float64Array, create: boolean): number {
    let h = 0x3c6ef372;
    for (let k = 0; k < this.width; k++) {
      const p = parts[k]!;
      if ((p | 0) === p) h = mix(h, p);
      else if (p !== p) h = mix(h, 0x7ff80000);
      else {
        f64[0] = p;
        h = mix(mix(h, f64Words[0]!), f64Words[1]!);
      }
    }
    return this.find(h | 0, parts, create);
  }

  private find(h: number, parts: ArrayLike<Primitive>, create: boolean): number {
    const table = this.table;
    const mask = table.length - 1;
    let reuse = -1;
    for (let b = h & mask; ; b = (b + 1) & mask) {
      const e = table[b]!;
      if (e === EMPTY) {
        if (!create) return -1;
        this.created = true;
        return this.insert(reuse >= 0 ? reuse : b, h, parts);
      }
      if (e === REMOVED) {
        if (reuse < 0) reuse = b;
        continue;
      }
      const slot = e - 1;
      if (this.hashes[slot] === h && this.sameKey(slot, parts)) return slot;
    }
  }

  private sameKey(slot: number, parts: ArrayLike<Primitive>): boolean {
    for (let k = 0; k < this.width; k++) {
      const p = parts[k]!;
      const column = this.columns[k]!;
      if (column.isOther[slot]) {
        const q = column.others.get(slot)!;
        if (p !== q) return false;
      } else {
        if (typeof p !== 'number') return false;
        const q = column.numbers[slot]!;
        if (p !== q && (p === p || q === q)) return false; // NaN matches NaN
      }
    }
    return true;
  }

  private insert(bucket: number, hash: number, parts: ArrayLike<Primitive>): number {
    const slot = this.free.pop() ?? this.nextSlot++;
    if (slot >= this.hashes.length) this.growSlots(slot);
    if (this.table[bucket] === EMPTY) this.used++;
    this.table[bucket] = slot + 1;
    this.hashes[slot] = hash;
    this.alive[slot] = 1;
    for (let k = 0; k < this.width; k++) {
      const p = parts[k]!;
      const column = this.columns[k]!;
      if (typeof p === 'number') {
        column.numbers[slot] = p;
        column.isOther[slot] = 0;
      } else {
        column.others.set(slot, p);
        column.isOther[slot] = 1;
      }
    }
    this.live++;
    if (this.used * 2 > this.table.length) this.rehash();
    return slot;
  }

  private growSlots(slot: number): void {
    const size = Math.max(slot + 1, this.hashes.length * 2);
    const hashes = new Int32Array(size);
    hashes.set(this.hashes);
    this.hashes = hashes;
    const alive = new Uint8Array(size);
    alive.set(this.alive);
    this.alive = alive;
    for (const column of this.columns) {
      const numbers = new Float64Array(size);
      numbers.set(column.numbers);
      column.numbers = numbers;
      const isOther = new Uint8Array(size);
      isOther.set(column.isOther);
      column.isOther = isOther;
    }
  }

  /** Rebuilds the table without REMOVED marks, doubling it when live groups fill a quarter. */
  private rehash(): void {
    const capacity = this.live * 4 > this.table.length ? this.table.length * 2 : this.table.length;
    const table = new Int32Array(capacity);
    const mask = capacity - 1;
    for (let slot = 0; slot < this.nextSlot; slot++) {
      if (!this.alive[slot]) continue;
      let b = this.hashes[slot]! & mask;
      while (table[b] !== EMPTY) b = (b + 1) & mask;
      table[b] = slot + 1;
    }
    this.table = table;
    this.used = this.live;
  }

  /** Removes a group. */
  remove(slot: number): void {
    const table = this.table;
    const mask = table.length - 1;
    for (let b = this.hashes[slot]! & mask; table[b] !== EMPTY; b = (b + 1) & mask) {
      if (table[b] === slot + 1) { table[b] = REMOVED; break; }
    }
    for (const column of this.columns) {
      if (column.isOther[slot]) column.others.delete(slot);
      column.isOther[slot] = 0;
    }
    this.alive[slot] = 0;
    this.free.push(slot);
    this.live--;
  }

  /** Live slots, ascending, whose key part `k` is a number no greater than `max` (closed windows). */
  slotsAtMost(k: number, max: number): number[] {
    const { numbers, isOther } = this.columns[k]!;
    const out: number[] = [];
    for (let slot = 0; slot < this.nextSlot; slot++) if (this.alive[slot] && !isOther[slot] && numbers[slot]! <= max) out.push(slot);
    return out;
  }

  /** Whether `slot` holds a group now. */
  isAlive(slot: number): boolean {
    return this.alive[slot] === 1;
  }

  /** Live slots in ascending order. */
  slots(): number[] {
    const out: number[] = [];
    for (let slot = 0; slot < this.nextSlot; slot++) if (this.alive[slot]) out.push(slot);
    return out;
  }
}
