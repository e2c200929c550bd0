/**
 * `HashJoinOperator`: an incremental join of two inputs (a `Join` plan node): inner, left,
 * right and full outer; a cross join is a join with no keys (one bucket).
 *
 * Each side keeps its rows by join key (join-side-state.ts). A delta on one side is probed
 * against the other side's state: every pair whose keys are equal and whose residual is true
 * is emitted with the delta row's op, once per copy of the stored row; then the row is added
 * to (or removed from) its own side. Outer joins: a preserved row with no match is emitted
 * NULL-padded; when its first match arrives the padded row is retracted, and when its last
 * match goes it is emitted again. A retraction of a row the side does not hold (never seen, or
 * already evicted) is ignored.
 *
 * Eviction (interval and window joins): with a `JoinStateBound` for a side, `advanceWatermark`
 * drops that side's rows whose bound column is below `watermark + offsetUs` — no row still to
 * come on the other side can match them — and an arriving row already below it is joined but
 * not stored. `metrics.stateRows` counts the distinct rows held by both sides.
 *
 * State (`snapshot`): `left_rows` and `right_rows` (the side's columns, then `row_count`,
 * `match_count` and `row_id`) and `meta` (the watermark). Snapshots are incremental
 * (state-changes.ts): the side tables are keyed by `row_id`, and a change lists the rows
 * stored, changed (count, matches) or gone since the last durable snapshot.
 */
import * as arrow from 'apache-arrow';
import type { BoundExpr, Join, Schema, SqlValue } from '@sluice/sql';
import type { JoinStateBound, JoinStateBounds } from '@sluice/sql/internal';
import { ColumnBuilder } from '../arrow/column-builder.js';
import { readValue } from '../arrow/column-reader.js';
import { int64At, int64Words } from '../arrow/int64.js';
import { takeData } from '../arrow/take.js';
import { deltaFromRows, deltaRows, type Delta, type Op } from '../delta.js';
import { compileExpr, evaluatePredicate, type CompiledExpr } from '../expr/compile-expr.js';
import { newEvalContext } from '../expr/eval-context.js';
import type { Vec } from '../expr/vec.js';
import { rowKey } from '../runtime/row-key.js';
import { stateField } from './aggregate-values.js';
import { JoinSideState, NULL_KEY, type JoinKey, type StoredRow } from './join-side-state.js';
import { newMetrics, type Operator, type OperatorState } from './operator.js';
import type { OperatorChanges } from './state-changes.js';
import { timed } from './timed.js';

/** What the operator needs of a `Join` node. */
export type HashJoinSpec = Pick<Join, 'joinType' | 'left' | 'right' | 'keys' | 'residual' | 'schema'>;

const DOUBLE = { kind: 'scalar', name: 'DOUBLE' } as const;
const SIDE_TABLES = ['left_rows', 'right_rows'] as const;

/**
 * Output rows of one push, each a row of the pushed delta (its position, -1 for NULLs) beside
 * a stored row of the other side (null for NULLs), with an op. The delta's columns are then
 * gathered by position, so only the stored side's values are re-encoded.
 */
class JoinOutput {
  readonly deltaRows: number[] = [];
  readonly storedRows: (readonly SqlValue[] | null)[] = [];
  readonly ops: Op[] = [];
  add(deltaRow: number, stored: readonly SqlValue[] | null, op: Op, copies: number): void {
    for (let c = 0; c < copies; c++) {
      this.deltaRows.push(deltaRow);
      this.storedRows.push(stored);
      this.ops.push(op);
    }
  }
}

export class HashJoinOperator implements Operator {
  readonly name: string;
  readonly metrics = newMetrics();
  readonly outputSchema: Schema;
  private readonly schemas: readonly [Schema, Schema];
  private readonly keyExprs: readonly [CompiledExpr[], CompiledExpr[]];
  private readonly residual: CompiledExpr | null;
  /** the output columns the residual reads: the only ones built to evaluate it */
  private readonly residualColumns: ReadonlySet<number>;
  private readonly preserved: readonly [boolean, boolean];
  private readonly bounds: readonly [JoinStateBound | undefined, JoinStateBound | undefined];
  private readonly sides: readonly [JoinSideState, JoinSideState];
  private watermarkUs = -Infinity;
  /** rows with problems in key or residual expressions (division by zero, failed casts) */
  problems = 0;

