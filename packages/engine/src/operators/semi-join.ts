/**
 * `SemiJoinOperator`: a `SemiJoin` plan node — left rows that have (semi) or lack (anti) a
 * right row with equal keys, or PostgreSQL's `NOT IN` (anti-null-aware), under retractions
 * on both sides.
 *
 * State: the left rows by key (`left_rows`), and per right key the number of right rows
 * (`right_keys`). For `anti-null-aware` the keys before the last are correlation keys; per
 * correlation group the operator also knows how many right rows it has and how many of them
 * have a NULL last key, derived from `right_keys` (rows with a NULL last key are kept there).
 *
 * A left row is emitted with its own op when it is visible at arrival. A right change
 * re-checks the left rows of the keys it touched — and, for NOT IN, all left rows of a
 * correlation group whose emptiness or NULL-presence flipped — and emits the rows whose
 * visibility changed (+ now visible, - no longer).
 */
import type { Schema, SemiJoin, SemiJoinKind, SqlValue } from '@sluice/sql';
import { deltaFromRows, deltaRows, type Delta, type Op } from '../delta.js';
import { rowKey } from '../runtime/row-key.js';
import { stateField } from './aggregate-values.js';
import { emitBucket, KeyedRows, pick } from './keyed-rows.js';
import { newMetrics, type Operator, type OperatorState } from './operator.js';
import { timed } from './timed.js';

/** What the operator needs of a `SemiJoin` node. */
export type SemiJoinSpec = Pick<SemiJoin, 'joinKind' | 'leftKeys' | 'rightKeys' | 'schema'>;

interface GroupStatus {
  total: number;
  nulls: number;
}

const COUNT_TYPE = { kind: 'scalar', name: 'DOUBLE' } as const;

export class SemiJoinOperator implements Operator {
  readonly name: string;
  readonly metrics = newMetrics();
  readonly outputSchema: Schema;
  private readonly kind: SemiJoinKind;
  private left = new KeyedRows();
  private right = new Map<string, { key: SqlValue[]; count: number }>();
  /** anti-null-aware only: per correlation group, right row counts and the left keys in it */
  private groups = new Map<string, GroupStatus>();
  private leftKeysByGroup = new Map<string, Set<string>>();

  constructor(private readonly spec: SemiJoinSpec, private readonly rightSchema: Schema) {
    this.kind = spec.joinKind;
    this.name = `SemiJoin(${spec.joinKind})`;
    this.outputSchema = spec.schema;
  }

  open(restored?: OperatorState): void {
    this.left = new KeyedRows();
    this.right = new Map();
    this.groups = new Map();
    this.leftKeysByGroup = new Map();
    if (restored?.right_keys) {
      for (const { values } of deltaRows(restored.right_keys)) {
        const key = values.slice(0, -1);
        this.applyRight(key, values[values.length - 1] as number);
      }
    }
    if (restored?.left_rows) {
      for (const { values, count } of KeyedRows.rowsOfState(restored.left_rows)) this.addLeft(values, count);
    }
    this.metrics.stateRows = this.left.size + this.right.size;
  }

  push(delta: Delta, input: number): Delta[] {
    this.metrics.rowsIn += delta.length;
    return timed(this.metrics, () => {
      const rows: SqlValue[][] = [];
      const ops: Op[] = [];
      if (input === 0) this.pushLeft(delta, rows, ops);
      else this.pushRight(delta, rows, ops);
      this.metrics.stateRows = this.left.size + this.right.size;
      return rows.length > 0 ? [deltaFromRows(this.outputSchema, rows, ops)] : [];
    });
  }

  private pushLeft(delta: Delta, rows: SqlValue[][], ops: Op[]): void {
    for (const { op, values } of deltaRows(delta)) {
      const key = pick(values, this.spec.leftKeys);
      if (this.visible(key, this.right.get(rowKey(key))?.count ?? 0, this.groups.get(groupKey(key)))) {
        rows.push(values);
        ops.push(op);
      }
      this.addLeft(values, op);
    }
  }

  private addLeft(values: SqlValue[], sign: number): void {
    const key = pick(values, this.spec.leftKeys);
    const k = rowKey(key);
    this.left.add(k, key, values, sign);
    if (this.kind !== 'anti-null-aware') return;
    const g = groupKey(key);
    if (this.left.buckets.has(k)) {
      let set = this.leftKeysByGroup.get(g);
      if (!set) this.leftKeysByGroup.set(g, (set = new Set()));
      set.add(k);
    } else {
      const set = this.leftKeysByGroup.get(g);
      set?.delete(k);
      if (set?.size === 0) this.leftKeysByGroup.delete(g);
    }
  }

