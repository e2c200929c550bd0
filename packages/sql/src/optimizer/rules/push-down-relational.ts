/**
 * The part of push-down-filter for Union, SemiJoin and SingleJoin. A filter over a Union
 * applies to every input (columns are at the same positions in each); over a SemiJoin it
 * reads only left columns and moves to the left input; over a SingleJoin the conjuncts that
 * read only left columns move to the left input. Non-deterministic conjuncts stay.
 */
import { collectInputRefs, conjoin, isDeterministic } from '../../binder/bound-expr-utils.js';
import { makeFilter } from '../../binder/plan-nodes.js';
import { makeUnion } from '../../binder/relational-nodes.js';
import type { BoundExpr } from '../../plan/bound-expr.js';
import type { Filter, LogicalPlan, SemiJoin, SingleJoin, Union } from '../../plan/logical-plan.js';

/** Places a Filter of conjuncts over an input, itself pushed down as far as it goes. */
export type PlaceFn = (input: LogicalPlan, conjuncts: readonly BoundExpr[]) => LogicalPlan;

/** The filter pushed into `input`, or `undefined` when nothing moves. */
export function pushIntoRelational(filter: Filter, input: Union | SemiJoin | SingleJoin, conjuncts: readonly BoundExpr[], place: PlaceFn): LogicalPlan | undefined {
  const leftWidth = input.kind === 'Union' ? Infinity : input.left.schema.fields.length;
  const below = conjuncts.filter((c) => isDeterministic(c) && [...collectInputRefs(c)].every((i) => i < leftWidth));
  if (below.length === 0) return undefined;
  const above = conjuncts.filter((c) => !below.includes(c));
  let rebuilt: LogicalPlan;
  if (input.kind === 'Union') {
    const union = makeUnion(input.inputs.map((i) => place(i, below)));
    rebuilt = Object.freeze({ ...union, schema: input.schema });
  } else {
    rebuilt = { ...input, left: place(input.left, below) };
  }
  return above.length > 0 ? makeFilter(rebuilt, conjoin(above)) : rebuilt;
}