  constructor(spec: HashJoinSpec, bounds: JoinStateBounds = {}) {
    this.outputSchema = spec.schema;
    this.schemas = [spec.left.schema, spec.right.schema];
    this.keyExprs = [spec.keys.map((k) => compileExpr(k.left, spec.left.schema)), spec.keys.map((k) => compileExpr(k.right, spec.right.schema))];
    this.residual = spec.residual ? compileExpr(spec.residual, spec.schema) : null;
    this.residualColumns = new Set(spec.residual ? inputRefs(spec.residual) : []);
    this.preserved = [spec.joinType === 'left' || spec.joinType === 'full', spec.joinType === 'right' || spec.joinType === 'full'];
    this.bounds = [bounds.left, bounds.right];
    this.sides = [new JoinSideState(spec.left.props.appendOnly), new JoinSideState(spec.right.props.appendOnly)];
    const kind = spec.keys.length === 0 && !spec.residual ? 'cross' : spec.joinType;
    const evicting = bounds.left || bounds.right ? ', evicting' : '';
    this.name = `HashJoin(${kind}${evicting})`;
  }

  open(restored?: OperatorState): void {
    for (const s of this.sides) s.clear();
    this.watermarkUs = -Infinity;
    const meta = restored?.meta ? deltaRows(restored.meta)[0]?.values : undefined;
    if (meta) this.watermarkUs = meta[0] as number;
    SIDE_TABLES.forEach((table, side) => {
      const stored = restored?.[table];
      if (stored) this.restoreSide(side as 0 | 1, stored);
    });
    this.updateStateMetric();
  }

  push(delta: Delta, input: number): Delta[] {
    this.metrics.rowsIn += delta.length;
    return timed(this.metrics, () => {
      const side = input === 0 ? 0 : 1;
      const out = new JoinOutput();
      this.probeAndStore(side, delta, out);
      this.updateStateMetric();
      if (out.ops.length === 0) return [];
      return [this.joinedDelta(side, delta, Int32Array.from(out.deltaRows), out.storedRows, Int8Array.from(out.ops))];
    });
  }

  advanceWatermark(watermarkUs: number): Delta[] {
    if (!(watermarkUs > this.watermarkUs)) return [];
    this.watermarkUs = watermarkUs;
    return timed(this.metrics, () => {
      this.bounds.forEach((bound, side) => {
        if (bound) this.sides[side]!.evictBelow(watermarkUs + bound.offsetUs);
      });
      this.updateStateMetric();
      return [];
    });
  }

  snapshot(): OperatorState {
    const state: Record<string, Delta> = { meta: this.metaTable() };
    SIDE_TABLES.forEach((table, side) => { state[table] = this.sideTable(side, this.sides[side]!.rows()); });
    return state;
  }

  snapshotChanges(): OperatorChanges | null {
    if (!this.sides[0].changes.tracking) return null;
    const changes: Record<string, OperatorChanges[string]> = { meta: { kind: 'replace', rows: this.metaTable() } };
    SIDE_TABLES.forEach((table, side) => {
      const captured = this.sides[side]!.changes.capture();
      const stored: StoredRow[] = [];
      const gone: number[][] = [];
      for (const [id, row] of captured) {
        if (row) stored.push(row);
        else gone.push([id]);
      }
      const keyColumn = this.schemas[side]!.fields.length + 2;
      changes[table] = { kind: 'upsert', keyColumns: [keyColumn], upserts: this.sideTable(side, stored), removed: deltaFromRows({ fields: [stateField('row_id', DOUBLE)] }, gone) };
    });
    return changes;
  }

  snapshotDurable(): void {
    for (const side of this.sides) side.changes.durable();
  }

  private metaTable(): Delta {
    return deltaFromRows({ fields: [stateField('watermark_us', DOUBLE)] }, [[this.watermarkUs]]);
  }

  /** A side's state table over `rows`: its columns, then `row_count`, `match_count` and `row_id`. */
  private sideTable(side: number, rows: Iterable<StoredRow>): Delta {
    const fields = [...this.schemas[side]!.fields.map((f, c) => stateField(`column_${c}`, f.type)),
      stateField('row_count', DOUBLE), stateField('match_count', DOUBLE), stateField('row_id', DOUBLE)];
    return deltaFromRows({ fields }, [...rows].map((r) => [...r.values, r.count, r.matches, r.id]));
  }

