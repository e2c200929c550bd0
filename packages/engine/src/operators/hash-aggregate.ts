/**
 * `HashAggregateOperator`: incremental grouped aggregation with retractions (an `Aggregate`
 * plan node).
 *
 * Emit on update (default): per push, every group the delta changed emits `-` its old row
 * (if it existed) and `+` its new row (if it still has rows); a group whose row did not
 * change emits nothing; a group left with zero rows is removed. Without group keys there is
 * one group that always exists (count 0 / sum NULL when empty), emitted on the first push.
 *
 * EMIT ON WINDOW CLOSE: push emits nothing; `advanceWatermark(wm)` emits, as inserts, every
 * group whose window end (`windowClose` key + `endOffsetUs`) is <= wm, then drops it.
 * With `windowClose` set (either mode) rows whose window already closed are late: dropped and
 * counted in `metrics.lateRowsDropped`; closed windows are evicted on advanceWatermark.
 *
 * State (`snapshot`): `groups` (keys, row count, accumulator columns), `meta` (watermark,
 * whether the global group was emitted), and `aggregate_<j>_values` (the group's key columns,
 * then a value and its count) for aggregates that count values per group (retractable
 * min/max, DISTINCT, string_agg/array_agg). Snapshots are incremental (state-changes.ts):
 * `groups` and the value tables are keyed by the group key, and once a checkpoint is durable
 * the groups each push reaches are marked (changed-groups.ts), so a checkpoint writes those
 * groups and the keys of the groups that went. The global aggregate (one group) replaces its
 * tables whole.
 */
import type { Aggregate, DataType, Field, Schema, SqlValue } from '@sluice/sql';
import { deltaFromRows, deltaRows, type Delta, type Op } from '../delta.js';
import { ColumnBuilder } from '../arrow/column-builder.js';
import { readValue } from '../arrow/column-reader.js';
import { ChangedGroups } from './changed-groups.js';
import type { OperatorChanges } from './state-changes.js';
import { dataToVec } from '../expr/vec-convert.js';
import type { BoolVec, Vec } from '../expr/vec.js';
import { newAccumulator, type Accumulator, type BatchRouting } from './accumulators.js';
import { sameValue, stateField, toPrimitive, toSqlValue, type Primitive } from './aggregate-values.js';
import { GroupIndex } from './group-index.js';
import { groupKeyReader, type GroupKeyAt } from './group-keys.js';
import { newMetrics, type Operator, type OperatorState } from './operator.js';
import { timed } from './timed.js';
import { ExpandedBatch, type WindowedInput } from './window-expansion.js';

/** The groups a push reached, in order, each with its row before the push (null: new). */
interface Touched {
  readonly slots: number[];
  readonly old: (SqlValue[] | null)[];
}

/** What the operator needs of an `Aggregate` node. */
export type AggregateSpec = Pick<Aggregate, 'groupKeys' | 'aggregates' | 'emitOnWindowClose' | 'windowClose' | 'schema'>;

const DOUBLE: DataType = { kind: 'scalar', name: 'DOUBLE' };

export class HashAggregateOperator implements Operator {
  readonly name = 'HashAggregate';
  readonly metrics = newMetrics();
  readonly outputSchema: Schema;
  private readonly keyTypes: DataType[];
  private groups: GroupIndex;
  private rowCounts: Float64Array = new Float64Array(64);
  /** per slot, the last push (`epoch`) that routed a row to it */
  private touched: Int32Array = new Int32Array(64);
  private epoch = 0;
  private accumulators: Accumulator[];
  private watermarkUs = -Infinity;
  private globalEmitted = false;
  private readonly global: boolean;
  private readonly changed: ChangedGroups;

  /** rows whose window time was NULL (windowed input only) */
  nullTimeRowsDropped = 0;

