/**
 * When may a join forget a row? A row can be evicted from a side's state once no row still to
 * come on the other side can match it. That needs two things: a condition bounding the
 * difference of two event times (`a.ts BETWEEN b.ts - INTERVAL '1' HOUR AND b.ts`, a pair of
 * `>=`/`<=`, or an equality such as `a.window_end = b.window_end`), and a watermark on the
 * other side's time column, below which its rows no longer arrive.
 *
 * The pipeline has one watermark W (the minimum over its inputs); a watermarked column `c` of
 * a plan guarantees that rows still to come have `c >= W - lag` (`watermarkLagUs`): lag 0 for
 * an event-time column, the window size for `window_start`. The engine's join evicts a row
 * of a side whose `column` value is below `W + offsetUs` (`JoinStateBound`).
 */
import type { BoundExpr } from './bound-expr.js';
import type { Join, LogicalPlan } from './logical-plan.js';

/** Rows of one side whose value of `column` (in that side's input) is `< W + offsetUs` can be evicted. */
export interface JoinStateBound {
  readonly column: number;
  readonly offsetUs: number;
}

/** The eviction bound of each side of a join, where there is one. */
export interface JoinStateBounds {
  readonly left?: JoinStateBound;
  readonly right?: JoinStateBound;
}

/** `leftTime - rightTime` lies within [lo, hi] (µs; infinite when unbounded). */
interface TimeDifference {
  readonly leftColumn: number;
  readonly rightColumn: number;
  lo: number;
  hi: number;
}

/** The eviction bounds of `join`'s two sides (both absent for a join without time bounds). */
export function joinStateBounds(join: Join): JoinStateBounds {
  // an ASOF join's left row may pair with any old right row of its key: nothing is evictable
  if (join.asof) return {};
  const width = join.left.schema.fields.length;
  const differences = new Map<string, TimeDifference>();
  const constrain = (l: number, r: number, lo: number, hi: number): void => {
    const key = `${l}:${r}`;
    const d = differences.get(key) ?? { leftColumn: l, rightColumn: r, lo: -Infinity, hi: Infinity };
    d.lo = Math.max(d.lo, lo);
    d.hi = Math.min(d.hi, hi);
    differences.set(key, d);
  };
  for (const k of join.keys) {
    if (k.left.kind === 'InputRef' && k.right.kind === 'InputRef' && isTime(k.left)) constrain(k.left.index, k.right.index, 0, 0);
  }
  for (const bound of residualTimeBounds(join.residual, width)) constrain(bound.left, bound.right, bound.lo, bound.hi);
  let left: JoinStateBound | undefined;
  let right: JoinStateBound | undefined;
  for (const d of differences.values()) {
    // a left row at tl matches a future right row tr >= W - lagR only if tl - lo >= W - lagR
    const lagRight = watermarkLagUs(join.right, d.rightColumn);
    if (d.lo > -Infinity && lagRight !== undefined) left = better(left, { column: d.leftColumn, offsetUs: d.lo - lagRight });
    // a right row at tr matches a future left row tl >= W - lagL only if tr + hi >= W - lagL
    const lagLeft = watermarkLagUs(join.left, d.leftColumn);
    if (d.hi < Infinity && lagLeft !== undefined) right = better(right, { column: d.rightColumn, offsetUs: 0 - d.hi - lagLeft });
  }
  return { ...(left ? { left } : {}), ...(right ? { right } : {}) };
}

/**
 * The bounds that a join's residual conditions put on `tl - tr` for pairs of a left time
 * column `left` and a right one `right` (positions in each side's input), one per comparison.
 */
export function residualTimeBounds(residual: BoundExpr | undefined, width: number): { left: number; right: number; lo: number; hi: number }[] {
  const out: { left: number; right: number; lo: number; hi: number }[] = [];
  for (const c of residual ? conjuncts(residual) : []) {
    const bound = comparisonBound(c, width);
    if (bound) out.push(bound);
  }
  return out;
}

/** The bound that evicts sooner (the larger offset); on the same column only. */
function better(current: JoinStateBound | undefined, next: JoinStateBound): JoinStateBound {
  return !current || next.offsetUs > current.offsetUs ? next : current;
}

/**
 * How far below the pipeline watermark values of `column` of `plan` may still arrive (µs), or
 * `undefined` when the column has no watermark. Follows the column down to its origin.
 */