  /** Joins each row of `delta` (from `side`) with the other side's state, then stores it. */
  private probeAndStore(side: 0 | 1, delta: Delta, out: JoinOutput): void {
    const rows = deltaRows(delta);
    const keys = this.joinKeys(side, delta);
    const own = this.sides[side]!;
    const pairs = this.candidatePairs(side, delta, keys);
    const bound = this.bounds[side];
    const limitUs = bound ? this.watermarkUs + bound.offsetUs : -Infinity;
    let p = 0;
    for (let i = 0; i < rows.length; i++) {
      const { op, values } = rows[i]!;
      const start = p;
      while (p < pairs.rows.length && pairs.rows[p] === i) p++;
      const bucketKey = keys[i] ?? NULL_KEY;
      // an append-only side lists its rows without looking for copies (see join-side-state.ts)
      const existing = own.appendOnly ? (op < 0 ? own.takeBack(bucketKey, values) : undefined) : own.find(values);
      if (op < 0 && !existing) continue;
      let matches = 0;
      for (let q = start; q < p; q++) {
        if (pairs.pass && !pairs.pass[q]) continue;
        const entry = pairs.entries[q]!;
        out.add(i, entry.values, op, entry.count);
        matches += entry.count;
        if (this.preserved[1 - side]) this.updateMatches(1 - side, entry, op, out);
      }
      if (this.preserved[side] && matches === 0) out.add(i, null, op, 1);
      if (existing) {
        existing.count += op;
        if (own.appendOnly) {
          if (existing.count > 0) own.insert(bucketKey, existing); // taken back: one copy less
        } else if (existing.count <= 0) own.remove(bucketKey, existing);
        else own.touch(existing);
      } else {
        const timeUs = bound ? timeOf(values[bound.column]) : null;
        if (timeUs === null || timeUs >= limitUs) own.insert(bucketKey, { values, count: 1, matches, timeUs, id: 0 });
      }
    }
  }

  /** A stored row of a preserved side gained or lost a match: its padded row goes or comes back. */
  private updateMatches(side: number, entry: StoredRow, op: Op, out: JoinOutput): void {
    const before = entry.matches;
    entry.matches += op;
    this.sides[side]!.touch(entry);
    if (before === 0 && entry.matches > 0) out.add(-1, entry.values, -1, entry.count);
    else if (before > 0 && entry.matches === 0) out.add(-1, entry.values, 1, entry.count);
  }

  /**
   * Every (delta row, stored row) pair with equal keys, in delta row order, and whether the
   * residual holds for each (evaluated once, vectorized, over the joined pairs).
   */
  private candidatePairs(side: 0 | 1, delta: Delta, keys: readonly (JoinKey | null)[]) {
    const other = this.sides[1 - side]!;
    const pairRows: number[] = [];
    const entries: StoredRow[] = [];
    keys.forEach((key, i) => {
      if (key === null) return;
      const bucket = other.bucket(key);
      if (!bucket) return;
      for (const entry of bucket) {
        pairRows.push(i);
        entries.push(entry);
      }
    });
    let pass: Uint8Array | null = null;
    if (this.residual && entries.length > 0) {
      const joined = this.joinedDelta(side, delta, Int32Array.from(pairRows), entries.map((e) => e.values), null, this.residualColumns);
      const ctx = newEvalContext();
      pass = evaluatePredicate(this.residual, joined, ctx);
      this.problems += ctx.problems.count;
    }
    return { rows: pairRows, entries, pass };
  }

  /**
   * The join key of each row of `delta`; null when a key part is NULL. One numeric key column
   * gives numbers (BIGINTs beyond 2^53 a string of their digits), other keys strings.
   */
  private joinKeys(side: 0 | 1, delta: Delta): (JoinKey | null)[] {
    const exprs = this.keyExprs[side]!;
    if (exprs.length === 0) return new Array<string | null>(delta.length).fill('');
    const ctx = newEvalContext();
    if (exprs.length === 1) {
      const numeric = numericKeys(exprs[0]!.evaluateVec(delta, ctx), delta.length);
      if (numeric) {
        this.problems += ctx.problems.count;
        return numeric;
      }
    }
    const columns = exprs.map((e) => e.evaluate(delta, ctx));
    this.problems += ctx.problems.count;
    const out: (string | null)[] = [];
    const parts: SqlValue[] = new Array(exprs.length);
    for (let i = 0; i < delta.length; i++) {
      let hasNull = false;
      for (let k = 0; k < exprs.length; k++) {
        parts[k] = readValue(columns[k]!, exprs[k]!.type, i);
        if (parts[k] === null) hasNull = true;
      }
      out.push(hasNull ? null : rowKey(parts));
    }
    return out;
  }