  /**
   * `appendOnlyInput` selects running min/max instead of per-group value counts. With
   * `windowed`, pushed deltas are the rows under a TUMBLE/HOP window function and the
   * aggregate assigns the windows itself (window-expansion.ts); `inputSchema` stays the
   * schema of the aggregate's own input.
   */
  constructor(
    private readonly spec: AggregateSpec,
    private readonly inputSchema: Schema,
    private readonly appendOnlyInput: boolean,
    private readonly windowed: WindowedInput | null = null,
  ) {
    this.outputSchema = spec.schema;
    this.keyTypes = spec.groupKeys.map((k) => inputSchema.fields[k]!.type);
    this.global = spec.groupKeys.length === 0;
    this.groups = new GroupIndex(spec.groupKeys.length);
    this.accumulators = this.newAccumulators();
    this.changed = new ChangedGroups(spec.groupKeys.length);
  }

  private newAccumulators(): Accumulator[] {
    return this.spec.aggregates.map((a) => newAccumulator(a, a.args.length > 0 ? this.inputSchema.fields[a.args[0]!]!.type : null, this.appendOnlyInput,
      extraColumns(a).map((c) => this.inputSchema.fields[c]!.type)));
  }

  push(delta: Delta, _input: number): Delta[] {
    this.metrics.rowsIn += delta.length;
    return timed(this.metrics, () => {
      const before: Touched = { slots: [], old: [] };
      const epoch = ++this.epoch;
      if (this.global && !this.globalEmitted) {
        const slot = this.groups.lookup([], true);
        this.touched[slot] = epoch;
        before.slots.push(slot);
        before.old.push(null);
        this.globalEmitted = true;
      }
      const batch = this.windowed ? new ExpandedBatch(delta, this.windowed) : null;
      if (batch) this.nullTimeRowsDropped += batch.nullTimeRows;
      const column = (c: number): Vec => (batch ? batch.vec(c, this.inputSchema.fields[c]!.type) : this.column(delta, c));
      const keyAt = batch
        ? batch.keyReader(this.spec.groupKeys, this.keyTypes)
        : groupKeyReader(this.spec.groupKeys.map((k) => this.column(delta, k)), delta.length);
      const n = batch ? batch.n : delta.length;
      const routing = this.route(n, keyAt, batch ? batch.signs() : delta.ops ?? new Int8Array(n).fill(1), before, epoch);
      this.spec.aggregates.forEach((a, j) => {
        const arg = a.args.length > 0 ? column(a.args[0]!) : null;
        const filter = a.filter === undefined ? null : maskOf(column(a.filter) as BoolVec);
        const extra = extraColumns(a).map(column);
        this.accumulators[j]!.accumulate(routing, arg, filter, extra);
      });
      const out = this.spec.emitOnWindowClose ? [] : this.emitChanges(before);
      if (this.changed.tracking) for (const slot of before.slots) this.changed.mark(slot);
      for (const slot of before.slots) if (!this.global && !(this.rowCounts[slot]! > 0)) this.removeGroup(slot);
      this.metrics.stateRows = this.groups.size;
      return out;
    });
  }

  private column(delta: Delta, index: number): Vec {
    return dataToVec(delta.columns[index]!, delta.schema.fields[index]!.type);
  }

