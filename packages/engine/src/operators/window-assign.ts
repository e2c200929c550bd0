/**
 * `WindowAssignOperator`: the TUMBLE/HOP/CUMULATE table functions. Appends `window_start` and
 * `window_end` (same type as the time column) to every row; TUMBLE gives one window per row,
 * HOP `size / slide` windows per row (those containing the time), CUMULATE the windows of the
 * row's size-aligned period that end after its time (at most `size / step`). Windows are
 * aligned to `offsetUs` from the epoch. Rows with a NULL time are dropped and counted in
 * `nullTimeRowsDropped`. Stateless; ops are repeated for every window of a row.
 */
import * as arrow from 'apache-arrow';
import type { Schema, WindowKind } from '@sluice/sql';

/** The window kinds assigned row by row (sessions need state: session-window.ts). */
export type AssignedWindow = Exclude<WindowKind, { kind: 'session' }>;
import type { Delta } from '../delta.js';
import { EngineError } from '../errors.js';
import { int64Words, setInt64 } from '../arrow/int64.js';
import { takeDelta } from '../arrow/take.js';
import { toArrowType } from '../arrow/types.js';
import { dataToVec } from '../expr/vec-convert.js';
import type { NumVec } from '../expr/vec.js';
import { newMetrics, type Operator, type OperatorState } from './operator.js';
import { timed } from './timed.js';

export class WindowAssignOperator implements Operator {
  readonly name = 'WindowAssign';
  readonly metrics = newMetrics();
  nullTimeRowsDropped = 0;
  private readonly slideUs: number;
  private readonly sizeUs: number;
  private readonly offsetUs: number;

  /** `outputSchema` is the input's fields followed by window_start and window_end. */
  constructor(readonly window: AssignedWindow, readonly timeColumn: number, readonly outputSchema: Schema) {
    this.sizeUs = window.sizeUs;
    this.slideUs = window.kind === 'hop' ? window.slideUs : window.kind === 'cumulate' ? window.stepUs : window.sizeUs;
    this.offsetUs = window.offsetUs;
    if (!(this.sizeUs > 0) || !(this.slideUs > 0)) throw new EngineError('invalid-argument', 'window size and slide must be positive');
    const timeType = outputSchema.fields[timeColumn]?.type;
    if (!timeType || timeType.kind !== 'scalar' || (timeType.name !== 'TIMESTAMP' && timeType.name !== 'TIMESTAMPTZ')) {
      throw new EngineError('invalid-argument', 'the window time column must be a TIMESTAMP or TIMESTAMPTZ');
    }
  }

  open(_restored?: OperatorState): void {}

  push(delta: Delta, _input: number): Delta[] {
    this.metrics.rowsIn += delta.length;
    return timed(this.metrics, () => [this.assign(delta)]);
  }

  /** The first (latest) window start containing `t`. */
  private lastStart(t: number): number {
    return Math.floor((t - this.offsetUs) / this.slideUs) * this.slideUs + this.offsetUs;
  }

  private assign(delta: Delta): Delta {
    const n = delta.length;
    const field = delta.schema.fields[this.timeColumn]!;
    const time = dataToVec(delta.columns[this.timeColumn]!, field.type) as NumVec;
    const perRow = Math.ceil(this.sizeUs / this.slideUs);
    // at most perRow windows per row: fill typed arrays, then trim
    const rows = new Int32Array(n * perRow);
    const starts = new Float64Array(n * perRow);
    const ends = new Float64Array(n * perRow);
    let count = 0;
    const cumulate = this.window.kind === 'cumulate';
    const { sizeUs, slideUs } = this;
    for (let i = 0; i < n; i++) {
      if (time.valid !== null && !time.valid[i]) { this.nullTimeRowsDropped++; continue; }
      const t = time.values[i]!;
      if (cumulate) {
        // one period of `size`; its windows grow by `step` and hold t once they end after it
        const start = Math.floor((t - this.offsetUs) / sizeUs) * sizeUs + this.offsetUs;
        for (let k = 1; k <= perRow; k++) {
          const end = start + k * slideUs;
          if (end > t) { rows[count] = i; starts[count] = start; ends[count++] = end; }
        }
        continue;
      }
      const last = this.lastStart(t);
      // ascending window starts: the earliest window still containing t comes first
      for (let k = perRow - 1; k >= 0; k--) {
        const s = last - k * slideUs;
        if (s + sizeUs > t) { rows[count] = i; starts[count] = s; ends[count++] = s + sizeUs; }
      }
    }
    const picked = rows.subarray(0, count);
    const taken = perRow === 1 && count === n ? delta : takeDelta(delta, picked);
    const type = toArrowType(field.type) as arrow.TimestampMicrosecond;
    return {
      schema: this.outputSchema,
      columns: [...taken.columns, boundColumn(type, starts.subarray(0, count)), boundColumn(type, ends.subarray(0, count))],
      length: count,
      ops: taken.ops,
    };
  }

  advanceWatermark(_watermarkUs: number): Delta[] {
    return [];
  }

  snapshot(): OperatorState {
    return {};
  }
}

/** A TIMESTAMP column of µs values, written through Int64 words (no BigInt per value). */
function boundColumn(type: arrow.TimestampMicrosecond, bounds: Float64Array): arrow.Data {
  const values = new BigInt64Array(bounds.length);
  const words = int64Words(values);
  for (let k = 0; k < bounds.length; k++) setInt64(values, words, k, bounds[k]!);
  return arrow.makeData({ type, length: bounds.length, nullCount: 0, data: values });
}