  /**
   * Output-schema rows: row `deltaRows[k]` of `delta` (pushed on `side`; -1: NULLs) beside
   * `stored[k]` of the other side (null: NULLs).
   */
  private joinedDelta(
    side: 0 | 1, delta: Delta, deltaRows: Int32Array, stored: readonly (readonly SqlValue[] | null)[], ops: Int8Array | null,
    /** output columns to fill; the others are placeholders nobody reads (residual evaluation) */
    needed: ReadonlySet<number> | null = null,
  ): Delta {
    const n = deltaRows.length;
    const ownOffset = side === 0 ? 0 : this.schemas[0].fields.length;
    const otherOffset = side === 0 ? this.schemas[0].fields.length : 0;
    const placeholder = (): arrow.Data => arrow.makeData({ type: new arrow.Null(), length: n, nullCount: n });
    const own = delta.columns.map((column, c) => (needed && !needed.has(ownOffset + c) ? placeholder() : takeData(column, deltaRows)));
    const other = this.schemas[1 - side]!.fields.map((f, c) => {
      if (needed && !needed.has(otherOffset + c)) return placeholder();
      const builder = new ColumnBuilder(f.type);
      for (const row of stored) builder.append(row === null ? null : row[c]!);
      return builder.finish();
    });
    const columns = side === 0 ? [...own, ...other] : [...other, ...own];
    return { schema: this.outputSchema, columns, length: deltaRows.length, ops };
  }

  private restoreSide(side: 0 | 1, table: Delta): void {
    const width = this.schemas[side]!.fields.length;
    const stored = deltaRows(table).map((r) => r.values);
    const delta = deltaFromRows(this.schemas[side]!, stored.map((r) => r.slice(0, width)));
    const keys = this.joinKeys(side, delta);
    const bound = this.bounds[side];
    stored.forEach((r, i) => {
      const values = r.slice(0, width);
      // checkpoints written before rows had ids: new ones
      const id = typeof r[width + 2] === 'number' ? r[width + 2] as number : 0;
      const row: StoredRow = { values, count: r[width] as number, matches: r[width + 1] as number, timeUs: bound ? timeOf(values[bound.column]) : null, id };
      this.sides[side].insert(keys[i] ?? NULL_KEY, row);
    });
  }

  private updateStateMetric(): void {
    this.metrics.stateRows = this.sides[0].size + this.sides[1].size;
  }
}

function timeOf(v: SqlValue | undefined): number | null {
  return typeof v === 'number' ? v : null;
}

/** Keys of a single numeric key column as numbers (see `joinKeys`); null for other types. */
function numericKeys(v: Vec, n: number): (JoinKey | null)[] | null {
  if (v.repr !== 'num' && v.repr !== 'big') return null;
  const out = new Array<JoinKey | null>(n);
  const words = v.repr === 'big' ? int64Words(v.values) : null;
  for (let i = 0; i < n; i++) {
    if (v.valid !== null && !v.valid[i]) { out[i] = null; continue; }
    if (v.repr === 'num') { const x = v.values[i]!; out[i] = x === 0 ? 0 : x; continue; } // -0 as 0
    const x = int64At(words!, i);
    out[i] = x === x ? x : String(v.values[i]!);
  }
  return out;
}

/** Positions of the columns `e` reads. */
function inputRefs(e: BoundExpr): number[] {
  switch (e.kind) {
    case 'InputRef': return [e.index];
    case 'Literal': return [];
    case 'Cast': return inputRefs(e.operand);
    case 'Call': return e.args.flatMap(inputRefs);
    case 'Case': return [...e.whens.flatMap((w) => [...inputRefs(w.when), ...inputRefs(w.then)]), ...inputRefs(e.else)];
  }
}