export function watermarkLagUs(plan: LogicalPlan, column: number): number | undefined {
  switch (plan.kind) {
    case 'Scan':
      // only a declared watermark moves with the pipeline's; a view's watermark columns do not
      return plan.watermark && plan.columns[column] === plan.watermark.column ? 0 : undefined;
    case 'Filter':
      return watermarkLagUs(plan.input, column);
    case 'Project': {
      const e = plan.exprs[column];
      return e?.kind === 'InputRef' ? watermarkLagUs(plan.input, e.index) : undefined;
    }
    case 'WindowTvf': {
      const width = plan.input.schema.fields.length;
      if (column < width) return watermarkLagUs(plan.input, column);
      const lag = watermarkLagUs(plan.input, plan.timeColumn);
      if (lag === undefined) return undefined;
      return column === width ? lag + plan.window.sizeUs : lag;
    }
    case 'Aggregate': {
      // updates of a group come from its input rows, or (on window close) at the watermark
      const key = plan.groupKeys[column];
      return key === undefined ? undefined : watermarkLagUs(plan.input, key);
    }
    case 'Join': {
      if (!plan.props.watermarkColumns.includes(column)) return undefined;
      const width = plan.left.schema.fields.length;
      return column < width ? watermarkLagUs(plan.left, column) : watermarkLagUs(plan.right, column - width);
    }
    default:
      // other nodes may emit rows with any old time (or are constant): no guarantee
      return undefined;
  }
}

function isTime(e: BoundExpr): boolean {
  return e.type.kind === 'scalar' && (e.type.name === 'TIMESTAMP' || e.type.name === 'TIMESTAMPTZ');
}

function conjuncts(e: BoundExpr): BoundExpr[] {
  return e.kind === 'Call' && e.fn === 'and' ? e.args.flatMap(conjuncts) : [e];
}

/** `column + offsetUs`: a time column, maybe plus or minus a constant interval without months. */
interface TimeTerm {
  readonly column: number;
  readonly offsetUs: number;
}

function timeTerm(e: BoundExpr): TimeTerm | undefined {
  if (e.kind === 'InputRef') return isTime(e) ? { column: e.index, offsetUs: 0 } : undefined;
  if (e.kind !== 'Call' || (e.fn !== 'add' && e.fn !== 'subtract') || e.args.length !== 2) return undefined;
  const [base, amount] = e.args as [BoundExpr, BoundExpr];
  const inner = timeTerm(base);
  const us = intervalUs(amount);
  if (!inner || us === undefined) return undefined;
  return { column: inner.column, offsetUs: inner.offsetUs + (e.fn === 'add' ? us : -us) };
}

function intervalUs(e: BoundExpr): number | undefined {
  if (e.kind !== 'Literal' || e.value === null || typeof e.value !== 'object' || !('months' in e.value)) return undefined;
  const v = e.value;
  return v.months === 0 ? v.days * 86_400_000_000 + v.micros : undefined;
}

const COMPARISONS: Record<string, 'ge' | 'le' | 'eq'> = {
  greater_than: 'ge', greater_than_or_equal: 'ge', less_than: 'le', less_than_or_equal: 'le', equal: 'eq',
};

/** A comparison of a left time term with a right one, as bounds on `tl - tr`. */
function comparisonBound(c: BoundExpr, width: number): { left: number; right: number; lo: number; hi: number } | undefined {
  if (c.kind !== 'Call' || c.args.length !== 2) return undefined;
  let op = COMPARISONS[c.fn];
  if (!op) return undefined;
  let x = timeTerm(c.args[0]!);
  let y = timeTerm(c.args[1]!);
  if (!x || !y) return undefined;
  if (x.column >= width && y.column < width) {
    [x, y] = [y, x];
    op = op === 'ge' ? 'le' : op === 'le' ? 'ge' : 'eq';
  }
  if (x.column >= width || y.column < width) return undefined;
  // tl + ox (op) tr + oy  <=>  tl - tr (op) oy - ox; strict comparisons bound as non-strict
  const d = y.offsetUs - x.offsetUs;
  const lo = op === 'le' ? -Infinity : d;
  const hi = op === 'ge' ? Infinity : d;
  return { left: x.column, right: y.column - width, lo, hi };
}
