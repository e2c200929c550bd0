/**
 * Approximate memory held by operator state, and the `state_memory_limit` check.
 *
 * An operator reports the rows it holds (`metrics.stateRows`); bytes per row are measured by
 * snapshotting it (the Arrow bytes of its state tables, plus a fixed allowance per row for the
 * hash maps and JS objects around them). A snapshot costs time in proportion to the state, so
 * it is re-measured only when the rows have grown fourfold since the last measurement: the
 * cost stays a small constant per row. Without a memory limit to enforce, a state first seen
 * large is not snapshotted for the figure: a width-based guess stands in until a checkpoint
 * or a smaller state gives a measurement. The figure is an estimate (JS heap layouts vary),
 * good enough to stop a runaway GROUP BY before the process runs out of memory.
 */
import type * as arrow from 'apache-arrow';
import type { Delta } from '../delta.js';
import { EngineError } from '../errors.js';
import type { Operator } from '../operators/operator.js';

/** Allowance per state row for hash-map entries and object headers beside the Arrow bytes. */
const OVERHEAD_PER_ROW = 96;
const MIN_ROWS_TO_MEASURE = 64;

interface Measurement {
  rows: number;
  bytesPerRow: number;
}

const measured = new WeakMap<Operator, Measurement>();

/** Largest state snapshotted just for the figure when no limit is enforced. */
const MAX_ROWS_TO_MEASURE_UNLIMITED = 4096;

/** Approximate bytes of state `operator` holds now; `enforced`: a memory limit depends on it. */
export function estimateStateBytes(operator: Operator, enforced = true): number {
  const rows = operator.metrics.stateRows;
  if (rows <= 0) return 0;
  let m = measured.get(operator);
  if (!enforced && rows > MAX_ROWS_TO_MEASURE_UNLIMITED) {
    // 8 bytes per output column and a count: a guess, for display only
    return Math.round(rows * (m?.bytesPerRow ?? (operator.outputSchema.fields.length + 1) * 8 + OVERHEAD_PER_ROW));
  }
  if (!m || (rows >= MIN_ROWS_TO_MEASURE && rows >= m.rows * 4)) {
    m = { rows, bytesPerRow: measureBytesPerRow(operator, rows) };
    measured.set(operator, m);
  }
  return Math.round(rows * m.bytesPerRow);
}

/** Records an exact measurement taken from a checkpoint's snapshot. */
export function recordStateBytes(operator: Operator, stateBytes: number): void {
  const rows = operator.metrics.stateRows;
  if (rows > 0) measured.set(operator, { rows, bytesPerRow: stateBytes / rows + OVERHEAD_PER_ROW });
}

function measureBytesPerRow(operator: Operator, rows: number): number {
  let bytes = 0;
  for (const table of Object.values(operator.snapshot())) bytes += deltaBytes(table);
  return bytes / rows + OVERHEAD_PER_ROW;
}

/** Bytes of a delta's Arrow buffers. */
export function deltaBytes(delta: Delta): number {
  let bytes = delta.ops?.byteLength ?? 0;
  for (const column of delta.columns) bytes += dataBytes(column);
  return bytes;
}

function dataBytes(data: arrow.Data): number {
  let bytes = (data.values?.byteLength ?? 0) + (data.valueOffsets?.byteLength ?? 0) + (data.nullBitmap?.byteLength ?? 0);
  for (const child of data.children ?? []) bytes += dataBytes(child);
  return bytes;
}

/** What the limit check needs of a pipeline. */
interface MeasuredPipeline {
  readonly name: string;
  readonly tree: { readonly nodes: readonly { readonly operator: Operator }[] };
  readonly operatorStateBytes: readonly number[];
}

/** Throws `state-memory-limit-exceeded` naming the first operator above `limitBytes`. */
export function checkStateMemory(pipeline: MeasuredPipeline, limitBytes: number): void {
  if (!Number.isFinite(limitBytes)) return;
  pipeline.operatorStateBytes.forEach((bytes, i) => {
    if (bytes <= limitBytes) return;
    const operator = pipeline.tree.nodes[i]!.operator;
    const name = operatorLabel(i, operator);
    throw new EngineError('state-memory-limit-exceeded', `${name} of pipeline ${pipeline.name} holds about ${formatBytes(bytes)} of state (${operator.metrics.stateRows} rows), above state_memory_limit = ${formatBytes(limitBytes)}`, 'user', {
      operator: name,
      hint: 'raise it with SET state_memory_limit = \'2GB\', bound the state (a window with EMIT ON WINDOW CLOSE, fewer groups), or split the query',
    });
  });
}

/** `op-<position>-<Name>`: how an operator is named in checkpoints, metrics and errors. */
export function operatorLabel(position: number, operator: Operator): string {
  return `op-${position}-${operator.name}`;
}

/** `1.5 MB`-style text. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}
