/**
 * The part of prune-columns for Union, SemiJoin and SingleJoin. Each function takes the rule's
 * recursive `prune` so the walk stays in one place. A Union's inputs are cut to exactly the
 * kept columns (a Project where an input kept more, e.g. a scan's watermark column), so
 * every input still has the same columns; join keys are always read.
 */
import { inputRef } from '../../plan/bound-expr.js';
import type { LogicalPlan, SemiJoin, SingleJoin, Union } from '../../plan/logical-plan.js';
import { makeProject } from '../../binder/plan-nodes.js';
import { makeSemiJoin, makeSingleJoin, makeUnion } from '../../binder/relational-nodes.js';
import { schemaOf } from '../../types/schema.js';

/** A pruned node and where each old output column went (-1: dropped). */
export interface PrunedPlan {
  readonly plan: LogicalPlan;
  readonly mapping: readonly number[];
}

/** The rule's recursion: prune `plan` to (at least) the `required` output columns. */
export type PruneFn = (plan: LogicalPlan, required: ReadonlySet<number>) => PrunedPlan;

/** Keeps the required columns of every input, at least one. */
export function pruneUnion(plan: Union, required: ReadonlySet<number>, prune: PruneFn): PrunedPlan {
  const width = plan.schema.fields.length;
  const kept = [...required].filter((i) => i < width).sort((a, b) => a - b);
  const keep = kept.length > 0 || width === 0 ? kept : [0];
  const inputs = plan.inputs.map((input) => {
    const child = prune(input, new Set(keep));
    const exact = child.plan.schema.fields.length === keep.length && keep.every((old, i) => child.mapping[old] === i);
    if (exact) return child.plan;
    const exprs = keep.map((old) => inputRef(child.mapping[old]!, input.schema.fields[old]!.type));
    return makeProject(child.plan, exprs, keep.map((old) => input.schema.fields[old]!.name));
  });
  if (keep.length === width && inputs.every((c, i) => c === plan.inputs[i])) return identity(plan);
  const mapping = new Array<number>(width).fill(-1);
  keep.forEach((old, i) => (mapping[old] = i));
  return { plan: renamedLike(makeUnion(inputs), plan, keep), mapping };
}

/** The output is the left side's: prune it to what is read plus the keys; the right to its keys. */
export function pruneSemiJoin(plan: SemiJoin, required: ReadonlySet<number>, prune: PruneFn): PrunedPlan {
  const left = prune(plan.left, new Set([...required, ...plan.leftKeys]));
  const right = prune(plan.right, new Set(plan.rightKeys));
  if (left.plan === plan.left && right.plan === plan.right) return identity(plan);
  const node = makeSemiJoin(plan.joinKind, left.plan, right.plan, plan.leftKeys.map((k) => left.mapping[k]!), plan.rightKeys.map((k) => right.mapping[k]!));
  return { plan: node, mapping: left.mapping };
}

/** Left: what is read plus the keys; right: its keys and the columns it contributes (all kept). */
export function pruneSingleJoin(plan: SingleJoin, required: ReadonlySet<number>, prune: PruneFn): PrunedPlan {
  const leftWidth = plan.left.schema.fields.length;
  const left = prune(plan.left, new Set([...[...required].filter((i) => i < leftWidth), ...plan.leftKeys]));
  const right = prune(plan.right, new Set([...plan.rightKeys, ...plan.rightColumns]));
  if (left.plan === plan.left && right.plan === plan.right) return identity(plan);
  const at = (m: readonly number[]) => (k: number): number => m[k]!;
  const node = makeSingleJoin(left.plan, right.plan, plan.leftKeys.map(at(left.mapping)), plan.rightKeys.map(at(right.mapping)), plan.rightColumns.map(at(right.mapping)));
  const newLeftWidth = left.plan.schema.fields.length;
  return { plan: node, mapping: [...left.mapping, ...plan.rightColumns.map((_, j) => newLeftWidth + j)] };
}

function identity(plan: LogicalPlan): PrunedPlan {
  return { plan, mapping: plan.schema.fields.map((_, i) => i) };
}

/** A rebuilt Union keeps the original's column names (its first input may have been rewritten). */
function renamedLike(node: Union, original: Union, keep: readonly number[]): Union {
  const fields = node.schema.fields.map((f, i) => ({ ...f, name: original.schema.fields[keep[i]!]!.name }));
  return Object.freeze({ ...node, schema: schemaOf(fields) });
}
