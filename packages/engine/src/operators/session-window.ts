/**
 * `SessionWindowOperator`: the SESSION table function. Per partition key, rows whose event
 * times are closer than the gap form one session; every row is output with its session's
 * `window_start` (first event) and `window_end` (last event + gap) appended.
 *
 * Sessions change: an insert may extend a session or merge several, a retraction may shrink
 * or split one. At the end of each push, every session the push touched is compared with what
 * was output for it before: if its bounds are unchanged only the rows that came or went are
 * emitted; otherwise all its old rows are retracted with the old bounds and all its rows
 * inserted with the new ones (so a session that grows in every batch costs its size per
 * batch; an aggregate that emits on window close above it sees only the final bounds).
 *
 * Watermark (only when the time column carries one, `watermarked`): a session whose end is
 * at or before the watermark is final and is evicted. A row is late, and dropped and counted
 * in `metrics.lateRowsDropped`, when its own session would already be closed (time + gap <=
 * watermark) or when it would reach into a session already evicted for its key.
 *
 * State (`snapshot`): `rows` (every held row with its multiplicity; sessions are the maximal
 * runs of rows closer than the gap, so they are rebuilt from the rows), `closed_until` (per
 * key, the end of its last evicted session, while it can still matter) and `meta` (watermark).
 */
import type { Schema, SessionWindow, SqlValue } from '@sluice/sql';
import { deltaFromRows, deltaRows, type Delta, type Op } from '../delta.js';
import { EngineError } from '../errors.js';
import { rowKey } from '../runtime/row-key.js';
import { stateField } from './aggregate-values.js';
import { newMetrics, type Operator, type OperatorState } from './operator.js';
import { timed } from './timed.js';

/** A held row: its values (input columns) and how many copies of it are held. */
interface HeldRow {
  readonly values: SqlValue[];
  readonly timeUs: number;
  count: number;
}

/** One session: its rows by row key, its first and last event time. */
interface Session {
  readonly rows: Map<string, HeldRow>;
  startUs: number;
  lastUs: number;
}

/** What was output for a session before this push: its bounds and rows (with counts). */
interface Emitted {
  readonly startUs: number;
  readonly endUs: number;
  readonly rows: Map<string, { values: SqlValue[]; count: number }>;
}

const DOUBLE = { kind: 'scalar', name: 'DOUBLE' } as const;
const VARCHAR = { kind: 'scalar', name: 'VARCHAR' } as const;

export class SessionWindowOperator implements Operator {
  readonly name = 'SessionWindow';
  readonly metrics = newMetrics();
  nullTimeRowsDropped = 0;
  /** sessions per partition key, sorted by start */
  private partitions = new Map<string, Session[]>();
  /** per partition key, the end of its last evicted session */
  private closedUntil = new Map<string, number>();
  private watermarkUs = -Infinity;
  /** sessions touched by the current push, with what was output for them before it */
  private touched = new Map<Session, Emitted | null>();
  private readonly gapUs: number;

  /**
   * `outputSchema` is the input's fields followed by window_start and window_end;
   * `watermarked` says whether the pipeline watermark applies to the time column.
   */
  constructor(
    readonly window: SessionWindow,
    readonly timeColumn: number,
    readonly inputSchema: Schema,
    readonly outputSchema: Schema,
    private readonly watermarked: boolean,
  ) {
    this.gapUs = window.gapUs;
    if (!(this.gapUs > 0)) throw new EngineError('invalid-argument', 'the session gap must be positive');
  }

  open(restored?: OperatorState): void {
    this.partitions = new Map();
    this.closedUntil = new Map();
    this.watermarkUs = -Infinity;
    if (!restored) return;
    const meta = restored.meta ? deltaRows(restored.meta)[0]?.values : undefined;
    if (meta) this.watermarkUs = meta[0] as number;
    for (const { values } of restored.closed_until ? deltaRows(restored.closed_until) : []) {
      this.closedUntil.set(values[0] as string, values[1] as number);
    }
    for (const { values } of restored.rows ? deltaRows(restored.rows) : []) {
      const count = values[0] as number;
      const row = values.slice(1);
      for (let c = 0; c < count; c++) this.insert(row, row[this.timeColumn] as number);
    }
    this.touched.clear();
    this.metrics.stateRows = this.heldRows();
  }

