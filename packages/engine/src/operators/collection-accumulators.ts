/**
 * Accumulators for bool_and / bool_or (counts of true and false values per group) and for
 * string_agg / array_agg / first_value / last_value (a multiset of values per group, so that
 * a retraction removes exactly one copy of what it retracts). Both handle retractions; the multiset is
 * checkpointed as an extra state table with one row per distinct entry and its count.
 */
import type { AggregateCall, AggregateOrderKey, DataType, Field, SqlValue } from '@sluice/sql';
import type { Vec } from '../expr/vec.js';
import type { Accumulator, BatchRouting } from './accumulators.js';
import { primitiveReader, stateField, storageType, toPrimitive, toSqlValue, toStorage, type Primitive } from './aggregate-values.js';

const DOUBLE: DataType = { kind: 'scalar', name: 'DOUBLE' };
const VARCHAR: DataType = { kind: 'scalar', name: 'VARCHAR' };

function ensure(arr: Float64Array, slot: number): Float64Array {
  if (slot < arr.length) return arr;
  const next = new Float64Array(Math.max(slot + 1, arr.length * 2));
  next.set(arr);
  return next;
}

/** bool_and (`all` true) and bool_or: NULL for a group without non-NULL values. */
export class BoolAccumulator implements Accumulator {
  private trues: Float64Array = new Float64Array(64);
  private falses: Float64Array = new Float64Array(64);
  constructor(private readonly all: boolean) {}

  accumulate({ slots, signs, n }: BatchRouting, arg: Vec | null, filter: Uint8Array | null): void {
    const read = primitiveReader(arg!);
    for (let i = 0; i < n; i++) {
      const s = slots[i]!;
      if (s < 0 || (filter && !filter[i])) continue;
      const v = read(i);
      if (v === null) continue;
      this.trues = ensure(this.trues, s);
      this.falses = ensure(this.falses, s);
      if (v === 1) this.trues[s] += signs[i]!;
      else this.falses[s] += signs[i]!;
    }
  }

  result(slot: number): SqlValue {
    const t = this.trues[slot] ?? 0;
    const f = this.falses[slot] ?? 0;
    if (!(t + f > 0)) return null;
    return this.all ? !(f > 0) : t > 0;
  }

  clear(slot: number): void {
    if (slot < this.trues.length) { this.trues[slot] = 0; this.falses[slot] = 0; }
  }

  stateFields(prefix: string): Field[] {
    return [stateField(`${prefix}_true_count`, DOUBLE), stateField(`${prefix}_false_count`, DOUBLE)];
  }

  stateValues(slot: number): SqlValue[] {
    return [this.trues[slot] ?? 0, this.falses[slot] ?? 0];
  }

  restore(slot: number, values: readonly SqlValue[]): void {
    this.trues = ensure(this.trues, slot);
    this.falses = ensure(this.falses, slot);
    this.trues[slot] = values[0] as number;
    this.falses[slot] = values[1] as number;
  }
}

/** One distinct entry of a group's multiset: its parts (value, [separator], order keys...). */
interface Entry {
  readonly parts: readonly Primitive[];
  /** arrival order of the entry's first copy: the order when there is no ORDER BY */
  readonly seq: number;
  count: number;
}

/** A string that identifies a tuple of Primitives (types kept apart: 1, 1n-as-text and '1' differ). */
function entryKey(parts: readonly Primitive[]): string {
  let key = '';
  for (const p of parts) {
    if (p === null) key += 'n|';
    else if (typeof p === 'string') key += `s${p.length}:${p}|`;
    else key += `${typeof p === 'bigint' ? 'b' : 'd'}${String(p)}|`;
  }
  return key;
}

function comparePrimitive(a: Primitive, b: Primitive, key: AggregateOrderKey): number {
  if (a === null || b === null) {
    if (a === b) return 0;
    return (a === null) === key.nullsFirst ? -1 : 1;
  }
  const c = a < b ? -1 : a > b ? 1 : 0;
  return key.descending ? -c : c;
}

/**
 * string_agg(value, separator ORDER BY ...), array_agg(value ORDER BY ...) and
 * first_value/last_value(value ORDER BY ...): per group, a multiset of (value, separator,
 * order keys). string_agg skips NULL values and puts each value's own separator before it
 * (PostgreSQL); array_agg keeps NULLs, and so do first_value and last_value (the value of the
 * first or last row in order, NULL or not). Without ORDER BY the values come in the order
 * they first arrived. Under DISTINCT each distinct entry counts once (the binder makes the
 * ORDER BY keys arguments, so an entry is a distinct tuple of arguments).
 */
export class CollectionAccumulator implements Accumulator {
  private readonly groups: (Map<string, Entry> | undefined)[] = [];
  private readonly cached: (SqlValue | undefined)[] = [];
  private nextSeq = 0;
  private readonly text: boolean;
  private readonly orderBy: readonly AggregateOrderKey[];

