/**
 * Constructors for `Join` nodes. `makeJoin` takes a whole join condition over the
 * concatenated columns and splits it: each conjunct `l = r` whose sides read only the left
 * and only the right input becomes an equi-join key, the rest stays the residual. The binder
 * and the optimizer (which merges WHERE conjuncts into inner joins) both build joins this
 * way, so keys are always extracted the same way. An ASOF join's inequality is split out the
 * same way, into `asof`.
 */
import { type SourcePosition, SqlError } from '../errors.js';
import { type BoundExpr, call } from '../plan/bound-expr.js';
import type { AsOfCondition, Join, JoinKey, JoinKind, LogicalPlan } from '../plan/logical-plan.js';
import { residualTimeBounds, watermarkLagUs } from '../plan/join-bounds.js';
import { T } from '../types/data-type.js';
import { field, schemaOf } from '../types/schema.js';
import { collectInputRefs, conjoin, isDeterministic, remapInputs, splitConjunction } from './bound-expr-utils.js';

/**
 * A join of `left` and `right` on `condition` (over left columns then right ones; none: a cross
 * join). An ASOF join's condition must be equalities (at least one) and exactly one inequality
 * between the two sides, which becomes its `asof`; anything else is `invalid-asof-join`.
 */
export function makeJoin(joinType: JoinKind, left: LogicalPlan, right: LogicalPlan, condition?: BoundExpr, pos?: SourcePosition): Join {
  const width = left.schema.fields.length;
  const keys: JoinKey[] = [];
  const residual: BoundExpr[] = [];
  for (const c of condition ? splitConjunction(condition) : []) {
    if (c.kind === 'Literal' && c.value === true) continue;
    const key = asKey(c, width);
    if (key) keys.push(key);
    else residual.push(c);
  }
  if (joinType === 'asof' || joinType === 'asof-left') {
    return makeJoinFromParts(joinType, left, right, keys, undefined, asOfCondition(keys, residual, width, pos));
  }
  return makeJoinFromParts(joinType, left, right, keys, residual.length > 0 ? conjoin(residual) : undefined);
}

/** The condition of `join` as one predicate over its output columns (`undefined`: none). */
export function joinCondition(join: Join): BoundExpr | undefined {
  const width = join.left.schema.fields.length;
  const parts = join.keys.map((k): BoundExpr => call('equal', [k.left, remapInputs(k.right, (i) => i + width)], T.boolean));
  if (join.residual) parts.push(join.residual);
  if (join.asof) {
    const { left, right, op } = join.asof;
    parts.push(call(ASOF_FUNCTIONS[op], [left, remapInputs(right, (i) => i + width)], T.boolean));
  }
  return parts.length > 0 ? conjoin(parts) : undefined;
}

const ASOF_FUNCTIONS = {
  lt: 'less_than', le: 'less_than_or_equal', gt: 'greater_than', ge: 'greater_than_or_equal',
} as const satisfies Record<AsOfCondition['op'], string>;

const ASOF_OPS: Readonly<Record<string, AsOfCondition['op']>> = {
  less_than: 'lt', less_than_or_equal: 'le', greater_than: 'gt', greater_than_or_equal: 'ge',
};
const FLIPPED = { lt: 'gt', le: 'ge', gt: 'lt', ge: 'le' } as const;

/** The one inequality of an ASOF join's condition (what is not a key), as RisingWave requires it. */
function asOfCondition(keys: readonly JoinKey[], rest: readonly BoundExpr[], width: number, pos: SourcePosition | undefined): AsOfCondition {
  if (keys.length === 0) {
    throw new SqlError('invalid-asof-join', 'ASOF JOIN requires at least one equality between the two sides in its ON condition', pos,
      'write ON l.key = r.key AND l.ts >= r.ts');
  }
  const c = rest.length === 1 ? rest[0]! : undefined;
  const op = c?.kind === 'Call' && isDeterministic(c) ? ASOF_OPS[c.fn] : undefined;
  if (c?.kind === 'Call' && op) {
    const [a, b] = c.args as [BoundExpr, BoundExpr];
    const [sa, sb] = [sideOf(a, width), sideOf(b, width)];
    const shift = (e: BoundExpr): BoundExpr => remapInputs(e, (i) => i - width);
    if (sa === 'left' && sb === 'right') return { left: a, right: shift(b), op };
    if (sa === 'right' && sb === 'left') return { left: b, right: shift(a), op: FLIPPED[op] };
  }
  const message = rest.length === 0
    ? 'ASOF JOIN requires an inequality (<, <=, >, >=) between the two sides in its ON condition, besides the equalities'
    : 'ASOF JOIN allows only equalities and exactly one inequality (<, <=, >, >=) between the two sides in its ON condition';
  throw new SqlError('invalid-asof-join', message, pos, 'write ON l.key = r.key AND l.ts >= r.ts');
}