  push(delta: Delta, _input: number): Delta[] {
    this.metrics.rowsIn += delta.length;
    return timed(this.metrics, () => {
      for (const { op, values } of deltaRows(delta)) {
        const t = values[this.timeColumn];
        if (t === null || t === undefined) { this.nullTimeRowsDropped++; continue; }
        const timeUs = t as number;
        if (op > 0 && this.isLate(values, timeUs)) { this.metrics.lateRowsDropped++; continue; }
        if (op > 0) this.insert(values, timeUs);
        else this.retract(values, timeUs);
      }
      const out = this.emitTouched();
      this.metrics.stateRows = this.heldRows();
      return out;
    });
  }

  private partitionKey(values: readonly SqlValue[]): string {
    return rowKey(this.window.partitionBy.map((k) => values[k]!));
  }

  private isLate(values: readonly SqlValue[], timeUs: number): boolean {
    if (!this.watermarked) return false;
    if (timeUs + this.gapUs <= this.watermarkUs) return true;
    const until = this.closedUntil.get(this.partitionKey(values));
    return until !== undefined && timeUs < until;
  }

  /** Remembers what was output for `session` before this push (once per push). */
  private touch(session: Session, isNew = false): void {
    if (this.touched.has(session)) return;
    if (isNew) { this.touched.set(session, null); return; }
    const rows = new Map<string, { values: SqlValue[]; count: number }>();
    for (const [key, row] of session.rows) rows.set(key, { values: row.values, count: row.count });
    this.touched.set(session, { startUs: session.startUs, endUs: session.lastUs + this.gapUs, rows });
  }

  private insert(values: SqlValue[], timeUs: number): void {
    const key = this.partitionKey(values);
    const sessions = this.partitions.get(key) ?? [];
    // the sessions whose span [start, last + gap) meets the row's own [t, t + gap)
    const merging = sessions.filter((s) => timeUs < s.lastUs + this.gapUs && s.startUs < timeUs + this.gapUs);
    let target: Session;
    if (merging.length === 0) {
      target = { rows: new Map(), startUs: timeUs, lastUs: timeUs };
      this.touch(target, true);
      sessions.push(target);
    } else {
      target = merging[0]!;
      for (const s of merging) this.touch(s);
      for (const other of merging.slice(1)) {
        for (const [k, row] of other.rows) this.addRow(target, k, row.values, row.timeUs, row.count);
        target.startUs = Math.min(target.startUs, other.startUs);
        target.lastUs = Math.max(target.lastUs, other.lastUs);
        sessions.splice(sessions.indexOf(other), 1);
      }
    }
    this.addRow(target, rowKey(values), values, timeUs, 1);
    target.startUs = Math.min(target.startUs, timeUs);
    target.lastUs = Math.max(target.lastUs, timeUs);
    sessions.sort((a, b) => a.startUs - b.startUs);
    this.partitions.set(key, sessions);
  }

  private addRow(session: Session, key: string, values: SqlValue[], timeUs: number, count: number): void {
    const held = session.rows.get(key);
    if (held) held.count += count;
    else session.rows.set(key, { values, timeUs, count });
  }

  /** Removes one copy of a row; the session shrinks, splits or goes. Unknown rows are ignored. */
  private retract(values: SqlValue[], timeUs: number): void {
    const key = this.partitionKey(values);
    const sessions = this.partitions.get(key);
    const session = sessions?.find((s) => s.startUs <= timeUs && timeUs <= s.lastUs);
    const rk = rowKey(values);
    const held = session?.rows.get(rk);
    if (!sessions || !session || !held) return;
    this.touch(session);
    if (--held.count <= 0) session.rows.delete(rk);
    sessions.splice(sessions.indexOf(session), 1);
    for (const part of this.split(session)) {
      if (part !== session) this.touch(part, true);
      sessions.push(part);
    }
    sessions.sort((a, b) => a.startUs - b.startUs);
    if (sessions.length === 0) this.partitions.delete(key);
  }

