/**
 * Rewriting AST expressions: `mapExprAst` rebuilds an expression top-down, letting a callback
 * replace any node (its children are then not visited). Subquery bodies are not entered:
 * they are their own scope.
 */
import type { Expr } from '../ast/expr.js';

/** `expr` with every node `fn` replaces swapped for the replacement; `expr` itself when none is. */
export function mapExprAst(expr: Expr, fn: (e: Expr) => Expr | undefined): Expr {
  const replaced = fn(expr);
  if (replaced) return replaced;
  const m = (e: Expr): Expr => mapExprAst(e, fn);
  const mo = (e: Expr | undefined): Expr | undefined => (e ? m(e) : undefined);
  switch (expr.kind) {
    case 'Literal':
    case 'Interval':
    case 'ColumnRef':
    case 'Star':
    case 'Exists':
    case 'ScalarSubquery':
      return expr;
    case 'Unary':
    case 'IsNull':
    case 'IsBool':
    case 'Cast':
      return { ...expr, operand: m(expr.operand) };
    case 'Binary':
      return { ...expr, left: m(expr.left), right: m(expr.right) };
    case 'Between':
      return { ...expr, operand: m(expr.operand), low: m(expr.low), high: m(expr.high) };
    case 'InList':
      return { ...expr, operand: m(expr.operand), list: expr.list.map(m) };
    case 'InSubquery':
      return { ...expr, operand: m(expr.operand) };
    case 'Case': {
      const operand = mo(expr.operand);
      const otherwise = mo(expr.else);
      return {
        ...expr,
        ...(operand ? { operand } : {}),
        whens: expr.whens.map((w) => ({ when: m(w.when), then: m(w.then) })),
        ...(otherwise ? { else: otherwise } : {}),
      };
    }
    case 'FunctionCall': {
      const filter = mo(expr.filter);
      return { ...expr, args: expr.args.map(m), ...(filter ? { filter } : {}) };
    }
    case 'Array':
      return { ...expr, elements: expr.elements.map(m) };
    default:
      return expr satisfies never;
  }
}

/** Whether `fn` holds for some node of `expr` (not entering subqueries). */
export function someExprAst(expr: Expr, fn: (e: Expr) => boolean): boolean {
  let found = false;
  mapExprAst(expr, (e) => {
    if (!found && fn(e)) found = true;
    return found ? e : undefined;
  });
  return found;
}

/** The AND-ed parts of a condition. */
export function splitAnd(expr: Expr): Expr[] {
  return expr.kind === 'Binary' && expr.op === 'AND' ? [...splitAnd(expr.left), ...splitAnd(expr.right)] : [expr];
}

/** The conjunction of `parts` (undefined when empty). */
export function joinAnd(parts: readonly Expr[]): Expr | undefined {
  return parts.reduce<Expr | undefined>((acc, p) => (acc ? { kind: 'Binary', op: 'AND', left: acc, right: p, ...(acc.pos ? { pos: acc.pos } : {}) } : p), undefined);
}
