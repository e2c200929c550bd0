/**
 * `AsOfJoinOperator`: an incremental ASOF join (a `Join` node of kind `asof` or `asof-left`).
 * Each left row pairs with at most one right row: among the right rows with equal keys for
 * which `left op right` holds, the closest one (`AsOfRightRows.closest`). `asof-left` emits a
 * left row without one NULL-padded; `asof` emits nothing for it. A NULL key or inequality
 * value never matches.
 *
 * State: the right rows sorted per key (asof-right-rows.ts) and the left rows sorted per key
 * (asof-left-rows.ts), each with its multiplicity, left rows with the right row they are paired
 * with now. A left change emits or retracts that row's output row. A right change re-pairs the
 * left rows near the changed values, once per push, and emits the difference: the old output
 * row retracted and the new one inserted for each left row whose partner changed. A retraction of a row the operator does not hold is
 * ignored.
 *
 * State (`snapshot`): `left_rows` and `right_rows` (the side's columns, then `row_count`);
 * pairings are recomputed on restore.
 */
import type { AsOfCondition, Join, Schema, SqlValue } from '@sluice/sql';
import { InternalError } from '@sluice/sql';
import { readValue } from '../arrow/column-reader.js';
import { deltaFromRows, deltaRows, type Delta, type Op } from '../delta.js';
import { compileExpr, type CompiledExpr } from '../expr/compile-expr.js';
import { newEvalContext } from '../expr/eval-context.js';
import { rowKey } from '../runtime/row-key.js';
import { stateField } from './aggregate-values.js';
import { AsOfLeftRows, type AsOfLeftRow } from './asof-left-rows.js';
import { AsOfRightRows, type AsOfRightRow } from './asof-right-rows.js';
import { newMetrics, type Operator, type OperatorState } from './operator.js';
import { timed } from './timed.js';

/** What the operator needs of a `Join` node with an `asof` condition. */
export type AsOfJoinSpec = Pick<Join, 'joinType' | 'left' | 'right' | 'keys' | 'asof' | 'schema'>;

const DOUBLE = { kind: 'scalar', name: 'DOUBLE' } as const;

/** A pushed delta's rows with their join key (null when a part is NULL) and inequality value. */
interface KeyedRow {
  readonly op: Op;
  readonly values: SqlValue[];
  readonly key: string | null;
  readonly ineq: SqlValue;
}

/** Output rows of one push and their ops. */
class AsOfOutput {
  readonly rows: SqlValue[][] = [];
  readonly ops: Op[] = [];
  constructor(private readonly rightWidth: number, private readonly padded: boolean) {}

  /** `copies` of the output row of `left` paired with `right`, with `op`. */
  add(left: readonly SqlValue[], right: AsOfRightRow | undefined, op: Op, copies: number): void {
    if (!right && !this.padded) return;
    const row = [...left, ...(right ? right.values : new Array<SqlValue>(this.rightWidth).fill(null))];
    for (let c = 0; c < copies; c++) {
      this.rows.push(row);
      this.ops.push(op);
    }
  }
}

export class AsOfJoinOperator implements Operator {
  readonly name: string;
  readonly metrics = newMetrics();
  readonly outputSchema: Schema;
  private readonly schemas: readonly [Schema, Schema];
  private readonly keyExprs: readonly [CompiledExpr[], CompiledExpr[]];
  private readonly ineqExprs: readonly [CompiledExpr, CompiledExpr];
  private readonly op: AsOfCondition['op'];
  private readonly padded: boolean;
  private readonly left = new AsOfLeftRows();
  private readonly right = new AsOfRightRows();
  /** rows with problems in key or inequality expressions (division by zero, failed casts) */
  problems = 0;

  constructor(spec: AsOfJoinSpec) {
    if (!spec.asof) throw new InternalError('AsOfJoinOperator needs a join with an asof condition');
    this.outputSchema = spec.schema;
    this.schemas = [spec.left.schema, spec.right.schema];
    this.keyExprs = [spec.keys.map((k) => compileExpr(k.left, spec.left.schema)), spec.keys.map((k) => compileExpr(k.right, spec.right.schema))];
    this.ineqExprs = [compileExpr(spec.asof.left, spec.left.schema), compileExpr(spec.asof.right, spec.right.schema)];
    this.op = spec.asof.op;
    this.padded = spec.joinType === 'asof-left';
    this.name = `AsOfJoin(${this.padded ? 'left' : 'inner'})`;
  }

  open(restored?: OperatorState): void {
    this.left.clear();
    this.right.clear();
    // right rows first, so restored left rows find their partners
    for (const [side, table] of [[1, restored?.right_rows], [0, restored?.left_rows]] as const) {
      if (!table) continue;
      const width = this.schemas[side].fields.length;
      const stored = deltaRows(table).map((r) => r.values);
      const delta = deltaFromRows(this.schemas[side], stored.map((r) => r.slice(0, width)));
      const counts = stored.map((r) => r[width] as number);
      this.keyedRows(side, delta).forEach((row, i) => (side === 0 ? this.storeLeft(row, counts[i]!) : this.storeRight(row, counts[i]!)));
    }
    this.updateStateMetric();
  }