  /** Assigns each of `n` rows its group slot (creating groups), drops late rows, counts rows. */
  private route(n: number, keyAt: GroupKeyAt, signs: Int8Array, before: Touched, epoch: number): BatchRouting {
    const close = this.spec.windowClose;
    const slots = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const parts = keyAt(i);
      if (close && (parts[close.keyIndex] as number) + close.endOffsetUs <= this.watermarkUs) {
        this.metrics.lateRowsDropped++;
        slots[i] = -1;
        continue;
      }
      const slot = this.groups.lookup(parts, signs[i]! > 0);
      if (slot < 0) { slots[i] = -1; continue; } // retraction of an unknown group
      const existing = this.groups.created ? -1 : slot;
      if (slot >= this.rowCounts.length) this.growRowCounts(slot);
      // a group's row before this push, taken when the push first reaches it
      if (this.touched[slot] !== epoch) {
        this.touched[slot] = epoch;
        before.slots.push(slot);
        before.old.push(existing >= 0 ? this.outputRow(slot) : null);
      }
      this.rowCounts[slot] += signs[i]!;
      slots[i] = slot;
    }
    return { slots, signs, n };
  }

  private growRowCounts(slot: number): void {
    const next = new Float64Array(Math.max(slot + 1, this.rowCounts.length * 2));
    next.set(this.rowCounts);
    this.rowCounts = next;
    const touched = new Int32Array(next.length);
    touched.set(this.touched);
    this.touched = touched;
  }

  private outputRow(slot: number): SqlValue[] {
    const keys = this.keyTypes.map((t, k) => toSqlValue(this.groups.key(k, slot), t));
    return [...keys, ...this.accumulators.map((a) => a.result(slot))];
  }

  /**
   * The changes of the groups in `before`: `-` the old row and `+` the new one, skipping a
   * group whose row did not change. Written straight into column builders, through one
   * reused row, rather than as a row array per change.
   */
  private emitChanges(before: Touched): Delta[] {
    const width = this.outputSchema.fields.length;
    const builders = this.outputSchema.fields.map((f) => new ColumnBuilder(f.type));
    const ops: Op[] = [];
    const now: SqlValue[] = new Array<SqlValue>(width).fill(null);
    const keyCount = this.keyTypes.length;
    before.slots.forEach((slot, t) => {
      const old = before.old[t]!;
      const present = this.global || this.rowCounts[slot]! > 0;
      if (present) {
        for (let k = 0; k < keyCount; k++) now[k] = toSqlValue(this.groups.key(k, slot), this.keyTypes[k]!);
        for (let j = 0; j < this.accumulators.length; j++) now[keyCount + j] = this.accumulators[j]!.result(slot);
        if (old && old.every((v, c) => sameValue(v, now[c]!))) return;
      }
      if (old) {
        for (let c = 0; c < width; c++) builders[c]!.append(old[c]!);
        ops.push(-1);
      }
      if (present) {
        for (let c = 0; c < width; c++) builders[c]!.append(now[c]!);
        ops.push(1);
      }
    });
    if (ops.length === 0) return [];
    return [{ schema: this.outputSchema, columns: builders.map((b) => b.finish()), length: ops.length, ops: Int8Array.from(ops) }];
  }

  private removeGroup(slot: number): void {
    if (this.changed.tracking) this.changed.removed((k) => this.groups.key(k, slot));
    this.groups.remove(slot);
    this.rowCounts[slot] = 0;
    for (const a of this.accumulators) a.clear(slot);
  }

  advanceWatermark(watermarkUs: number): Delta[] {
    // A global aggregate has a row even over no input (count 0, sum NULL): the runtime's first
    // watermark call is where it appears when no rows arrive.
    if (this.global && !this.globalEmitted && !this.spec.emitOnWindowClose) {
      this.globalEmitted = true;
      const slot = this.groups.lookup([], true);
      return [deltaFromRows(this.outputSchema, [this.outputRow(slot)])];
    }
    if (!(watermarkUs > this.watermarkUs)) return [];
    this.watermarkUs = watermarkUs;
    return timed(this.metrics, () => {
      const close = this.spec.windowClose;
      if (!close && !(this.spec.emitOnWindowClose && watermarkUs === Infinity)) return [];
      const closing: { slot: number; endUs: number }[] = [];
      const candidates = close ? this.groups.slotsAtMost(close.keyIndex, watermarkUs - close.endOffsetUs) : this.groups.slots();
      for (const slot of candidates) {
        const endUs = close ? (this.groups.key(close.keyIndex, slot) as number) + close.endOffsetUs : -Infinity;
        if (endUs > watermarkUs) continue;
        // emitting on update, a closed group only goes: no row, no order
        if (!this.spec.emitOnWindowClose) { if (!this.global) this.removeGroup(slot); continue; }
        closing.push({ slot, endUs });
      }
      closing.sort((a, b) => a.endUs - b.endUs || a.slot - b.slot);
      const rows = this.spec.emitOnWindowClose
        ? closing.filter((c) => this.global || this.rowCounts[c.slot]! > 0).map((c) => this.outputRow(c.slot))
        : [];
      for (const c of closing) if (!this.global) this.removeGroup(c.slot);
      this.metrics.stateRows = this.groups.size;
      return rows.length > 0 ? [deltaFromRows(this.outputSchema, rows)] : [];
    });
  }

  /** The fields of the `groups` state table. */
  private groupFields(): Field[] {
    const keys = this.keyTypes.map((t, k) => stateField(`key_${k}`, t));
    const accs = this.accumulators.flatMap((a, j) => a.stateFields(`aggregate_${j}`));
    return [...keys, stateField('row_count', DOUBLE), ...accs];
  }

  snapshot(): OperatorState {
    return { ...this.groupTables(this.groups.slots()), meta: this.metaTable() };
  }

  snapshotChanges(): OperatorChanges | null {
    if (!this.changed.tracking) return null;
    const captured = this.changed.capture();
    if (this.global) {
      return Object.fromEntries(Object.entries(this.snapshot()).map(([name, rows]) => [name, { kind: 'replace', rows }]));
    }
    const slots = captured.slots.filter((slot) => this.groups.isAlive(slot));
    const keyColumns = this.keyTypes.map((_, k) => k);
    const removed = this.keysDelta(captured.removedKeys);
    const changes: Record<string, OperatorChanges[string]> = { meta: { kind: 'replace', rows: this.metaTable() } };
    for (const [name, upserts] of Object.entries(this.groupTables(slots))) {
      // a value table lists a changed group's values whole: its old values go with its key
      const gone = name === 'groups' ? removed : this.keysDelta(this.keyTypes.map((_, k) => [...captured.removedKeys[k]!, ...slots.map((s) => this.groups.key(k, s))]));
      changes[name] = { kind: 'upsert', keyColumns, upserts, removed: gone };
    }
    return changes;
  }

  snapshotDurable(): void {
    this.changed.durable();
  }

  private metaTable(): Delta {
    return deltaFromRows({ fields: [stateField('watermark_us', DOUBLE), stateField('global_emitted', { kind: 'scalar', name: 'BOOLEAN' })] }, [[this.watermarkUs, this.globalEmitted]]);
  }

  private keyFields(): Field[] {
    return this.keyTypes.map((t, k) => stateField(`key_${k}`, t));
  }

  /** Group keys (per key column, as Primitives) as the key columns of the state tables. */
  private keysDelta(keys: readonly (readonly Primitive[])[]): Delta {
    const fields = this.keyFields();
    const n = keys[0]?.length ?? 0;
    const columns = fields.map((f, k) => {
      const builder = new ColumnBuilder(f.type);
      for (const p of keys[k]!) builder.append(toSqlValue(p, f.type));
      return builder.finish();
    });
    return { schema: { fields }, columns, length: n, ops: null };
  }

  /** `groups` and the value tables for the groups in `slots`, built column by column. */
  private groupTables(slots: readonly number[]): Record<string, Delta> {
    const fields = this.groupFields();
    const builders = fields.map((f) => new ColumnBuilder(f.type));
    const width = this.keyTypes.length;
    const accumulators = this.accumulators;
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i]!;
      let c = 0;
      for (let k = 0; k < width; k++) builders[c++]!.append(toSqlValue(this.groups.key(k, slot), this.keyTypes[k]!));
      builders[c++]!.append(this.rowCounts[slot]!);
      for (let j = 0; j < accumulators.length; j++) {
        const values = accumulators[j]!.stateValues(slot);
        for (let v = 0; v < values.length; v++) builders[c++]!.append(values[v]!);
      }
    }
    const tables: Record<string, Delta> = { groups: { schema: { fields }, columns: builders.map((b) => b.finish()), length: slots.length, ops: null } };
    if (!accumulators.some((a) => a.extraState)) return tables;
    const slotRows = new Map(slots.map((s, row) => [s, row]));
    this.accumulators.forEach((a, j) => {
      const extra = a.extraState?.(slotRows);
      if (!extra) return;
      // the accumulator numbers groups by row; the table keys them by the group key
      const keyFields = this.keyFields();
      const rows = extra.rows.map(([row, ...rest]) => [...keyFields.map((f, k) => toSqlValue(this.groups.key(k, slots[row as number]!), f.type)), ...rest]);
      tables[`aggregate_${j}_values`] = deltaFromRows({ fields: [...keyFields, ...extra.fields.slice(1)] }, rows);
    });
    return tables;
  }

  open(restored?: OperatorState): void {
    this.groups = new GroupIndex(this.spec.groupKeys.length);
    this.rowCounts = new Float64Array(64);
    this.touched = new Int32Array(64);
    this.accumulators = this.newAccumulators();
    this.watermarkUs = -Infinity;
    this.globalEmitted = false;
    this.changed.reset();
    if (!restored?.groups) return;
    const meta = restored.meta ? deltaRows(restored.meta)[0]?.values : undefined;
    if (meta) {
      this.watermarkUs = meta[0] as number;
      this.globalEmitted = meta[1] === true;
    }
    // column by column, keys read as push reads them: restoring a million groups is a restart's wait
    const table = restored.groups;
    const width = this.keyTypes.length;
    const n = table.length;
    const keyAt = groupKeyReader(this.keyTypes.map((t, k) => dataToVec(table.columns[k]!, t)), n);
    const counts = table.columns[width]!.values as Float64Array;
    const accColumns = this.accumulators.map((a, j) => a.stateFields(`aggregate_${j}`));
    const slotOfRow = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const slot = this.groups.lookup(keyAt(i), true);
      slotOfRow[i] = slot;
      if (slot >= this.rowCounts.length) this.growRowCounts(slot);
      this.rowCounts[slot] = counts[i]!;
      let at = width + 1;
      for (let j = 0; j < this.accumulators.length; j++) {
        const fields = accColumns[j]!;
        const values = fields.map((f, c) => readValue(table.columns[at + c]!, f.type, i));
        this.accumulators[j]!.restore(slot, values);
        at += fields.length;
      }
    }
    this.accumulators.forEach((a, j) => {
      const table = restored[`aggregate_${j}_values`];
      if (!table || !a.restoreExtra) return;
      const rows = deltaRows(table).map((r) => r.values);
      // checkpoints written before value tables were keyed number groups by their row in `groups`
      if (table.schema.fields[0]?.name === 'group_row') { a.restoreExtra(rows, (row) => slotOfRow[row]!); return; }
      const bySlot = rows.flatMap((r) => {
        const slot = this.groups.lookup(this.keyTypes.map((t, k) => toPrimitive(r[k]!, t)), false);
        return slot < 0 ? [] : [[slot, ...r.slice(width)]];
      });
      a.restoreExtra(bySlot, (slot) => slot);
    });
    this.metrics.stateRows = this.groups.size;
  }
}

/** Columns an aggregate reads beyond its first argument: further arguments, then ORDER BY keys. */
function extraColumns(a: AggregateSpec['aggregates'][number]): number[] {
  return [...a.args.slice(1), ...(a.orderBy ?? []).map((o) => o.column)];
}

/** A FILTER column as a mask: true rows only. */
function maskOf(v: BoolVec): Uint8Array {
  const out = v.values.slice();
  if (v.valid) for (let i = 0; i < out.length; i++) out[i] = out[i]! & v.valid[i]!;
  return out;
}
