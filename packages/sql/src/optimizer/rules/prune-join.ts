/**
 * The part of prune-columns for Join: each side keeps the columns read above the join, by its
 * keys, by its residual and by an ASOF join's inequality; the join's output is then the kept left columns followed by the
 * kept right ones.
 */
import { collectInputRefs, remapInputs } from '../../binder/bound-expr-utils.js';
import { makeJoinFromParts } from '../../binder/join-node.js';
import type { Join, LogicalPlan } from '../../plan/logical-plan.js';

/** A pruned node and where each old output column went (-1: dropped). */
export interface PrunedJoinInput {
  readonly plan: LogicalPlan;
  readonly mapping: readonly number[];
}

/** The rule's recursion: prune `plan` to (at least) the `required` output columns. */
export type PruneJoinInput = (plan: LogicalPlan, required: ReadonlySet<number>) => PrunedJoinInput;

/** `join` over pruned inputs, and where each of its old output columns went. */
export function pruneJoin(join: Join, required: ReadonlySet<number>, prune: PruneJoinInput): PrunedJoinInput {
  const width = join.left.schema.fields.length;
  const used = new Set(required);
  if (join.residual) collectInputRefs(join.residual, used);
  const leftUsed = new Set([...used].filter((i) => i < width));
  const rightUsed = new Set([...used].filter((i) => i >= width).map((i) => i - width));
  for (const k of join.asof ? [...join.keys, join.asof] : join.keys) {
    collectInputRefs(k.left, leftUsed);
    collectInputRefs(k.right, rightUsed);
  }
  const left = prune(join.left, leftUsed);
  const right = prune(join.right, rightUsed);
  if (left.plan === join.left && right.plan === join.right) {
    return { plan: join, mapping: join.schema.fields.map((_, i) => i) };
  }
  const newWidth = left.plan.schema.fields.length;
  const mapping = [...left.mapping, ...right.mapping.map((m) => (m < 0 ? -1 : m + newWidth))];
  const at = (m: readonly number[]) => (i: number): number => m[i] ?? -1;
  const keys = join.keys.map((k) => ({ left: remapInputs(k.left, at(left.mapping)), right: remapInputs(k.right, at(right.mapping)) }));
  const residual = join.residual ? remapInputs(join.residual, at(mapping)) : undefined;
  const asof = join.asof
    ? { ...join.asof, left: remapInputs(join.asof.left, at(left.mapping)), right: remapInputs(join.asof.right, at(right.mapping)) }
    : undefined;
  return { plan: makeJoinFromParts(join.joinType, left.plan, right.plan, keys, residual, asof), mapping };
}
