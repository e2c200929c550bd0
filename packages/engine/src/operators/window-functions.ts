/**
 * Window function values for one partition, computed from scratch over its rows in window
 * order (the OverWindow operator recomputes a partition whenever it changes). Frames follow
 * PostgreSQL: ROWS counts rows; RANGE takes peers (rows equal on the ORDER BY keys) as one,
 * and with an offset compares the single order key's value (numbers, timestamps in µs).
 * SESSION (RisingWave) takes the row's session: rows of the same session follow each other
 * with order keys less than the gap apart.
 */
import { intervalMicros, type FrameBound, type Interval, type SortKey, type SqlValue, type WindowCall, type WindowFrame } from '@sluice/sql';
import { compareSqlValues, type RowComparator } from './row-order.js';

/** A partition's rows in window order, with what frames need to know about them. */
export interface WindowRows {
  readonly rows: readonly SqlValue[][];
  readonly orderBy: readonly SortKey[];
  /** compares two rows on the ORDER BY keys only */
  readonly peers: RowComparator;
}

/** One value per row and call: `result[i][j]` is call `j` at row `i`. */
export function computeWindowValues(input: WindowRows, calls: readonly WindowCall[]): SqlValue[][] {
  const n = input.rows.length;
  const { peerStart, peerEnd } = peerGroups(input);
  const columns = calls.map((c) => computeCall(c, input, peerStart, peerEnd));
  const out: SqlValue[][] = [];
  for (let i = 0; i < n; i++) out.push(columns.map((col) => col[i]!));
  return out;
}

function peerGroups(input: WindowRows): { peerStart: Int32Array; peerEnd: Int32Array } {
  const n = input.rows.length;
  const peerStart = new Int32Array(n);
  const peerEnd = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    peerStart[i] = i > 0 && input.peers(input.rows[i - 1]!, input.rows[i]!) === 0 ? peerStart[i - 1]! : i;
  }
  for (let i = n - 1; i >= 0; i--) {
    peerEnd[i] = i < n - 1 && peerStart[i + 1] === peerStart[i] ? peerEnd[i + 1]! : i;
  }
  return { peerStart, peerEnd };
}

function computeCall(call: WindowCall, input: WindowRows, peerStart: Int32Array, peerEnd: Int32Array): SqlValue[] {
  const rows = input.rows;
  const n = rows.length;
  const out: SqlValue[] = new Array<SqlValue>(n);
  const arg = call.args[0];
  switch (call.kind) {
    case 'row_number':
      for (let i = 0; i < n; i++) out[i] = BigInt(i + 1);
      return out;
    case 'rank':
      for (let i = 0; i < n; i++) out[i] = BigInt(peerStart[i]! + 1);
      return out;
    case 'dense_rank': {
      let dense = 0;
      for (let i = 0; i < n; i++) {
        if (peerStart[i] === i) dense++;
        out[i] = BigInt(dense);
      }
      return out;
    }
    case 'lag':
    case 'lead': {
      const step = (call.offset ?? 1) * (call.kind === 'lag' ? -1 : 1);
      for (let i = 0; i < n; i++) {
        const j = i + step;
        out[i] = j >= 0 && j < n ? rows[j]![arg!] ?? null : call.defaultValue ?? null;
      }
      return out;
    }
    default: {
      const bounds = frameBounds(call.frame, input, peerStart, peerEnd);
      const exclude = call.frame.excludeCurrentRow === true;
      for (let i = 0; i < n; i++) out[i] = aggregateFrame(call, rows, bounds.start[i]!, bounds.end[i]!, exclude ? i : -1);
      return out;
    }
  }
}

/** Inclusive frame bounds per row; `end < start` is an empty frame. */
function frameBounds(frame: WindowFrame, input: WindowRows, peerStart: Int32Array, peerEnd: Int32Array): { start: Int32Array; end: Int32Array } {
  if (frame.mode === 'session') return sessionBounds(input, frame.gap!);
  const n = input.rows.length;
  const start = new Int32Array(n);
  const end = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    start[i] = Math.max(0, boundIndex(frame.mode, frame.start, i, 'start', input, peerStart, peerEnd));
    end[i] = Math.min(n - 1, boundIndex(frame.mode, frame.end, i, 'end', input, peerStart, peerEnd));
  }
  return { start, end };
}

/**
 * Each row's session: a row starts a new session when its order key is not less than the
 * previous row's plus `gap` (RisingWave's rule); rows with a NULL key form one session.
 */
function sessionBounds(input: WindowRows, gap: number): { start: Int32Array; end: Int32Array } {
  const n = input.rows.length;
  const column = input.orderBy[0]!.column;
  const start = new Int32Array(n);
  const end = new Int32Array(n);
  for (let i = 1; i < n; i++) {
    start[i] = sameSession(input.rows[i - 1]![column] ?? null, input.rows[i]![column] ?? null, gap) ? start[i - 1]! : i;
  }
  for (let i = n - 1; i >= 0; i--) end[i] = i < n - 1 && start[i + 1] === start[i] ? end[i + 1]! : i;
  return { start, end };
}

