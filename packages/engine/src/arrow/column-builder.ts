/**
 * Builds one Arrow column (`arrow.Data`) from JS scalar values, for the places where values
 * arrive one at a time: decoded JSON/CSV rows, VALUES, INSERT, rows pushed from code.
 * Operators on the hot path write typed arrays directly instead.
 *
 * Values must already have the column's JS representation (see @sluice/sql data-type.ts);
 * `null` appends a NULL.
 */
import * as arrow from 'apache-arrow';
import { InternalError, type DataType, type Interval, type SqlValue } from '@sluice/sql';
import { toArrowType } from './types.js';

const utf8 = new TextEncoder();

export class ColumnBuilder {
  private length = 0;
  private nullCount = 0;
  private validity = new Uint8Array(64);
  private numbers: Float64Array | null = null;
  private bigints: BigInt64Array | null = null;
  private objects: SqlValue[] | null = null;
  private readonly storage: 'number' | 'bigint' | 'bool' | 'object';

  constructor(readonly type: DataType) {
    this.storage = storageOf(type);
    if (this.storage === 'number' || this.storage === 'bool') this.numbers = new Float64Array(64);
    else if (this.storage === 'bigint') this.bigints = new BigInt64Array(64);
    else this.objects = [];
  }

  get size(): number {
    return this.length;
  }

  append(value: SqlValue): void {
    const i = this.length;
    this.ensureCapacity(i + 1);
    if (value === null || value === undefined) {
      this.nullCount++;
    } else {
      this.validity[i >> 3]! |= 1 << (i & 7);
      switch (this.storage) {
        case 'number': this.numbers![i] = value as number; break;
        case 'bool': this.numbers![i] = value ? 1 : 0; break;
        case 'bigint': this.bigints![i] = this.type.kind === 'scalar' && this.type.name === 'INTERVAL'
          ? BigInt(intervalToMicros(value as Interval))
          : BigInt(value as number | bigint); break;
        case 'object': this.objects![i] = value; break;
      }
    }
    if (this.storage === 'object' && value === null) this.objects![i] = null;
    this.length = i + 1;
  }

  /** The column built so far. The builder may be reused only after `reset()`. */
  finish(): arrow.Data {
    const n = this.length;
    const type = toArrowType(this.type);
    const nullBitmap = this.nullCount > 0 ? this.validity.slice(0, (n + 7) >> 3) : undefined;
    const common = { type, length: n, nullCount: this.nullCount, nullBitmap };
    if (this.type.kind === 'list') {
      return buildList(this.type, this.objects as (SqlValue[] | null)[], common);
    }
    switch (this.type.name) {
      case 'BOOLEAN': {
        const bits = new Uint8Array((n + 7) >> 3);
        for (let i = 0; i < n; i++) if (this.numbers![i]) bits[i >> 3]! |= 1 << (i & 7);
        return arrow.makeData({ ...common, type: type as arrow.Bool, data: bits });
      }
      case 'SMALLINT': return arrow.makeData({ ...common, type: type as arrow.Int16, data: Int16Array.from(this.numbers!.subarray(0, n)) });
      case 'INT':
      case 'DATE': return arrow.makeData({ ...common, type: type as arrow.Int32, data: Int32Array.from(this.numbers!.subarray(0, n)) });
      case 'REAL': return arrow.makeData({ ...common, type: type as arrow.Float32, data: Float32Array.from(this.numbers!.subarray(0, n)) });
      case 'DOUBLE':
      case 'DECIMAL': return arrow.makeData({ ...common, type: type as arrow.Float64, data: this.numbers!.slice(0, n) });
      case 'BIGINT':
      case 'INTERVAL': return arrow.makeData({ ...common, type: type as arrow.Int64, data: this.bigints!.slice(0, n) });
      case 'TIMESTAMP':
      case 'TIMESTAMPTZ':
      case 'TIME': {
        const data = new BigInt64Array(n);
        for (let i = 0; i < n; i++) data[i] = BigInt(Math.trunc(this.numbers![i]!));
        return arrow.makeData({ ...common, type: type as arrow.TimestampMicrosecond, data });
      }
      case 'VARCHAR':
      case 'JSONB':
      case 'BYTEA': return buildBinaryLike(this.objects!, n, common);
      case 'NULL': return arrow.makeData({ type: new arrow.Null(), length: n, nullCount: n });
      default: {
        const unknown: never = this.type.name;
        throw new InternalError(`cannot build column of ${String(unknown)}`);
      }
    }
  }

  reset(): void {
    this.length = 0;
    this.nullCount = 0;
    this.validity.fill(0);
    if (this.objects) this.objects = [];
  }

  private ensureCapacity(n: number): void {
    if (n <= this.validity.length * 8) {
      if (this.numbers && n <= this.numbers.length) return;
      if (this.bigints && n <= this.bigints.length) return;
      if (this.objects) return;
    }
    const capacity = Math.max(n, this.validity.length * 16);
    const validity = new Uint8Array(capacity >> 3);
    validity.set(this.validity);
    this.validity = validity;
    if (this.numbers) {
      const numbers = new Float64Array(capacity);
      numbers.set(this.numbers);
      this.numbers = numbers;
    }
    if (this.bigints) {
      const bigints = new BigInt64Array(capacity);
      bigints.set(this.bigints);
      this.bigints = bigints;
    }
  }
}

function storageOf(type: DataType): 'number' | 'bigint' | 'bool' | 'object' {
  if (type.kind === 'list') return 'object';
  switch (type.name) {
    case 'BOOLEAN': return 'bool';
    case 'BIGINT':
    case 'INTERVAL': return 'bigint';
    case 'VARCHAR':
    case 'JSONB':
    case 'BYTEA':
    case 'NULL': return 'object';
    default: return 'number';
  }
}

/** Months count as 30 days: INTERVAL columns hold a single microsecond duration. */
export function intervalToMicros(v: Interval): number {
  return (v.months * 30 + v.days) * 86_400_000_000 + v.micros;
}

interface Common { length: number; nullCount: number; nullBitmap: Uint8Array | undefined }

function buildBinaryLike(values: SqlValue[], n: number, common: Common & { type: arrow.DataType }): arrow.Data {
  const parts: Uint8Array[] = new Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    const bytes = v === null || v === undefined ? EMPTY : v instanceof Uint8Array ? v : utf8.encode(String(v));
    parts[i] = bytes;
    total += bytes.length;
  }
  const offsets = new Int32Array(n + 1);
  const data = new Uint8Array(total);
  let at = 0;
  for (let i = 0; i < n; i++) {
    data.set(parts[i]!, at);
    at += parts[i]!.length;
    offsets[i + 1] = at;
  }
  return arrow.makeData({ ...common, type: common.type as arrow.Utf8, valueOffsets: offsets, data });
}

const EMPTY = new Uint8Array(0);

function buildList(type: DataType & { kind: 'list' }, values: (SqlValue[] | null)[], common: Common & { type: arrow.DataType }): arrow.Data {
  const child = new ColumnBuilder(type.element);
  const offsets = new Int32Array(common.length + 1);
  for (let i = 0; i < common.length; i++) {
    const list = values[i];
    if (list) for (const item of list) child.append(item);
    offsets[i + 1] = child.size;
  }
  return arrow.makeData({ ...common, type: common.type as arrow.List, valueOffsets: offsets, child: child.finish() });
}
