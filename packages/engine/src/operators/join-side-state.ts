/**
 * The state one side of a hash join keeps: its rows grouped by join key, each row with its
 * multiplicity and the number of rows of the other side it currently matches (what an outer
 * join needs to know when to emit or retract its NULL-padded row). Rows whose key has a NULL
 * never match; they are kept apart, in `NULL_KEY`, so their retractions still find them.
 *
 * Two layouts. A side that can receive retractions keeps each distinct row once, by a row
 * identity string (`rowId`), so a retraction finds it. An append-only side (its input never
 * retracts) keeps rows in a plain list per key, each with count 1, and builds no identity:
 * the common case of a stream joined with something, at a fraction of the cost.
 *
 * Every stored row gets an id when stored (a counter per side, kept in checkpoints), the key
 * of incremental snapshots (state-changes.ts): once tracking is on, a stored row that is
 * added, changes count or matches (`touch`), or goes is recorded by id.
 */
import type { SqlValue } from '@sluice/sql';
import { sameValue } from './aggregate-values.js';
import { ChangedKeys } from './changed-keys.js';

/** The bucket of rows whose join key has a NULL: never probed. */
export const NULL_KEY = '\u0000null';

/** A join key: a number for a single numeric key column, else a string. */
export type JoinKey = string | number;

/** One stored row of a side. `count` > 0 while it is stored. */
export interface StoredRow {
  readonly values: readonly SqlValue[];
  count: number;
  /** how many rows (with multiplicity) of the other side match this row now */
  matches: number;
  /** the value of the side's eviction column (µs), null when none or NULL */
  readonly timeUs: number | null;
  /** the row's identity in checkpoints: assigned when first stored (0 before) */
  id: number;
}

export class JoinSideState {
  /** retracting side: key -> its rows */
  private readonly sets = new Map<JoinKey, Set<StoredRow>>();
  /** retracting side: hash of a row's values -> the row(s) with that hash */
  private readonly ids = new Map<number, StoredRow | StoredRow[]>();
  /** append-only side: key -> rows */
  private readonly lists = new Map<JoinKey, StoredRow[]>();
  private distinct = 0;
  private lastId = 0;
  /** rows changed since the last durable snapshot, by id: the row, or null when it went */
  readonly changes = new ChangedKeys<number, StoredRow | null>();

  constructor(
    /** true when no retraction ever arrives on this side: rows are listed, not identified */
    readonly appendOnly = false,
  ) {}

  /** Number of rows held (distinct rows on a retracting side). */
  get size(): number {
    return this.distinct;
  }

  /** The rows stored under join key `key`, or undefined. */
  bucket(key: JoinKey): Iterable<StoredRow> | undefined {
    return this.appendOnly ? this.lists.get(key) : this.sets.get(key);
  }

  /** The stored row with these values (retracting side only). */
  find(values: readonly SqlValue[]): StoredRow | undefined {
    const found = this.ids.get(hashValues(values));
    if (found === undefined) return undefined;
    if (!Array.isArray(found)) return sameValues(found.values, values) ? found : undefined;
    return found.find((row) => sameValues(row.values, values));
  }

  /** Stores `row` under `key` (on a retracting side, a row not stored yet). */
  insert(key: JoinKey, row: StoredRow): void {
    this.distinct++;
    if (row.id === 0) row.id = ++this.lastId;
    else if (row.id > this.lastId) this.lastId = row.id; // restored with its id
    this.changes.mark(row.id, row);
    if (this.appendOnly) {
      const list = this.lists.get(key);
      if (list) list.push(row);
      else this.lists.set(key, [row]);
      return;
    }
    const set = this.sets.get(key);
    if (set) set.add(row);
    else this.sets.set(key, new Set([row]));
    const hash = hashValues(row.values);
    const same = this.ids.get(hash);
    if (same === undefined) this.ids.set(hash, row);
    else if (Array.isArray(same)) same.push(row);
    else this.ids.set(hash, [same, row]);
  }