/** Whether a row with order key `next` continues the session of the row before it (key `prev`). */
export function sameSession(prev: SqlValue, next: SqlValue, gap: number): boolean {
  if (prev === null || next === null) return prev === next;
  return Number(next) < Number(prev) + gap;
}

function boundIndex(
  mode: WindowFrame['mode'], bound: FrameBound, i: number, side: 'start' | 'end', input: WindowRows, peerStart: Int32Array, peerEnd: Int32Array,
): number {
  const n = input.rows.length;
  switch (bound.kind) {
    case 'unbounded-preceding': return 0;
    case 'unbounded-following': return n - 1;
    case 'current-row':
      if (mode === 'rows') return i;
      return side === 'start' ? peerStart[i]! : peerEnd[i]!;
    case 'preceding':
    case 'following': {
      const signed = bound.kind === 'preceding' ? -bound.offset : bound.offset;
      if (mode === 'rows') return i + signed;
      return rangeIndex(input, i, signed, side, peerStart, peerEnd);
    }
    default:
      return bound satisfies never;
  }
}

/**
 * RANGE with an offset over the single order key: the first (start) or last (end) row whose
 * key lies at or beyond `key(i) + signed` in the window's direction. A row whose key is NULL
 * has its NULL peers as the frame.
 */
function rangeIndex(input: WindowRows, i: number, signed: number, side: 'start' | 'end', peerStart: Int32Array, peerEnd: Int32Array): number {
  const key = input.orderBy[0]!;
  const value = input.rows[i]![key.column] ?? null;
  if (value === null) return side === 'start' ? peerStart[i]! : peerEnd[i]!;
  const dir = key.direction === 'ASC' ? 1 : -1;
  const target = Number(value) + signed * dir;
  // position in window order: a row is "before" the target when its key sorts before it
  const before = (j: number): boolean => {
    const v = input.rows[j]![key.column] ?? null;
    if (v === null) return key.nulls === 'FIRST';
    return (Number(v) - target) * dir < 0;
  };
  const beforeOrAt = (j: number): boolean => {
    const v = input.rows[j]![key.column] ?? null;
    if (v === null) return key.nulls === 'FIRST';
    return (Number(v) - target) * dir <= 0;
  };
  const n = input.rows.length;
  if (side === 'start') {
    let j = 0;
    while (j < n && before(j)) j++;
    return j;
  }
  let j = n - 1;
  while (j >= 0 && !beforeOrAt(j)) j--;
  return j;
}

/**
 * An aggregate over rows `start..end` (inclusive) except row `skip` (-1: none, else the
 * current row under EXCLUDE CURRENT ROW), or a value at the frame's first/last row.
 */
function aggregateFrame(call: WindowCall, rows: readonly SqlValue[][], from: number, to: number, skip: number): SqlValue {
  const arg = call.args[0]!;
  const start = from === skip ? from + 1 : from;
  const end = to === skip ? to - 1 : to;
  const skipped = skip > start && skip < end ? 1 : 0;
  if (call.kind === 'count_star') return BigInt(Math.max(0, end - start + 1 - skipped));
  if (end < start) return call.kind === 'count' ? 0n : null;
  if (call.kind === 'first_value') return rows[start]![arg] ?? null;
  if (call.kind === 'last_value') return rows[end]![arg] ?? null;
  let count = 0;
  let best: SqlValue = null;
  let sumNumber = 0;
  let sumBig = 0n;
  const exact = call.kind === 'sum' && call.type.kind === 'scalar' && call.type.name === 'BIGINT';
  const interval = call.type.kind === 'scalar' && call.type.name === 'INTERVAL';
  for (let r = start; r <= end; r++) {
    if (r === skip) continue;
    const v = rows[r]![arg] ?? null;
    if (v === null) continue;
    count++;
    if (call.kind === 'min' || call.kind === 'max') {
      const c = best === null ? 0 : compareSqlValues(v, best);
      if (best === null || (call.kind === 'min' ? c < 0 : c > 0)) best = v;
    } else if (exact) {
      sumBig += typeof v === 'bigint' ? v : BigInt(v as number);
    } else {
      sumNumber += interval ? intervalMicros(v as Interval) : Number(v);
    }
  }
  switch (call.kind) {
    case 'count': return BigInt(count);
    case 'min':
    case 'max': return best;
    case 'sum': return count === 0 ? null : exact ? sumBig : interval ? { months: 0, days: 0, micros: sumNumber } : sumNumber;
    case 'avg': return count === 0 ? null : interval ? { months: 0, days: 0, micros: Math.round(sumNumber / count) } : sumNumber / count;
    default: return null;
  }
}
