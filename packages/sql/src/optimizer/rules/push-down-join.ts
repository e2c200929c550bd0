/**
 * The part of push-down-filter for Join. A filter over a join sends each conjunct to the side
 * it reads — but only to a side whose rows the join preserves as they are (either side of an
 * inner join, the left of a LEFT join, the right of a RIGHT join): below the NULL-padded side
 * of an outer join a filter would turn removed rows into padded ones. An ASOF join preserves
 * its left rows only: a filter on its right side would change which right row is closest. Conjuncts reading both
 * sides of an inner join join its condition, where equalities become keys (`makeJoin`).
 *
 * A join's own condition pushes the other way: a conjunct of an inner join's ON reading one
 * side only filters that side; in an outer join only the padded side's conjuncts do (the
 * preserved side's rows stay, padded, whatever they say).
 */
import { collectInputRefs, conjoin, isDeterministic, remapInputs, splitConjunction } from '../../binder/bound-expr-utils.js';
import { joinCondition, makeJoin, makeJoinFromParts } from '../../binder/join-node.js';
import { makeFilter } from '../../binder/plan-nodes.js';
import type { BoundExpr } from '../../plan/bound-expr.js';
import type { Join, LogicalPlan } from '../../plan/logical-plan.js';

/** Places a Filter of conjuncts over an input, itself pushed down as far as it goes. */
export type PlaceJoinInput = (input: LogicalPlan, conjuncts: readonly BoundExpr[]) => LogicalPlan;

type Side = 'left' | 'right' | 'both' | 'none';

function sideOf(c: BoundExpr, width: number): Side {
  const refs = [...collectInputRefs(c)];
  if (refs.length === 0) return 'none';
  if (refs.every((i) => i < width)) return 'left';
  return refs.every((i) => i >= width) ? 'right' : 'both';
}

/** The conjuncts of a filter over `join` pushed into and below it; `undefined` when none moves. */
export function pushFilterIntoJoin(join: Join, conjuncts: readonly BoundExpr[], place: PlaceJoinInput): LogicalPlan | undefined {
  const width = join.left.schema.fields.length;
  const toLeft: BoundExpr[] = [];
  const toRight: BoundExpr[] = [];
  const toCondition: BoundExpr[] = [];
  const above: BoundExpr[] = [];
  for (const c of conjuncts) {
    const side = isDeterministic(c) ? sideOf(c, width) : 'none';
    if (side === 'left' && join.joinType !== 'right' && join.joinType !== 'full') toLeft.push(c);
    else if (side === 'right' && (join.joinType === 'inner' || join.joinType === 'right')) toRight.push(remapInputs(c, (i) => i - width));
    else if (side === 'both' && join.joinType === 'inner') toCondition.push(c);
    else above.push(c);
  }
  if (toLeft.length + toRight.length + toCondition.length === 0) return undefined;
  const left = toLeft.length > 0 ? place(join.left, toLeft) : join.left;
  const right = toRight.length > 0 ? place(join.right, toRight) : join.right;
  const existing = joinCondition(join);
  const condition = [...(existing ? [existing] : []), ...toCondition];
  const rebuilt = toCondition.length > 0
    ? makeJoin(join.joinType, left, right, conjoin(condition))
    : makeJoinFromParts(join.joinType, left, right, join.keys, join.residual, join.asof);
  return above.length > 0 ? makeFilter(rebuilt, conjoin(above)) : rebuilt;
}

/** `join` with the one-sided conjuncts of its residual moved below it; `undefined` when none can. */
export function pushJoinCondition(join: Join, place: PlaceJoinInput): LogicalPlan | undefined {
  if (!join.residual || join.joinType === 'full') return undefined;
  const width = join.left.schema.fields.length;
  const toLeft: BoundExpr[] = [];
  const toRight: BoundExpr[] = [];
  const stay: BoundExpr[] = [];
  for (const c of splitConjunction(join.residual)) {
    const side = isDeterministic(c) ? sideOf(c, width) : 'none';
    if (side === 'left' && (join.joinType === 'inner' || join.joinType === 'right')) toLeft.push(c);
    else if (side === 'right' && (join.joinType === 'inner' || join.joinType === 'left')) toRight.push(remapInputs(c, (i) => i - width));
    else stay.push(c);
  }
  if (toLeft.length + toRight.length === 0) return undefined;
  const left = toLeft.length > 0 ? place(join.left, toLeft) : join.left;
  const right = toRight.length > 0 ? place(join.right, toRight) : join.right;
  return makeJoinFromParts(join.joinType, left, right, join.keys, stay.length > 0 ? conjoin(stay) : undefined, join.asof);
}
