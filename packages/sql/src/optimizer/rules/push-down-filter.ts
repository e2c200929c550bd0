/**
 * push-down-filter: moves each conjunct of a Filter as close to the data as it can go —
 * through a Project (substituting the projected expressions), through a ProjectSet (when it
 * reads only pass-through columns), through a WindowTvf (when it reads only input columns;
 * for a session window only its partition keys),
 * below an Aggregate (when it reads only group keys), below a TopN or OverWindow (when it reads
 * only partition keys), into and below joins (push-down-join.ts), merging adjacent Filters, and finally
 * into the Scan's `filter` so a source can skip rows early. Conjuncts that cannot move stay
 * in a Filter where they were.
 */
import { collectInputRefs, conjoin, isDeterministic, splitConjunction, substituteInputs } from '../../binder/bound-expr-utils.js';
import { makeFilter } from '../../binder/plan-nodes.js';
import type { BoundExpr } from '../../plan/bound-expr.js';
import type { Filter, LogicalPlan } from '../../plan/logical-plan.js';
import { transformUp, withChildren } from '../../plan/plan-utils.js';
import type { OptimizerRule } from '../rule.js';
import { pushIntoRelational } from './push-down-relational.js';
import { pushFilterIntoJoin, pushJoinCondition } from './push-down-join.js';

/** The push-down-filter rule. */
export const pushDownFilter: OptimizerRule = {
  name: 'push-down-filter',
  apply: (plan) => transformUp(plan, (node) => {
    if (node.kind === 'Filter') return pushFilter(node);
    return node.kind === 'Join' ? pushJoinCondition(node, place) : undefined;
  }),
};

/** Where one conjunct can go below a node: its rewritten form, or `undefined` to stay. */
type Translate = (conjunct: BoundExpr) => BoundExpr | undefined;

function pushFilter(filter: Filter): LogicalPlan | undefined {
  const input = filter.input;
  const conjuncts = splitConjunction(filter.predicate);
  switch (input.kind) {
    case 'Filter':
      return place(input.input, [...splitConjunction(input.predicate), ...conjuncts]);
    case 'Scan': {
      const predicate = conjoin([...(input.filter ? splitConjunction(input.filter) : []), ...conjuncts]);
      return { ...input, filter: predicate };
    }
    case 'Project':
      return pushThrough(filter, conjuncts, (c) => {
        const exprs = [...collectInputRefs(c)].map((i) => input.exprs[i]!);
        return exprs.every(isDeterministic) ? substituteInputs(c, input.exprs) : undefined;
      });
    case 'ProjectSet':
      return pushThrough(filter, conjuncts, (c) => {
        const refs = [...collectInputRefs(c)];
        const scalars = input.exprs.map((item) => (item.kind === 'scalar' ? item.expr : undefined));
        if (!refs.every((i) => scalars[i] && isDeterministic(scalars[i]!))) return undefined;
        return substituteInputs(c, scalars.map((e) => e ?? c));
      });
    case 'WindowTvf': {
      const width = input.input.schema.fields.length;
      // a session depends on every row of its partition: only a partition-key filter may go below it
      const w = input.window;
      const movable = (i: number): boolean => (w.kind === 'session' ? w.partitionBy.includes(i) : i < width);
      return pushThrough(filter, conjuncts, (c) => ([...collectInputRefs(c)].every(movable) ? c : undefined));
    }
    case 'Aggregate': {
      const keys = input.groupKeys;
      return pushThrough(filter, conjuncts, (c) => {
        if (![...collectInputRefs(c)].every((i) => i < keys.length)) return undefined;
        return substituteInputs(c, keys.map((k, i) => ({ kind: 'InputRef', index: k, type: input.schema.fields[i]!.type })));
      });
    }
    case 'TopN':
    case 'OverWindow': {
      // a predicate on partition keys only keeps or drops whole partitions: it commutes
      const keys = new Set(input.partitionKeys);
      return pushThrough(filter, conjuncts, (c) => ([...collectInputRefs(c)].every((i) => keys.has(i)) ? c : undefined));
    }
    case 'Values':
      return undefined;
    case 'EowcSort':
      // a row-wise predicate commutes with holding rows back
      return pushThrough(filter, conjuncts, (c) => c);
    case 'Union':
    case 'SemiJoin':
    case 'SingleJoin':
      return pushIntoRelational(filter, input, conjuncts, place);
    case 'Join':
      return pushFilterIntoJoin(input, conjuncts, place);
    default:
      return input satisfies never;
  }
}

/** Moves the conjuncts `translate` accepts below the filter's input; the rest stay above. */
function pushThrough(filter: Filter, conjuncts: readonly BoundExpr[], translate: Translate): LogicalPlan | undefined {
  const below: BoundExpr[] = [];
  const above: BoundExpr[] = [];
  for (const c of conjuncts) {
    const moved = isDeterministic(c) ? translate(c) : undefined;
    if (moved) below.push(moved);
    else above.push(c);
  }
  if (below.length === 0) return undefined;
  const child = filter.input;
  const grandchild = place(childInput(child), below);
  const rebuilt = withChildren(child, [grandchild]);
  return above.length > 0 ? makeFilter(rebuilt, conjoin(above)) : rebuilt;
}

/** A Filter of `conjuncts` over `input`, itself pushed down as far as it goes. */
function place(input: LogicalPlan, conjuncts: readonly BoundExpr[]): LogicalPlan {
  const filter = makeFilter(input, conjoin(conjuncts));
  return pushFilter(filter) ?? filter;
}

function childInput(node: LogicalPlan): LogicalPlan {
  if (!('input' in node)) throw new Error(`${node.kind} has no single input`);
  return node.input;
}
