/**
 * Row identity over Arrow buffers, for multisets of rows kept as columns (the row store): a
 * hash of a row computed from its columns' buffers and an equality test between rows of two
 * column sets, without turning values into JS objects or strings.
 *
 * Equality is SQL value identity as `rowKey` defines it: NULL equals NULL, 0 equals -0, every
 * NaN equals every NaN, text and bytes compare by their bytes. Rows of one schema only.
 */
import * as arrow from 'apache-arrow';
import type { DataType } from '@sluice/sql';
import { readValue } from '../arrow/column-reader.js';
import { rowKey } from './row-key.js';

/** How one column is read for hashing and comparing; built once per column. */
interface ColumnAccess {
  readonly valid: Uint8Array | null;
  readonly offset: number;
  /** 'words': `width` Int32 words per row; 'float': numbers; 'bits': Bool; 'bytes': var-length; 'slow': by JS value */
  readonly layout: 'words' | 'float' | 'bits' | 'bytes' | 'slow' | 'null';
  readonly words: Int32Array | null;
  readonly width: number;
  readonly floats: Float32Array | Float64Array | null;
  readonly offsets: Int32Array | null;
  readonly bytes: Uint8Array | null;
  readonly data: arrow.Data;
  readonly type: DataType;
}

/** The columns of one delta, prepared for `hashRow` / `rowsEqual`. */
export type RowAccess = readonly ColumnAccess[];

/** Prepares `columns` (with their SQL types) for hashing and comparing rows. */
export function rowAccess(columns: readonly arrow.Data[], types: readonly DataType[]): RowAccess {
  return columns.map((data, c) => columnAccess(data, types[c]!));
}

function columnAccess(data: arrow.Data, type: DataType): ColumnAccess {
  const valid = data.nullCount > 0 && data.nullBitmap && data.nullBitmap.length > 0 ? data.nullBitmap : null;
  const base = { valid, offset: data.offset, words: null, width: 0, floats: null, offsets: null, bytes: null, data, type };
  if (type.kind === 'list') return { ...base, layout: 'slow' };
  switch (type.name) {
    case 'NULL': return { ...base, layout: 'null' };
    case 'BOOLEAN': return { ...base, layout: 'bits', bytes: data.values as Uint8Array };
    case 'REAL':
    case 'DOUBLE':
    case 'DECIMAL': return { ...base, layout: 'float', floats: data.values as Float64Array };
    case 'VARCHAR':
    case 'JSONB':
    case 'BYTEA': return { ...base, layout: 'bytes', offsets: data.valueOffsets as Int32Array, bytes: data.values as Uint8Array };
    case 'SMALLINT': {
      const v = data.values as Int16Array;
      return { ...base, layout: 'words', width: 1, words: Int32Array.from(v.subarray(0, data.length)) };
    }
    default: {
      // INT, DATE: one word; BIGINT, TIMESTAMP(TZ), INTERVAL: two words per row
      const v = data.values as Int32Array | BigInt64Array;
      const width = v.BYTES_PER_ELEMENT / 4;
      return { ...base, layout: 'words', width, words: new Int32Array(v.buffer, v.byteOffset, data.length * width) };
    }
  }
}

const f64 = new Float64Array(1);
const f64Words = new Int32Array(f64.buffer);

function mix(h: number, x: number): number {
  h = Math.imul(h ^ x, 0x5bd1e995);
  return h ^ (h >>> 15);
}

function isNull(col: ColumnAccess, i: number): boolean {
  if (col.layout === 'null') return true;
  if (!col.valid) return false;
  const j = col.offset + i;
  return (col.valid[j >> 3]! & (1 << (j & 7))) === 0;
}

function floatWords(v: number): void {
  f64[0] = v === 0 ? 0 : v !== v ? NaN : v; // -0 as 0, one NaN
}

/** A 32-bit hash of row `i`: equal rows (by `rowsEqual`) hash equal. */
export function hashRow(access: RowAccess, i: number): number {
  let h = 0x9747b28c;
  for (let c = 0; c < access.length; c++) {
    const col = access[c]!;
    if (isNull(col, i)) { h = mix(h, 0x6e756c6c); continue; }
    switch (col.layout) {
      case 'words': {
        const w = col.words!;
        for (let k = i * col.width, e = k + col.width; k < e; k++) h = mix(h, w[k]!);
        break;
      }
      case 'float':
        floatWords(col.floats![i]!);
        h = mix(mix(h, f64Words[0]!), f64Words[1]!);
        break;
      case 'bits': {
        const j = col.offset + i;
        h = mix(h, (col.bytes![j >> 3]! >> (j & 7)) & 1);
        break;
      }
      case 'bytes': {
        const o = col.offsets!;
        const b = col.bytes!;
        const e = o[i + 1]!;
        h = mix(h, e - o[i]!);
        for (let k = o[i]!; k < e; k++) h = mix(h, b[k]!);
        break;
      }
      default: {
        const key = rowKey([readValue(col.data, col.type, i)]);
        for (let k = 0; k < key.length; k++) h = mix(h, key.charCodeAt(k));
      }
    }
  }
  return h | 0;
}

/** Whether row `i` of `a` and row `j` of `b` (columns of one schema) hold the same values. */
export function rowsEqual(a: RowAccess, i: number, b: RowAccess, j: number): boolean {
  for (let c = 0; c < a.length; c++) {
    const x = a[c]!;
    const y = b[c]!;
    const xNull = isNull(x, i);
    if (xNull !== isNull(y, j)) return false;
    if (xNull) continue;
    if (!columnValuesEqual(x, i, y, j)) return false;
  }
  return true;
}

function columnValuesEqual(x: ColumnAccess, i: number, y: ColumnAccess, j: number): boolean {
  switch (x.layout) {
    case 'words': {
      const w = x.width;
      for (let k = 0; k < w; k++) if (x.words![i * w + k] !== y.words![j * w + k]) return false;
      return true;
    }
    case 'float': {
      const u = x.floats![i]!;
      const v = y.floats![j]!;
      return u === v || (u !== u && v !== v);
    }
    case 'bits': {
      const p = x.offset + i;
      const q = y.offset + j;
      return ((x.bytes![p >> 3]! >> (p & 7)) & 1) === ((y.bytes![q >> 3]! >> (q & 7)) & 1);
    }
    case 'bytes': {
      const s = x.offsets![i]!;
      const n = x.offsets![i + 1]! - s;
      const t = y.offsets![j]!;
      if (y.offsets![j + 1]! - t !== n) return false;
      for (let k = 0; k < n; k++) if (x.bytes![s + k] !== y.bytes![t + k]) return false;
      return true;
    }
    default:
      return rowKey([readValue(x.data, x.type, i)]) === rowKey([readValue(y.data, y.type, j)]);
  }
}
