/**
 * fold-constants: evaluates literal-only expressions at plan time, simplifies boolean logic
 * with a constant side (`x AND true` -> x, `false AND x` -> false, `x OR true` -> true),
 * prunes CASE branches with constant conditions, and removes filters that are always true.
 * A literal cast that would fail is left for the engine (the binder already rejected the ones
 * the user wrote).
 */
import { mapExpr } from '../../binder/bound-expr-utils.js';
import { foldToLiteral } from '../../binder/const-eval.js';
import { type BoundExpr, literal } from '../../plan/bound-expr.js';
import type { LogicalPlan } from '../../plan/logical-plan.js';
import { transformUp } from '../../plan/plan-utils.js';
import { T } from '../../types/data-type.js';
import { mapNodeExprs } from '../node-exprs.js';
import type { OptimizerRule } from '../rule.js';

/** The fold-constants rule. */
export const foldConstants: OptimizerRule = {
  name: 'fold-constants',
  apply: (plan) => transformUp(plan, foldNode),
};

function foldNode(node: LogicalPlan): LogicalPlan | undefined {
  const folded = mapNodeExprs(node, foldExpr);
  if (folded.kind === 'Filter' && isTrue(folded.predicate)) return folded.input;
  if (folded.kind === 'Scan' && folded.filter && isTrue(folded.filter)) {
    const { filter: _dropped, ...rest } = folded;
    return rest;
  }
  return folded === node ? undefined : folded;
}

/** `expr` with constant parts evaluated and boolean identities applied; itself if unchanged. */
export function foldExpr(expr: BoundExpr): BoundExpr {
  return mapExpr(expr, (e) => {
    if (e.kind === 'Literal' || e.kind === 'InputRef') return undefined;
    const simplified = simplify(e);
    if (simplified) return simplified;
    const children = e.kind === 'Call' ? e.args : e.kind === 'Cast' ? [e.operand] : [];
    if (e.kind !== 'Case' && !children.every((c) => c.kind === 'Literal')) return undefined;
    try {
      return foldToLiteral(e);
    } catch {
      return undefined; // e.g. an invalid cast: the engine reports it per row
    }
  });
}

function simplify(e: BoundExpr): BoundExpr | undefined {
  if (e.kind === 'Call' && (e.fn === 'and' || e.fn === 'or') && e.args.length === 2) {
    const [a, b] = e.args as [BoundExpr, BoundExpr];
    const absorbing = e.fn === 'and' ? isFalse : isTrue;
    const neutral = e.fn === 'and' ? isTrue : isFalse;
    if (absorbing(a) || absorbing(b)) return literal(e.fn === 'or', T.boolean);
    if (neutral(a)) return b;
    if (neutral(b)) return a;
    return undefined;
  }
  if (e.kind === 'Call' && e.fn === 'not' && e.args[0]?.kind === 'Call' && e.args[0].fn === 'not') return e.args[0].args[0];
  if (e.kind === 'Case') {
    const whens = e.whens.filter((w) => !(w.when.kind === 'Literal' && w.when.value !== true));
    const firstTrue = whens.findIndex((w) => isTrue(w.when));
    if (firstTrue === 0) return whens[0]!.then;
    if (whens.length === 0) return e.else;
    if (firstTrue > 0) return { ...e, whens: whens.slice(0, firstTrue), else: whens[firstTrue]!.then };
    return whens.length === e.whens.length ? undefined : { ...e, whens };
  }
  return undefined;
}

function isTrue(e: BoundExpr): boolean {
  return e.kind === 'Literal' && e.value === true;
}

function isFalse(e: BoundExpr): boolean {
  return e.kind === 'Literal' && e.value === false;
}
