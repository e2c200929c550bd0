/**
 * Aggregate state, struct-of-arrays indexed by group slot. Each accumulator folds a whole
 * batch in one call (`accumulate`), with per-row signs for retractions, and checkpoints
 * itself as columns of the `groups` table (plus, for retractable min/max, a table of value
 * counts per group).
 */
import type { AggregateCall, DataType, Field, SqlValue } from '@sluice/sql';
import { int64At, int64Words } from '../arrow/int64.js';
import type { Vec } from '../expr/vec.js';
import { EngineError } from '../errors.js';
import { DistinctAccumulator } from './distinct-accumulator.js';
import { newUserAccumulator } from '../embedding/aggregate-udf.js';
import { BoolAccumulator, CollectionAccumulator, collectionPartTypes } from './collection-accumulators.js';
import { canonicalBig, primitiveReader, stateField, storageType, toPrimitive, toSqlValue, toStorage, type Primitive } from './aggregate-values.js';

/** Rows of one batch routed to slots: slot -1 skips the row; sign +1/-1. */
export interface BatchRouting {
  readonly slots: Int32Array;
  readonly signs: Int8Array;
  readonly n: number;
}

export interface Accumulator {
  /**
   * Folds the batch: `arg` is the argument column (null for count(*)), `filter` the FILTER
   * mask, `extra` the further argument columns and then the ORDER BY key columns.
   */
  accumulate(batch: BatchRouting, arg: Vec | null, filter: Uint8Array | null, extra?: readonly Vec[]): void;
  /** The aggregate's current value for a group. */
  result(slot: number): SqlValue;
  /** Forgets a group (its slot will be reused). */
  clear(slot: number): void;
  /** Fields this accumulator adds to the `groups` state table. */
  stateFields(prefix: string): Field[];
  stateValues(slot: number): SqlValue[];
  restore(slot: number, values: readonly SqlValue[]): void;
  /** Extra state tables: name -> (fields, rows with the group's row number first). */
  extraState?(slotRows: ReadonlyMap<number, number>): { fields: Field[]; rows: SqlValue[][] };
  restoreExtra?(rows: readonly SqlValue[][], slotOfRow: (row: number) => number): void;
}

/** Grows a Float64Array-backed column to hold `slot`. */
function ensure(arr: Float64Array, slot: number): Float64Array {
  if (slot < arr.length) return arr;
  const next = new Float64Array(Math.max(slot + 1, arr.length * 2));
  next.set(arr);
  return next;
}

/** count(x) and count(*). */
export class CountAccumulator implements Accumulator {
  private counts: Float64Array = new Float64Array(64);
  constructor(private readonly star: boolean) {}

  accumulate({ slots, signs, n }: BatchRouting, arg: Vec | null, filter: Uint8Array | null): void {
    const valid = this.star || !arg ? null : arg.valid;
    for (let i = 0; i < n; i++) {
      const s = slots[i]!;
      if (s < 0 || (filter && !filter[i]) || (valid && !valid[i])) continue;
      this.counts = ensure(this.counts, s);
      this.counts[s] += signs[i]!;
    }
  }

  result(slot: number): SqlValue {
    return BigInt(this.counts[slot] ?? 0);
  }

  clear(slot: number): void {
    if (slot < this.counts.length) this.counts[slot] = 0;
  }

  stateFields(prefix: string): Field[] {
    return [stateField(`${prefix}_count`, { kind: 'scalar', name: 'DOUBLE' })];
  }

  stateValues(slot: number): SqlValue[] {
    return [this.counts[slot] ?? 0];
  }

  restore(slot: number, values: readonly SqlValue[]): void {
    this.counts = ensure(this.counts, slot);
    this.counts[slot] = values[0] as number;
  }
}

/**
 * sum and avg. Integer input sums exactly: in a double while the total is a safe integer,
 * in a bigint (per group, `bigSums`) from the first overflow on. Float input sums doubles;
 * INTERVAL input sums its microseconds (exact within ±285 years) and averages to whole ones.
 */
export class SumAccumulator implements Accumulator {
  private sums: Float64Array = new Float64Array(64);
  private nonNull: Float64Array = new Float64Array(64);
  private readonly bigSums = new Map<number, bigint>();

  constructor(private readonly integer: boolean, private readonly average: boolean, private readonly resultType: DataType) {}

