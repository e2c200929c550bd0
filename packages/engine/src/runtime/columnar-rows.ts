/**
 * A multiset of rows kept as Arrow columns: the deltas' columns as they arrive (chunks), a
 * tombstone bitmap per chunk for deleted rows, and, built the first time a row is deleted, a
 * hash index from a row hash over the column buffers to positions. An append-only view thus
 * costs nothing per row; a view with retractions pays one hash and one comparison per delete.
 * A snapshot concatenates the live rows and becomes the only chunk (compaction); chunks are
 * also compacted when more than half of the rows are tombstones.
 */
import type * as arrow from 'apache-arrow';
import type { DataType, Schema } from '@sluice/sql';
import { concatDeltas } from '../arrow/concat.js';
import { takeDelta } from '../arrow/take.js';
import { emptyDelta, type Delta } from '../delta.js';
import { EngineError } from '../errors.js';
import { hashRow, rowAccess, rowsEqual, type RowAccess } from './row-hash.js';

interface Chunk {
  readonly columns: readonly arrow.Data[];
  readonly length: number;
  /** 1 per live row; null while every row is live */
  alive: Uint8Array | null;
  access: RowAccess | null;
}

/** Positions of every row ever appended (live or not), chained by hash. */
interface RowIndex {
  heads: Int32Array;
  next: Int32Array;
  hashes: Int32Array;
  chunkOf: Int32Array;
  rowOf: Int32Array;
  size: number;
}

const COMPACT_MIN_DEAD = 1024;

export class ColumnarRows {
  private chunks: Chunk[] = [];
  private liveRows = 0;
  private deadRows = 0;
  private index: RowIndex | null = null;
  private readonly types: readonly DataType[];

  constructor(readonly schema: Schema) {
    this.types = schema.fields.map((f) => f.type);
  }

  /** Rows present, counting duplicates. */
  get size(): number {
    return this.liveRows;
  }

  /** Adds every row of `delta` (its ops are not read); keeps its columns, copies nothing. */
  insert(delta: Delta): void {
    if (delta.length === 0) return;
    const chunk: Chunk = { columns: delta.columns, length: delta.length, alive: null, access: null };
    this.chunks.push(chunk);
    this.liveRows += delta.length;
    if (this.index) this.indexChunk(this.index, this.chunks.length - 1);
  }

  /** Removes one copy of each row `rows[k]` of `delta`; a row not present is an internal error. */
  remove(delta: Delta, rows: Int32Array): void {
    if (rows.length === 0) return;
    const index = (this.index ??= this.buildIndex());
    const access = rowAccess(delta.columns, this.types);
    for (let k = 0; k < rows.length; k++) {
      const i = rows[k]!;
      const at = this.find(index, access, i, hashRow(access, i));
      // A delete of a row that is not there means an upstream operator broke its contract.
      if (at < 0) throw new EngineError('inconsistent-retraction', `delete of a row that is not present (row ${i} of the change)`, 'internal');
      const chunk = this.chunks[index.chunkOf[at]!]!;
      chunk.alive ??= new Uint8Array(chunk.length).fill(1);
      chunk.alive[index.rowOf[at]!] = 0;
      this.liveRows--;
      this.deadRows++;
    }
    if (this.deadRows >= COMPACT_MIN_DEAD && this.deadRows > this.liveRows) this.snapshot();
  }

  /** The live rows as one delta (inserts only); afterwards it is the store's only chunk. */
  snapshot(): Delta {
    if (this.deadRows === 0 && this.chunks.length === 1) return this.asDelta(this.chunks[0]!);
    if (this.liveRows === 0) {
      this.chunks = [];
      this.deadRows = 0;
      this.index = null;
      return emptyDelta(this.schema);
    }
    const parts: Delta[] = [];
    for (const chunk of this.chunks) {
      const whole = this.asDelta(chunk);
      if (!chunk.alive) { parts.push(whole); continue; }
      const keep = liveIndices(chunk.alive);
      if (keep.length > 0) parts.push(takeDelta(whole, keep));
    }
    const merged = concatDeltas(parts);
    const result: Delta = { schema: this.schema, columns: merged.columns, length: merged.length, ops: null };
    this.chunks = [{ columns: result.columns, length: result.length, alive: null, access: null }];
    this.deadRows = 0;
    this.index = null;
    return result;
  }

  private asDelta(chunk: Chunk): Delta {
    return { schema: this.schema, columns: chunk.columns, length: chunk.length, ops: null };
  }

  private find(index: RowIndex, access: RowAccess, i: number, hash: number): number {
    for (let p = index.heads[hash & (index.heads.length - 1)]!; p >= 0; p = index.next[p]!) {
      if (index.hashes[p] !== hash) continue;
      const chunk = this.chunks[index.chunkOf[p]!]!;
      const row = index.rowOf[p]!;
      if (chunk.alive && chunk.alive[row] === 0) continue;
      chunk.access ??= rowAccess(chunk.columns, this.types);
      if (rowsEqual(chunk.access, row, access, i)) return p;
    }
    return -1;
  }

  private buildIndex(): RowIndex {
    const total = this.chunks.reduce((s, c) => s + c.length, 0);
    const index = emptyIndex(Math.max(16, total));
    for (let c = 0; c < this.chunks.length; c++) this.indexChunk(index, c);
    return index;
  }

  private indexChunk(index: RowIndex, c: number): void {
    const chunk = this.chunks[c]!;
    if (index.size + chunk.length > index.next.length) growIndex(index, index.size + chunk.length);
    chunk.access ??= rowAccess(chunk.columns, this.types);
    const mask = index.heads.length - 1;
    for (let row = 0; row < chunk.length; row++) {
      const p = index.size++;
      const h = hashRow(chunk.access, row);
      index.hashes[p] = h;
      index.chunkOf[p] = c;
      index.rowOf[p] = row;
      index.next[p] = index.heads[h & mask]!;
      index.heads[h & mask] = p;
    }
  }
}

function liveIndices(alive: Uint8Array): Int32Array {
  let n = 0;
  for (let i = 0; i < alive.length; i++) n += alive[i]!;
  const out = new Int32Array(n);
  for (let i = 0, k = 0; i < alive.length; i++) if (alive[i]) out[k++] = i;
  return out;
}

function emptyIndex(capacity: number): RowIndex {
  const buckets = 1 << Math.ceil(Math.log2(capacity * 2));
  return {
    heads: new Int32Array(buckets).fill(-1),
    next: new Int32Array(capacity),
    hashes: new Int32Array(capacity),
    chunkOf: new Int32Array(capacity),
    rowOf: new Int32Array(capacity),
    size: 0,
  };
}

/** Grows the per-position arrays to hold `needed` positions and re-buckets when dense. */
function growIndex(index: RowIndex, needed: number): void {
  const capacity = Math.max(needed, index.next.length * 2);
  const grow = (a: Int32Array): Int32Array => {
    const b = new Int32Array(capacity);
    b.set(a.subarray(0, index.size));
    return b;
  };
  index.next = grow(index.next);
  index.hashes = grow(index.hashes);
  index.chunkOf = grow(index.chunkOf);
  index.rowOf = grow(index.rowOf);
  if (capacity * 2 <= index.heads.length) return;
  index.heads = new Int32Array(1 << Math.ceil(Math.log2(capacity * 2))).fill(-1);
  const mask = index.heads.length - 1;
  for (let p = 0; p < index.size; p++) {
    const b = index.hashes[p]! & mask;
    index.next[p] = index.heads[b]!;
    index.heads[b] = p;
  }
}
