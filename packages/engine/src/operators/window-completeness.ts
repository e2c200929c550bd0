/**
 * When a window function's value for a row is final, for OverWindows that emit on window
 * close ordered by a watermark column (RisingWave's EOWC over window): rows whose order key
 * is below the watermark are complete (no row can arrive before them or among their peers),
 * and a row's value is final once every row its frame or lead reaches is complete too (for
 * a session frame: once a complete row has started the next session).
 */
import type { SqlValue, WindowCall } from '@sluice/sql';
import { sameSession } from './window-functions.js';

/**
 * How far past a row its calls look: rows (ROWS frames, lead), order-key units (RANGE), to
 * the end of its session (the largest SESSION gap; 0 for none), or to the end.
 */
export interface Lookahead {
  readonly rows: number;
  readonly range: number;
  readonly sessionGap: number;
  readonly unbounded: boolean;
}

/** The lookahead of a set of calls. */
export function lookaheadOf(calls: readonly WindowCall[]): Lookahead {
  let rows = 0;
  let range = 0;
  let sessionGap = 0;
  let unbounded = false;
  for (const c of calls) {
    if (c.kind === 'lead') rows = Math.max(rows, c.offset ?? 1);
    if (c.kind === 'lead' || c.kind === 'lag' || c.kind === 'row_number' || c.kind === 'rank' || c.kind === 'dense_rank') continue;
    // a larger gap's sessions contain a smaller gap's, so the largest gap decides
    if (c.frame.mode === 'session') { sessionGap = Math.max(sessionGap, c.frame.gap!); continue; }
    const end = c.frame.end;
    if (end.kind === 'unbounded-following') unbounded = true;
    else if (end.kind === 'following') {
      if (c.frame.mode === 'rows') rows = Math.max(rows, end.offset);
      else range = Math.max(range, end.offset);
    }
  }
  return { rows, range, sessionGap, unbounded };
}

/**
 * How many leading rows of a partition (sorted by the order key in `keyColumn`, ascending)
 * have final values at watermark `watermarkUs`; at least `from` (rows already emitted).
 */
export function completeRows(rows: readonly SqlValue[][], keyColumn: number, ahead: Lookahead, watermarkUs: number, from: number): number {
  if (watermarkUs === Infinity) return rows.length;
  if (ahead.unbounded) return from;
  // a NULL key sorts last and is never complete before the input ends
  const keyAt = (i: number): number => Number(rows[i]![keyColumn] ?? NaN);
  let n = from;
  // rows before this index have sessions known to be over
  let sessionsDone = from;
  while (n < rows.length) {
    const key = keyAt(n);
    if (!(key < watermarkUs)) break;
    if (ahead.range > 0 && !(key + ahead.range < watermarkUs)) break;
    if (ahead.rows > 0) {
      const reach = n + ahead.rows;
      if (reach >= rows.length || !(keyAt(reach) < watermarkUs)) break;
    }
    if (ahead.sessionGap > 0 && n >= sessionsDone) {
      sessionsDone = endedSessionEnd(rows, keyColumn, n, ahead.sessionGap, watermarkUs);
      if (n >= sessionsDone) break;
    }
    n++;
  }
  return n;
}

/**
 * The index just past row `n`'s session when that session is over, else `n`. A session is
 * over once a complete row after it starts the next one: as in RisingWave, the watermark alone
 * does not end a session.
 */
function endedSessionEnd(rows: readonly SqlValue[][], keyColumn: number, n: number, gap: number, watermarkUs: number): number {
  for (let j = n + 1; j < rows.length; j++) {
    const key = rows[j]![keyColumn] ?? null;
    if (key === null || !(Number(key) < watermarkUs)) return n;
    if (!sameSession(rows[j - 1]![keyColumn] ?? null, key, gap)) return j;
  }
  return n;
}