/** Which input an expression reads: only the left, only the right, or neither/both (undefined). */
function sideOf(e: BoundExpr, width: number): 'left' | 'right' | undefined {
  const refs = [...collectInputRefs(e)];
  if (refs.length === 0) return undefined;
  if (refs.every((i) => i < width)) return 'left';
  return refs.every((i) => i >= width) ? 'right' : undefined;
}

/**
 * A join from already split parts: `keys` per side, `residual` over the output columns.
 * Derives the schema (the non-preserved side of an outer join becomes nullable) and props.
 */
export function makeJoinFromParts(
  joinType: JoinKind, left: LogicalPlan, right: LogicalPlan, keys: readonly JoinKey[], residual: BoundExpr | undefined,
  asof?: AsOfCondition,
): Join {
  const padLeft = joinType === 'right' || joinType === 'full';
  const padRight = joinType === 'left' || joinType === 'full' || joinType === 'asof-left';
  const isAsOf = joinType === 'asof' || joinType === 'asof-left';
  const fields = [
    ...left.schema.fields.map((f) => (padLeft ? field(f.name, f.type, true) : f)),
    ...right.schema.fields.map((f) => (padRight ? field(f.name, f.type, true) : f)),
  ];
  const width = left.schema.fields.length;
  // A key column keeps its watermark when the other side's column it equals has one too:
  // an output row then carries a value both sides vouch for (window joins). Other event-time
  // columns lose it, as a row may be emitted long after its time when a late match arrives.
  const watermarkColumns = new Set<number>();
  // an ASOF join re-pairs old left rows whenever a closer right row arrives: no guarantee
  for (const k of isAsOf ? [] : keys) {
    if (k.left.kind !== 'InputRef' || k.right.kind !== 'InputRef') continue;
    if (!left.props.watermarkColumns.includes(k.left.index) || !right.props.watermarkColumns.includes(k.right.index)) continue;
    if (!padLeft) watermarkColumns.add(k.left.index);
    if (!padRight) watermarkColumns.add(width + k.right.index);
  }
  if (!isAsOf) for (const c of timeBoundedColumns(left, right, residual, padLeft, padRight)) watermarkColumns.add(c);
  return Object.freeze({
    kind: 'Join',
    joinType,
    left,
    right,
    keys,
    ...(residual ? { residual } : {}),
    ...(asof ? { asof } : {}),
    schema: schemaOf(fields),
    props: {
      appendOnly: joinType === 'inner' && left.props.appendOnly && right.props.appendOnly,
      bounded: left.props.bounded && right.props.bounded,
      watermarkColumns: [...watermarkColumns].sort((a, b) => a - b),
    },
  });
}

/**
 * Output columns of a join of `left` and `right` that keep their watermark because `condition`
 * bounds them below by a watermarked column of the other side (`l.ts >= r.ts`, an interval
 * join): a late match pairs a new row of the other side, at or after the watermark, with a row
 * no older than it. A NULL-padded side keeps none.
 */
export function timeBoundedColumns(
  left: LogicalPlan, right: LogicalPlan, condition: BoundExpr | undefined, padLeft: boolean, padRight: boolean,
): number[] {
  const width = left.schema.fields.length;
  const out: number[] = [];
  for (const b of residualTimeBounds(condition, width)) {
    if (!left.props.watermarkColumns.includes(b.left) || !right.props.watermarkColumns.includes(b.right)) continue;
    const lagLeft = watermarkLagUs(left, b.left) ?? 0;
    const lagRight = watermarkLagUs(right, b.right) ?? 0;
    if (!padLeft && b.lo >= lagRight - lagLeft) out.push(b.left);
    if (!padRight && -b.hi >= lagLeft - lagRight) out.push(width + b.right);
  }
  return out;
}

/** `l = r` with one side over the left input only and the other over the right only. */
function asKey(c: BoundExpr, width: number): JoinKey | undefined {
  if (c.kind !== 'Call' || c.fn !== 'equal' || !isDeterministic(c)) return undefined;
  const [a, b] = c.args as [BoundExpr, BoundExpr];
  const [sa, sb] = [sideOf(a, width), sideOf(b, width)];
  const shift = (e: BoundExpr): BoundExpr => remapInputs(e, (i) => i - width);
  if (sa === 'left' && sb === 'right') return { left: a, right: shift(b) };
  if (sa === 'right' && sb === 'left') return { left: b, right: shift(a) };
  return undefined;
}