  accumulate({ slots, signs, n }: BatchRouting, arg: Vec | null, filter: Uint8Array | null): void {
    if (!arg || (arg.repr !== 'num' && arg.repr !== 'big')) throw new EngineError('invalid-argument', 'sum/avg need a numeric argument');
    const valid = arg.valid;
    const words = arg.repr === 'big' ? int64Words(arg.values) : null;
    for (let i = 0; i < n; i++) {
      const s = slots[i]!;
      if (s < 0 || (filter && !filter[i]) || (valid && !valid[i])) continue;
      this.sums = ensure(this.sums, s);
      this.nonNull = ensure(this.nonNull, s);
      const sign = signs[i]!;
      this.nonNull[s] += sign;
      const v = words ? int64At(words, i) : (arg.values as Float64Array)[i]!;
      if (!this.integer) { this.sums[s] += sign * v; continue; }
      const big = this.bigSums.get(s);
      if (big === undefined && v === v) {
        const r = this.sums[s]! + sign * v;
        if (Number.isSafeInteger(r)) { this.sums[s] = r; continue; }
      }
      const exact = words ? (arg.values as BigInt64Array)[i]! : BigInt(v);
      const total = (big ?? BigInt(this.sums[s]!)) + (sign > 0 ? exact : -exact);
      const canonical = canonicalBig(total);
      if (typeof canonical === 'number') { this.sums[s] = canonical; this.bigSums.delete(s); }
      else this.bigSums.set(s, canonical);
    }
  }

  result(slot: number): SqlValue {
    if (!(this.nonNull[slot]! > 0)) return null;
    if (this.resultType.kind === 'scalar' && this.resultType.name === 'INTERVAL') {
      const micros = this.average ? Math.round(this.sums[slot]! / this.nonNull[slot]!) : this.sums[slot]!;
      return { months: 0, days: 0, micros };
    }
    const big = this.bigSums.get(slot);
    if (this.average) return (big !== undefined ? Number(big) : this.sums[slot]!) / this.nonNull[slot]!;
    if (this.resultType.kind === 'scalar' && this.resultType.name === 'BIGINT') return big ?? BigInt(this.sums[slot]!);
    return big !== undefined ? Number(big) : this.sums[slot]!;
  }

  clear(slot: number): void {
    if (slot < this.sums.length) { this.sums[slot] = 0; this.nonNull[slot] = 0; }
    this.bigSums.delete(slot);
  }

  stateFields(prefix: string): Field[] {
    const sumType: DataType = { kind: 'scalar', name: this.integer ? 'BIGINT' : 'DOUBLE' };
    return [stateField(`${prefix}_sum`, sumType), stateField(`${prefix}_non_null`, { kind: 'scalar', name: 'DOUBLE' })];
  }

  stateValues(slot: number): SqlValue[] {
    const sum = this.integer ? (this.bigSums.get(slot) ?? BigInt(this.sums[slot] ?? 0)) : (this.sums[slot] ?? 0);
    return [sum, this.nonNull[slot] ?? 0];
  }

  restore(slot: number, values: readonly SqlValue[]): void {
    this.sums = ensure(this.sums, slot);
    this.nonNull = ensure(this.nonNull, slot);
    const sum = values[0];
    if (typeof sum === 'bigint') {
      const c = canonicalBig(sum);
      if (typeof c === 'number') this.sums[slot] = c;
      else this.bigSums.set(slot, c);
    } else this.sums[slot] = (sum as number) ?? 0;
    this.nonNull[slot] = values[1] as number;
  }
}

function better(direction: 1 | -1, a: Primitive, b: Primitive): boolean {
  return direction > 0 ? a! > b! : a! < b!;
}

/** min/max over append-only input: one running value per group. */
export class RunningExtremeAccumulator implements Accumulator {
  private readonly values: Primitive[] = [];
  constructor(private readonly direction: 1 | -1, private readonly type: DataType) {}

  accumulate({ slots, n }: BatchRouting, arg: Vec | null, filter: Uint8Array | null): void {
    const read = primitiveReader(arg!);
    for (let i = 0; i < n; i++) {
      const s = slots[i]!;
      if (s < 0 || (filter && !filter[i])) continue;
      const v = read(i);
      if (v === null) continue;
      const cur = this.values[s] ?? null;
      if (cur === null || better(this.direction, v, cur)) this.values[s] = v;
    }
  }

  result(slot: number): SqlValue {
    return toSqlValue(this.values[slot] ?? null, this.type);
  }

  clear(slot: number): void {
    this.values[slot] = null;
  }

  stateFields(prefix: string): Field[] {
    return [stateField(`${prefix}_value`, storageType(this.type))];
  }

  stateValues(slot: number): SqlValue[] {
    return [toStorage(this.values[slot] ?? null, this.type)];
  }

  restore(slot: number, values: readonly SqlValue[]): void {
    this.values[slot] = toPrimitive(values[0] ?? null, storageType(this.type));
  }
}

/**
 * min/max under retractions: per group, how many rows hold each value, plus the cached
 * extreme (recomputed from the counts only when the extreme itself is retracted).
 */