  push(delta: Delta, input: number): Delta[] {
    this.metrics.rowsIn += delta.length;
    return timed(this.metrics, () => {
      const side = input === 0 ? 0 : 1;
      const out = new AsOfOutput(this.schemas[1].fields.length, this.padded);
      if (side === 0) this.pushLeft(delta, out);
      else this.pushRight(delta, out);
      this.updateStateMetric();
      return out.rows.length === 0 ? [] : [deltaFromRows(this.outputSchema, out.rows, out.ops)];
    });
  }

  advanceWatermark(): Delta[] {
    return [];
  }

  snapshot(): OperatorState {
    const table = (side: 0 | 1, rows: Iterable<{ values: readonly SqlValue[]; count: number }>): Delta => {
      const fields = [...this.schemas[side].fields.map((f, c) => stateField(`column_${c}`, f.type)), stateField('row_count', DOUBLE)];
      return deltaFromRows({ fields }, [...rows].map((r) => [...r.values, r.count]));
    };
    return { left_rows: table(0, this.left.rows()), right_rows: table(1, this.right.rows()) };
  }

  /** Left changes: each emits (or retracts) its row paired with its current partner. */
  private pushLeft(delta: Delta, out: AsOfOutput): void {
    for (const row of this.keyedRows(0, delta)) {
      const existing = this.left.find(row.key, rowKey(row.values));
      if (row.op < 0 && !existing) continue;
      const stored = this.storeLeft(row, row.op);
      out.add(row.values, (existing ?? stored)?.match, row.op, 1);
    }
  }

  /**
   * Right changes: stored, then the left rows they may concern re-paired. A left row's partner
   * changes only if its partner before or after has a changed right value v. For `>=`/`>` its
   * value then lies in [v, the next right value above v] of the state after the push (if its
   * new partner has an unchanged value u < v, nothing lies in (u, its value] any more, so the
   * next value above v is beyond it); `<=`/`<` mirror this below v. Only those are looked at.
   */
  private pushRight(delta: Delta, out: AsOfOutput): void {
    const changes: KeyedRow[] = [];
    for (const row of this.keyedRows(1, delta)) if (this.storeRight(row, row.op)) changes.push(row);
    const lookUp = this.op === 'lt' || this.op === 'le';
    const seen = new Set<AsOfLeftRow>();
    for (const { key, ineq } of changes) {
      const { below, above } = this.right.neighbours(key!, ineq);
      for (const left of lookUp ? this.left.inRange(key!, below, ineq) : this.left.inRange(key!, ineq, above)) {
        if (seen.has(left)) continue;
        seen.add(left);
        const match = this.right.closest(key!, left.ineq, this.op);
        if (match?.rowId === left.match?.rowId) continue;
        out.add(left.values, left.match, -1, left.count);
        out.add(left.values, match, 1, left.count);
        left.match = match;
      }
    }
  }

  /** Adds `copies` of a right row (negative: removes them); false when nothing changed. */
  private storeRight(row: KeyedRow, copies: number): boolean {
    if (row.key === null || row.ineq === null) return false;
    return this.right.apply(row.key, row.values, row.ineq, rowKey(row.values), copies);
  }

  /**
   * Adds `copies` of a left row (negative: removes them), pairing it when first stored.
   * Returns the stored row, undefined once it is gone.
   */
  private storeLeft(row: KeyedRow, copies: number): AsOfLeftRow | undefined {
    const rowId = rowKey(row.values);
    const existing = this.left.find(row.key, rowId);
    if (existing) {
      existing.count += copies;
      if (existing.count > 0) return existing;
      this.left.remove(existing);
      return undefined;
    }
    if (copies <= 0) return undefined;
    const match = row.key !== null && row.ineq !== null ? this.right.closest(row.key, row.ineq, this.op) : undefined;
    const stored: AsOfLeftRow = { values: row.values, rowId, key: row.key, ineq: row.ineq, count: copies, match };
    this.left.insert(stored);
    return stored;
  }

  /** The rows of `delta` (from `side`) with their join key and inequality value. */
  private keyedRows(side: 0 | 1, delta: Delta): KeyedRow[] {
    const ctx = newEvalContext();
    const keyExprs = this.keyExprs[side];
    const keyColumns = keyExprs.map((e) => e.evaluate(delta, ctx));
    const ineqExpr = this.ineqExprs[side];
    const ineqColumn = ineqExpr.evaluate(delta, ctx);
    this.problems += ctx.problems.count;
    const parts: SqlValue[] = new Array(keyExprs.length);
    return deltaRows(delta).map(({ op, values }, i) => {
      let hasNull = false;
      for (let k = 0; k < keyExprs.length; k++) {
        parts[k] = readValue(keyColumns[k]!, keyExprs[k]!.type, i);
        if (parts[k] === null) hasNull = true;
      }
      // a key with a NULL never matches (its rows are kept apart, see AsOfLeftRows)
      const key = hasNull ? null : '\u0001' + rowKey(parts);
      return { op, values, key, ineq: readValue(ineqColumn, ineqExpr.type, i) };
    });
  }

  private updateStateMetric(): void {
    this.metrics.stateRows = this.left.size + this.right.size;
  }
}
