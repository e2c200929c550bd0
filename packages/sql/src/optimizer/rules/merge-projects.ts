/**
 * merge-projects: a Project over a Project becomes one Project (the outer expressions with
 * the inner ones substituted), unless that would compute a non-trivial inner expression more
 * than once or duplicate a non-deterministic one; a Project that passes its input through
 * unchanged, with the same names, is removed.
 */
import { exprChildren, isDeterministic, substituteInputs } from '../../binder/bound-expr-utils.js';
import { makeProject } from '../../binder/plan-nodes.js';
import type { BoundExpr } from '../../plan/bound-expr.js';
import type { LogicalPlan, Project } from '../../plan/logical-plan.js';
import { transformUp } from '../../plan/plan-utils.js';
import type { OptimizerRule } from '../rule.js';

/** The merge-projects rule. */
export const mergeProjects: OptimizerRule = {
  name: 'merge-projects',
  apply: (plan) =>
    transformUp(plan, (node): LogicalPlan | undefined => {
      if (node.kind !== 'Project') return undefined;
      if (isIdentity(node)) return node.input;
      if (node.input.kind !== 'Project' || !canMerge(node, node.input)) return undefined;
      const inner = node.input;
      const exprs = node.exprs.map((e) => substituteInputs(e, inner.exprs));
      return makeProject(inner.input, exprs, node.schema.fields.map((f) => f.name));
    }),
};

function isIdentity(p: Project): boolean {
  const input = p.input.schema.fields;
  return p.exprs.length === input.length &&
    p.exprs.every((e, i) => e.kind === 'InputRef' && e.index === i && p.schema.fields[i]!.name === input[i]!.name);
}

function canMerge(outer: Project, inner: Project): boolean {
  const uses = new Map<number, number>();
  for (const e of outer.exprs) countRefs(e, uses);
  for (const [index, count] of uses) {
    const e = inner.exprs[index]!;
    const trivial = e.kind === 'InputRef' || e.kind === 'Literal';
    if (!isDeterministic(e) && count > 1) return false;
    if (!trivial && count > 1) return false;
  }
  return true;
}

function countRefs(e: BoundExpr, into: Map<number, number>): void {
  if (e.kind === 'InputRef') into.set(e.index, (into.get(e.index) ?? 0) + 1);
  for (const c of exprChildren(e)) countRefs(c, into);
}