  /** `partTypes`: the value's type, then (string_agg) the separator's, then each order key's. */
  constructor(private readonly call: AggregateCall, private readonly partTypes: readonly DataType[]) {
    this.text = call.kind === 'string_agg';
    this.orderBy = call.orderBy ?? [];
  }

  accumulate({ slots, signs, n }: BatchRouting, arg: Vec | null, filter: Uint8Array | null, extra: readonly Vec[] = []): void {
    const readers = [arg!, ...extra].map(primitiveReader);
    for (let i = 0; i < n; i++) {
      const s = slots[i]!;
      if (s < 0 || (filter && !filter[i])) continue;
      const parts = readers.map((read) => read(i));
      if (this.text && parts[0] === null) continue;
      this.apply(s, parts, signs[i]!);
    }
  }

  private apply(slot: number, parts: readonly Primitive[], sign: number): void {
    const group = (this.groups[slot] ??= new Map());
    const key = entryKey(parts);
    const entry = group.get(key);
    this.cached[slot] = undefined;
    if (entry) {
      entry.count += sign;
      if (entry.count <= 0) group.delete(key);
    } else if (sign > 0) {
      group.set(key, { parts, seq: this.nextSeq++, count: sign });
    }
  }

  private sortedEntries(slot: number): Entry[] {
    const offset = this.text ? 2 : 1;
    const entries = [...(this.groups[slot]?.values() ?? [])];
    return entries.sort((a, b) => {
      for (let k = 0; k < this.orderBy.length; k++) {
        const c = comparePrimitive(a.parts[offset + k]!, b.parts[offset + k]!, this.orderBy[k]!);
        if (c !== 0) return c;
      }
      return a.seq - b.seq;
    });
  }

  result(slot: number): SqlValue {
    const cached = this.cached[slot];
    if (cached !== undefined) return cached;
    const entries = this.sortedEntries(slot);
    let value: SqlValue;
    if (entries.length === 0) value = null;
    else if (this.call.kind === 'first_value' || this.call.kind === 'last_value') {
      const entry = this.call.kind === 'first_value' ? entries[0]! : entries[entries.length - 1]!;
      value = toSqlValue(entry.parts[0]!, this.call.type);
    } else if (this.text) {
      let out = '';
      let first = true;
      for (const e of entries) {
        for (let c = 0; c < this.copies(e); c++) {
          out += first ? (e.parts[0] as string) : `${(e.parts[1] as string | null) ?? ''}${e.parts[0] as string}`;
          first = false;
        }
      }
      value = out;
    } else {
      const elementType = this.call.type.kind === 'list' ? this.call.type.element : this.call.type;
      const out: SqlValue[] = [];
      for (const e of entries) for (let c = 0; c < this.copies(e); c++) out.push(toSqlValue(e.parts[0]!, elementType));
      value = out;
    }
    this.cached[slot] = value;
    return value;
  }

  /** How many times an entry counts: once under DISTINCT (its arguments are the entry's parts). */
  private copies(e: Entry): number {
    return this.call.distinct ? 1 : e.count;
  }

  clear(slot: number): void {
    this.groups[slot] = undefined;
    this.cached[slot] = undefined;
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
      for (const e of this.sortedEntries(slot)) {
        rows.push([row, ...e.parts.map((p, k) => toStorage(p, this.partTypes[k]!)), e.seq, e.count]);
      }
    }
    const fields = [
      stateField('group_row', { kind: 'scalar', name: 'INT' }),
      ...this.partTypes.map((t, k) => stateField(k === 0 ? 'value' : this.text && k === 1 ? 'separator' : `order_${k}`, storageType(t))),
      stateField('seq', DOUBLE),
      stateField('count', DOUBLE),
    ];
    return { fields, rows };
  }

  restoreExtra(rows: readonly SqlValue[][], slotOfRow: (row: number) => number): void {
    const width = this.partTypes.length;
    for (const row of rows) {
      const slot = slotOfRow(row[0] as number);
      const parts = this.partTypes.map((t, k) => toPrimitive(row[1 + k] ?? null, storageType(t)));
      const seq = row[1 + width] as number;
      (this.groups[slot] ??= new Map()).set(entryKey(parts), { parts, seq, count: row[2 + width] as number });
      this.nextSeq = Math.max(this.nextSeq, seq + 1);
      this.cached[slot] = undefined;
    }
  }
}

/** The types of a collection aggregate's parts, separators as VARCHAR. */
export function collectionPartTypes(call: AggregateCall, types: readonly DataType[]): DataType[] {
  return types.map((t, k) => (call.kind === 'string_agg' && k < 2 ? VARCHAR : t));
}
