/**
 * Structural helpers over the logical plan: the one place that knows which nodes have which
 * inputs. Every pass that walks a plan goes through `children` / `withChildren`, so adding a
 * node kind means fixing the two switches below (the compiler points at them).
 */
import { InternalError } from '../errors.js';
import type { LogicalPlan } from './logical-plan.js';

/** The inputs of `plan`, in order (empty for leaves). */
export function children(plan: LogicalPlan): readonly LogicalPlan[] {
  switch (plan.kind) {
    case 'Scan':
    case 'Values':
      return [];
    case 'Filter':
    case 'Project':
    case 'ProjectSet':
    case 'WindowTvf':
    case 'Aggregate':
    case 'TopN':
    case 'OverWindow':
    case 'EowcSort':
      return [plan.input];
    case 'Union':
      return plan.inputs;
    case 'SemiJoin':
    case 'SingleJoin':
    case 'Join':
      return [plan.left, plan.right];
    default:
      return plan satisfies never;
  }
}

/**
 * A copy of `plan` with its inputs replaced, keeping every other field (schema and props
 * included: the caller guarantees the new inputs have the same output schema). Returns `plan`
 * itself when every new child is the old one, so unchanged trees stay reference-equal.
 */
export function withChildren(plan: LogicalPlan, newChildren: readonly LogicalPlan[]): LogicalPlan {
  const old = children(plan);
  if (old.length !== newChildren.length) {
    throw new InternalError(`${plan.kind} has ${old.length} inputs, got ${newChildren.length}`);
  }
  if (old.every((c, i) => c === newChildren[i])) return plan;
  switch (plan.kind) {
    case 'Scan':
    case 'Values':
      return plan;
    case 'Filter':
    case 'Project':
    case 'ProjectSet':
    case 'WindowTvf':
    case 'Aggregate':
    case 'TopN':
    case 'OverWindow':
    case 'EowcSort':
      return { ...plan, input: newChildren[0]! };
    case 'Union':
      return { ...plan, inputs: newChildren };
    case 'SemiJoin':
    case 'SingleJoin':
    case 'Join':
      return { ...plan, left: newChildren[0]!, right: newChildren[1]! };
    default:
      return plan satisfies never;
  }
}

/**
 * Rewrites a plan bottom-up: `rewrite` sees each node after its inputs were rewritten and
 * returns a replacement or `undefined` to keep it. Returns `undefined` when nothing changed.
 */
export function transformUp(
  plan: LogicalPlan,
  rewrite: (node: LogicalPlan) => LogicalPlan | undefined,
): LogicalPlan | undefined {
  const oldChildren = children(plan);
  const newChildren = oldChildren.map((c) => transformUp(c, rewrite) ?? c);
  const rebuilt = withChildren(plan, newChildren);
  const replaced = rewrite(rebuilt) ?? rebuilt;
  return replaced === plan ? undefined : replaced;
}

/**
 * Rewrites a plan top-down: `rewrite` sees each node before its inputs, and the inputs of
 * whatever it returns are then visited. Returns `undefined` when nothing changed.
 */
export function transformDown(
  plan: LogicalPlan,
  rewrite: (node: LogicalPlan) => LogicalPlan | undefined,
): LogicalPlan | undefined {
  const node = rewrite(plan) ?? plan;
  const newChildren = children(node).map((c) => transformDown(c, rewrite) ?? c);
  const rebuilt = withChildren(node, newChildren);
  return rebuilt === plan ? undefined : rebuilt;
}