  /**
   * On an append-only side, a retraction that arrives anyway (an input that broke its
   * promise): the first listed row under `key` with these values, removed, or undefined.
   */
  takeBack(key: JoinKey, values: readonly SqlValue[]): StoredRow | undefined {
    const list = this.lists.get(key);
    const at = list ? list.findIndex((row) => sameValues(row.values, values)) : -1;
    if (at < 0) return undefined;
    const [row] = list!.splice(at, 1);
    if (list!.length === 0) this.lists.delete(key);
    this.distinct--;
    this.changes.mark(row!.id, null);
    return row;
  }

  /** Removes stored `row` from under `key` (retracting side only). */
  remove(key: JoinKey, row: StoredRow): void {
    const set = this.sets.get(key);
    if (!set?.delete(row)) return;
    this.distinct--;
    if (set.size === 0) this.sets.delete(key);
    this.forget(row);
    this.changes.mark(row.id, null);
  }

  /** A stored row's count or matches changed. */
  touch(row: StoredRow): void {
    this.changes.mark(row.id, row);
  }

  private forget(row: StoredRow): void {
    const hash = hashValues(row.values);
    const same = this.ids.get(hash);
    if (same === row) this.ids.delete(hash);
    else if (Array.isArray(same)) {
      same.splice(same.indexOf(row), 1);
      if (same.length === 1) this.ids.set(hash, same[0]!);
    }
  }

  /** Drops every row whose time is below `limitUs`; returns how many rows went. */
  evictBelow(limitUs: number): number {
    let evicted = 0;
    const expired = (row: StoredRow): boolean => {
      if (row.timeUs === null || row.timeUs >= limitUs) return false;
      this.changes.mark(row.id, null);
      return true;
    };
    for (const [key, list] of this.lists) {
      let kept = 0;
      for (let i = 0; i < list.length; i++) {
        const row = list[i]!;
        if (!expired(row)) list[kept++] = row;
      }
      evicted += list.length - kept;
      if (kept === 0) this.lists.delete(key);
      else list.length = kept;
    }
    for (const [key, set] of this.sets) {
      for (const row of set) {
        if (!expired(row)) continue;
        set.delete(row);
        this.forget(row);
        evicted++;
      }
      if (set.size === 0) this.sets.delete(key);
    }
    this.distinct -= evicted;
    return evicted;
  }

  /** Every stored row. */
  *rows(): IterableIterator<StoredRow> {
    for (const list of this.lists.values()) yield* list;
    for (const set of this.sets.values()) yield* set;
  }

  clear(): void {
    this.sets.clear();
    this.ids.clear();
    this.lists.clear();
    this.distinct = 0;
    this.lastId = 0;
    this.changes.reset();
  }
}

function sameValues(a: readonly SqlValue[], b: readonly SqlValue[]): boolean {
  for (let c = 0; c < a.length; c++) if (!sameValue(a[c]!, b[c]!)) return false;
  return true;
}

const f64 = new Float64Array(1);
const f64Words = new Int32Array(f64.buffer);

function mix(h: number, x: number): number {
  h = Math.imul(h ^ x, 0x5bd1e995);
  return h ^ (h >>> 15);
}

function hashNumber(h: number, x: number): number {
  if ((x | 0) === x) return mix(h, x); // -0 as 0
  if (x !== x) return mix(h, 0x7ff80000);
  f64[0] = x;
  return mix(mix(h, f64Words[0]!), f64Words[1]!);
}

/**
 * A hash of a row's values, equal for rows `sameValue` finds equal (a BIGINT hashes as the
 * number it equals, which only costs a comparison when a DOUBLE column holds the same value).
 */
function hashValues(values: readonly SqlValue[]): number {
  let h = 0x2545f491;
  for (let c = 0; c < values.length; c++) {
    const v = values[c]!;
    if (v === null) h = mix(h, 0x6e756c6c);
    else if (typeof v === 'number') h = hashNumber(h, v);
    else if (typeof v === 'bigint') h = hashNumber(h, Number(v));
    else if (typeof v === 'string') {
      h = mix(h, v.length);
      for (let k = 0, e = Math.min(v.length, 32); k < e; k++) h = mix(h, v.charCodeAt(k));
    } else if (typeof v === 'boolean') h = mix(h, v ? 0x74 : 0x66);
    else h = mix(h, 0x6f626a); // bytes, intervals, arrays: compared in full on lookup
  }
  return h | 0;
}