export class CountedExtremeAccumulator implements Accumulator {
  private readonly counts: (Map<Primitive, number> | undefined)[] = [];
  private readonly cached: (Primitive | undefined)[] = [];
  constructor(private readonly direction: 1 | -1, private readonly type: DataType) {}

  accumulate({ slots, signs, n }: BatchRouting, arg: Vec | null, filter: Uint8Array | null): void {
    const read = primitiveReader(arg!);
    for (let i = 0; i < n; i++) {
      const s = slots[i]!;
      if (s < 0 || (filter && !filter[i])) continue;
      const v = read(i);
      if (v !== null) this.apply(s, v, signs[i]!);
    }
  }

  private apply(slot: number, v: Primitive, sign: number): void {
    const counts = (this.counts[slot] ??= new Map());
    const c = (counts.get(v) ?? 0) + sign;
    if (c > 0) counts.set(v, c);
    else counts.delete(v);
    const cur = this.cached[slot];
    if (sign > 0) {
      if (cur !== undefined && (cur === null || better(this.direction, v, cur))) this.cached[slot] = v;
    } else if (c <= 0 && cur === v) this.cached[slot] = undefined;
  }

  result(slot: number): SqlValue {
    let cur = this.cached[slot];
    if (cur === undefined) {
      cur = null;
      for (const v of this.counts[slot]?.keys() ?? []) if (cur === null || better(this.direction, v, cur)) cur = v;
      this.cached[slot] = cur;
    }
    return toSqlValue(cur, this.type);
  }

  clear(slot: number): void {
    this.counts[slot] = undefined;
    this.cached[slot] = null;
  }

  stateFields(): Field[] {
    return [];
  }

  stateValues(): SqlValue[] {
    return [];
  }

  restore(slot: number): void {
    this.cached[slot] = undefined;
  }

  extraState(slotRows: ReadonlyMap<number, number>): { fields: Field[]; rows: SqlValue[][] } {
    const rows: SqlValue[][] = [];
    for (const [slot, row] of slotRows) {
      for (const [v, c] of this.counts[slot] ?? []) rows.push([row, toStorage(v, this.type), c]);
    }
    const fields = [stateField('group_row', { kind: 'scalar', name: 'INT' }), stateField('value', storageType(this.type)), stateField('count', { kind: 'scalar', name: 'DOUBLE' })];
    return { fields, rows };
  }

  restoreExtra(rows: readonly SqlValue[][], slotOfRow: (row: number) => number): void {
    for (const [row, value, count] of rows) {
      const slot = slotOfRow(row as number);
      (this.counts[slot] ??= new Map()).set(toPrimitive(value ?? null, storageType(this.type)), count as number);
      this.cached[slot] = undefined;
    }
  }
}

const COLLECTIONS: ReadonlySet<AggregateCall['kind']> = new Set(['string_agg', 'array_agg', 'first_value', 'last_value']);

/**
 * The accumulator for one aggregate call; `argType` is the type of its argument column,
 * `extraTypes` those of its further arguments and ORDER BY keys.
 */
export function newAccumulator(call: AggregateCall, argType: DataType | null, appendOnlyInput: boolean, extraTypes: readonly DataType[] = []): Accumulator {
  if (call.kind === 'user') return call.distinct && argType ? new DistinctAccumulator(newUserAccumulator(call), argType) : newUserAccumulator(call);
  // min and max of the distinct values are those of all values; the collection aggregates
  // keep a multiset of their rows and take each distinct entry once
  if (call.distinct && argType && call.kind !== 'min' && call.kind !== 'max' && !COLLECTIONS.has(call.kind)) {
    return new DistinctAccumulator(newAccumulator({ ...call, distinct: false }, argType, appendOnlyInput), argType);
  }
  const integer = argType !== null && argType.kind === 'scalar' && ['SMALLINT', 'INT', 'BIGINT'].includes(argType.name);
  switch (call.kind) {
    case 'count_star': return new CountAccumulator(true);
    case 'count': return new CountAccumulator(false);
    case 'sum': return new SumAccumulator(integer, false, call.type);
    case 'avg': return new SumAccumulator(integer, true, call.type);
    case 'min':
    case 'max': {
      const direction = call.kind === 'max' ? 1 : -1;
      return appendOnlyInput ? new RunningExtremeAccumulator(direction, call.type) : new CountedExtremeAccumulator(direction, call.type);
    }
    case 'bool_and': return new BoolAccumulator(true);
    case 'bool_or': return new BoolAccumulator(false);
    case 'string_agg':
    case 'array_agg':
    case 'first_value':
    case 'last_value': return new CollectionAccumulator(call, collectionPartTypes(call, [argType!, ...extraTypes]));
  }
}