  /** The maximal runs of `session`'s rows closer than the gap; the first keeps the object. */
  private split(session: Session): Session[] {
    const rows = [...session.rows.entries()].sort((a, b) => a[1].timeUs - b[1].timeUs);
    if (rows.length === 0) return [];
    const parts: Session[] = [];
    let current: Session | undefined;
    for (const [k, row] of rows) {
      if (!current || row.timeUs - current.lastUs >= this.gapUs) {
        current = parts.length === 0 ? session : { rows: new Map(), startUs: row.timeUs, lastUs: row.timeUs };
        if (current === session) { session.rows.clear(); session.startUs = row.timeUs; }
        parts.push(current);
      }
      current.rows.set(k, row);
      current.lastUs = row.timeUs;
    }
    return parts;
  }

  /** The output for every session touched by this push (see the file comment). */
  private emitTouched(): Delta[] {
    const rows: SqlValue[][] = [];
    const ops: Op[] = [];
    const emit = (values: SqlValue[], startUs: number, endUs: number, op: Op, count: number): void => {
      for (let c = 0; c < count; c++) { rows.push([...values, startUs, endUs]); ops.push(op); }
    };
    const live = new Set<Session>();
    for (const sessions of this.partitions.values()) for (const s of sessions) live.add(s);
    for (const [session, before] of this.touched) {
      const alive = live.has(session) && session.rows.size > 0;
      const endUs = session.lastUs + this.gapUs;
      if (before && alive && before.startUs === session.startUs && before.endUs === endUs) {
        for (const [k, old] of before.rows) {
          const now = session.rows.get(k)?.count ?? 0;
          if (now < old.count) emit(old.values, session.startUs, endUs, -1, old.count - now);
        }
        for (const [k, row] of session.rows) {
          const was = before.rows.get(k)?.count ?? 0;
          if (row.count > was) emit(row.values, session.startUs, endUs, 1, row.count - was);
        }
        continue;
      }
      if (before) for (const old of before.rows.values()) emit(old.values, before.startUs, before.endUs, -1, old.count);
      if (alive) for (const row of session.rows.values()) emit(row.values, session.startUs, endUs, 1, row.count);
    }
    this.touched.clear();
    this.metrics.rowsOut += rows.length;
    return rows.length > 0 ? [deltaFromRows(this.outputSchema, rows, ops)] : [];
  }

  advanceWatermark(watermarkUs: number): Delta[] {
    if (!this.watermarked && watermarkUs !== Infinity) return [];
    if (!(watermarkUs > this.watermarkUs)) return [];
    this.watermarkUs = watermarkUs;
    return timed(this.metrics, () => {
      for (const [key, sessions] of this.partitions) {
        const open = sessions.filter((s) => s.lastUs + this.gapUs > watermarkUs);
        for (const s of sessions) {
          if (open.includes(s)) continue;
          const endUs = s.lastUs + this.gapUs;
          this.closedUntil.set(key, Math.max(this.closedUntil.get(key) ?? -Infinity, endUs));
        }
        if (open.length === 0) this.partitions.delete(key);
        else if (open.length !== sessions.length) this.partitions.set(key, open);
      }
      // a row can reach into an evicted session only if its time is below that session's end,
      // and rows below watermark - gap are late anyway
      for (const [key, until] of this.closedUntil) if (until <= watermarkUs - this.gapUs) this.closedUntil.delete(key);
      this.metrics.stateRows = this.heldRows();
      return [];
    });
  }

  private heldRows(): number {
    let n = 0;
    for (const sessions of this.partitions.values()) for (const s of sessions) n += s.rows.size;
    return n;
  }

  snapshot(): OperatorState {
    const rows: SqlValue[][] = [];
    for (const sessions of this.partitions.values()) {
      for (const s of sessions) for (const row of s.rows.values()) rows.push([row.count, ...row.values]);
    }
    return {
      rows: deltaFromRows({ fields: [stateField('row_count', DOUBLE), ...this.inputSchema.fields] }, rows),
      closed_until: deltaFromRows({ fields: [stateField('partition_key', VARCHAR), stateField('end_us', DOUBLE)] }, [...this.closedUntil]),
      meta: deltaFromRows({ fields: [stateField('watermark_us', DOUBLE)] }, [[this.watermarkUs]]),
    };
  }
}
