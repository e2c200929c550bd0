/**
 * TUMBLE/HOP windows assigned inside an aggregate (`Aggregate` over a column-picking
 * `Project` over a `WindowTvf`): each input row stands for one virtual row per window that
 * holds its time, and the aggregate reads the virtual rows through this expansion instead of
 * a materialized WindowAssign output (a HOP of size/slide = k copies every row k times, and
 * the window bounds, just to hash them). Group keys are read without copying; only the
 * arguments of aggregates are gathered per virtual row.
 */
import type { Aggregate, DataType, LogicalPlan } from '@sluice/sql';
import { takeData } from '../arrow/take.js';
import type { Delta } from '../delta.js';
import { dataToVec } from '../expr/vec-convert.js';
import { numVec, type NumVec, type Vec } from '../expr/vec.js';
import type { Primitive } from './aggregate-values.js';
import { groupKeyReader, type GroupKeyAt } from './group-keys.js';

/** The aggregate-input column is the window's start / end rather than a column of the rows. */
export const WINDOW_START = -1;
export const WINDOW_END = -2;

/** How the aggregate's input columns come from the rows under the window function. */
export interface WindowedInput {
  readonly sizeUs: number;
  readonly slideUs: number;
  readonly offsetUs: number;
  /** the time column of the rows */
  readonly timeColumn: number;
  /** per aggregate-input column: a column of the rows, WINDOW_START or WINDOW_END */
  readonly columns: readonly number[];
  /** the plan of the rows (the window function's input) */
  readonly rows: LogicalPlan;
}

/** Most windows a row may fall in for the fused form (beyond, WindowAssign runs apart). */
const MAX_WINDOWS_PER_ROW = 64;

/**
 * The windowed input of `node` when it aggregates TUMBLE or HOP windows through a column
 * pick, with window bounds only in its group keys; null otherwise.
 */
export function windowedInputOf(node: Aggregate): WindowedInput | null {
  const project = node.input;
  if (project.kind !== 'Project' || !project.exprs.every((e) => e.kind === 'InputRef')) return null;
  const tvf = project.input;
  if (tvf.kind !== 'WindowTvf' || (tvf.window.kind !== 'tumble' && tvf.window.kind !== 'hop')) return null;
  const width = tvf.input.schema.fields.length;
  const columns = project.exprs.map((e) => {
    const index = e.kind === 'InputRef' ? e.index : -3;
    return index < width ? index : index === width ? WINDOW_START : WINDOW_END;
  });
  const used = node.aggregates.flatMap((a) => [...a.args, ...(a.filter === undefined ? [] : [a.filter]), ...(a.orderBy ?? []).map((o) => o.column)]);
  if (used.some((c) => columns[c]! < 0)) return null;
  const { sizeUs, offsetUs } = tvf.window;
  const slideUs = tvf.window.kind === 'hop' ? tvf.window.slideUs : sizeUs;
  if (!(sizeUs > 0 && slideUs > 0) || Math.ceil(sizeUs / slideUs) > MAX_WINDOWS_PER_ROW) return null;
  return { sizeUs, slideUs, offsetUs, timeColumn: tvf.timeColumn, columns, rows: tvf.input };
}

/** One batch of rows seen as its virtual (row, window) rows. */
export class ExpandedBatch {
  /** virtual rows */
  readonly n: number;
  /** the row of each virtual row */
  readonly rowOf: Int32Array;
  /** the window start of each virtual row (µs) */
  readonly starts: Float64Array;
  /** rows dropped for a NULL time */
  readonly nullTimeRows: number;

  constructor(readonly delta: Delta, readonly input: WindowedInput) {
    const field = delta.schema.fields[input.timeColumn]!;
    const time = dataToVec(delta.columns[input.timeColumn]!, field.type) as NumVec;
    const { sizeUs, slideUs, offsetUs } = input;
    const perRow = Math.ceil(sizeUs / slideUs);
    const rowOf = new Int32Array(delta.length * perRow);
    const starts = new Float64Array(delta.length * perRow);
    let count = 0;
    let nullTimes = 0;
    for (let i = 0; i < delta.length; i++) {
      if (time.valid !== null && !time.valid[i]) { nullTimes++; continue; }
      const t = time.values[i]!;
      const last = Math.floor((t - offsetUs) / slideUs) * slideUs + offsetUs;
      // ascending window starts, as WindowAssign emits them
      for (let k = perRow - 1; k >= 0; k--) {
        const s = last - k * slideUs;
        if (s + sizeUs > t) { rowOf[count] = i; starts[count++] = s; }
      }
    }
    this.n = count;
    this.rowOf = rowOf.subarray(0, count);
    this.starts = starts.subarray(0, count);
    this.nullTimeRows = nullTimes;
  }

  /** The ops of the virtual rows: each row's op, once per window. */
  signs(): Int8Array {
    const ops = this.delta.ops;
    if (!ops) return new Int8Array(this.n).fill(1);
    const out = new Int8Array(this.n);
    for (let v = 0; v < this.n; v++) out[v] = ops[this.rowOf[v]!]!;
    return out;
  }

  /** Aggregate-input column `c` (of SQL type `type`) over the virtual rows. */
  vec(c: number, type: DataType): Vec {
    const source = this.input.columns[c]!;
    if (source === WINDOW_START || source === WINDOW_END) {
      const shift = source === WINDOW_END ? this.input.sizeUs : 0;
      return numVec(type, shift === 0 ? this.starts : this.starts.map((s) => s + shift), null);
    }
    return dataToVec(takeData(this.delta.columns[source]!, this.rowOf), type);
  }

  /** Reads group keys (aggregate-input columns `keys`) of virtual rows, copying no column. */
  keyReader(keys: readonly number[], types: readonly DataType[]): GroupKeyAt {
    const real = keys.map((c, k) => ({ k, source: this.input.columns[c]! })).filter((x) => x.source >= 0);
    const rowKeys = groupKeyReader(real.map(({ k, source }) => dataToVec(this.delta.columns[source]!, types[k]!)), this.delta.length);
    const width = keys.length;
    const kinds = Int32Array.from(keys, (c) => this.input.columns[c]!);
    const realAt = new Int32Array(width).fill(-1);
    real.forEach(({ k }, r) => (realAt[k] = r));
    const fast = new Float64Array(width);
    const general: Primitive[] = new Array<Primitive>(width).fill(null);
    const { rowOf, starts } = this;
    const sizeUs = this.input.sizeUs;
    let lastRow = -1;
    let parts: ArrayLike<Primitive> = fast;
    return (v) => {
      // a row's windows are consecutive virtual rows: its key parts are read once
      const row = rowOf[v]!;
      if (row !== lastRow) {
        parts = rowKeys(row);
        lastRow = row;
      }
      const start = starts[v]!;
      if (parts instanceof Float64Array) {
        for (let k = 0; k < width; k++) {
          const kind = kinds[k]!;
          fast[k] = kind === WINDOW_START ? start : kind === WINDOW_END ? start + sizeUs : parts[realAt[k]!]!;
        }
        return fast;
      }
      for (let k = 0; k < width; k++) {
        const kind = kinds[k]!;
        general[k] = kind === WINDOW_START ? start : kind === WINDOW_END ? start + sizeUs : parts[realAt[k]!]!;
      }
      return general;
    };
  }
}