  private pushRight(delta: Delta, rows: SqlValue[][], ops: Op[]): void {
    const countBefore = new Map<string, number>();
    const groupBefore = new Map<string, GroupStatus | undefined>();
    for (const { op, values } of deltaRows(delta)) {
      const key = pick(values, this.spec.rightKeys);
      const k = rowKey(key);
      if (!countBefore.has(k)) countBefore.set(k, this.right.get(k)?.count ?? 0);
      const g = groupKey(key);
      if (this.kind === 'anti-null-aware' && !groupBefore.has(g)) {
        const status = this.groups.get(g);
        groupBefore.set(g, status ? { ...status } : undefined);
      }
      this.applyRight(key, op);
    }
    const affected = new Set([...countBefore.keys()].filter((k) => this.left.buckets.has(k)));
    for (const [g, before] of groupBefore) {
      const after = this.groups.get(g);
      if (isEmpty(before) !== isEmpty(after) || hasNulls(before) !== hasNulls(after)) {
        for (const k of this.leftKeysByGroup.get(g) ?? []) affected.add(k);
      }
    }
    for (const k of affected) {
      const bucket = this.left.buckets.get(k)!;
      const g = groupKey(bucket.key);
      const now = this.right.get(k)?.count ?? 0;
      const was = this.visible(bucket.key, countBefore.get(k) ?? now, groupBefore.has(g) ? groupBefore.get(g) : this.groups.get(g));
      const is = this.visible(bucket.key, now, this.groups.get(g));
      if (was !== is) emitBucket(bucket, is ? 1 : -1, rows, ops);
    }
  }

  /** Adds `sign` right rows with `key`. Rows that can never match are not kept. */
  private applyRight(key: SqlValue[], sign: number): void {
    const nullAware = this.kind === 'anti-null-aware';
    const matchable = nullAware ? key.slice(0, -1).every((v) => v !== null) : key.every((v) => v !== null);
    if (!matchable) return;
    const k = rowKey(key);
    const entry = this.right.get(k);
    const count = (entry?.count ?? 0) + sign;
    if (count > 0) this.right.set(k, { key, count });
    else this.right.delete(k);
    if (!nullAware) return;
    const g = groupKey(key);
    const status = this.groups.get(g) ?? { total: 0, nulls: 0 };
    status.total += sign;
    if (key[key.length - 1] === null) status.nulls += sign;
    if (status.total > 0) this.groups.set(g, status);
    else this.groups.delete(g);
  }

  /** Whether a left row with `key` is in the output, given its key's right count and group. */
  private visible(key: readonly SqlValue[], count: number, group: GroupStatus | undefined): boolean {
    switch (this.kind) {
      case 'semi':
        return count > 0 && key.every((v) => v !== null);
      case 'anti':
        return !(count > 0 && key.every((v) => v !== null));
      case 'anti-null-aware':
        if (key.slice(0, -1).some((v) => v === null) || isEmpty(group)) return true;
        return key[key.length - 1] !== null && !(count > 0) && !hasNulls(group);
      default:
        return this.kind satisfies never;
    }
  }

  advanceWatermark(_watermarkUs: number): Delta[] {
    return [];
  }

  snapshot(): OperatorState {
    const keyFields = this.spec.rightKeys.map((c, i) => stateField(`key_${i}`, this.rightSchema.fields[c]!.type));
    const rightRows = [...this.right.values()].map((r) => [...r.key, r.count]);
    return {
      left_rows: this.left.toState(this.outputSchema),
      right_keys: deltaFromRows({ fields: [...keyFields, stateField('row_count', COUNT_TYPE)] }, rightRows),
    };
  }
}

/** The correlation group of a NOT IN key: every key but the last. */
function groupKey(key: readonly SqlValue[]): string {
  return rowKey(key.slice(0, -1));
}

function isEmpty(status: GroupStatus | undefined): boolean {
  return !status || status.total <= 0;
}

function hasNulls(status: GroupStatus | undefined): boolean {
  return !!status && status.nulls > 0;
}
