/**
 * Side tables about bound expressions that the plan does not carry: which literals are still
 * untyped (a string or NULL literal, which may take the type its context asks for) and which
 * column reference an `InputRef` came from (for error messages). Weak maps keyed by node
 * identity, so nothing leaks and the plan stays plain data.
 */
import type { ColumnRefExpr } from '../ast/expr.js';
import type { SourcePosition } from '../errors.js';
import type { BoundExpr } from '../plan/bound-expr.js';

const untyped = new WeakSet<BoundExpr>();
const origins = new WeakMap<BoundExpr, ColumnRefExpr>();
const positions = new WeakMap<BoundExpr, SourcePosition>();

/** Marks `expr` (a fresh literal node) as an untyped literal and returns it. */
export function markUntyped<E extends BoundExpr>(expr: E): E {
  untyped.add(expr);
  return expr;
}

/** Whether `expr` is an untyped string or NULL literal. */
export function isUntyped(expr: BoundExpr): boolean {
  return untyped.has(expr);
}

/** Records that `expr` was bound from the column reference `ref` and returns it. */
export function recordOrigin<E extends BoundExpr>(expr: E, ref: ColumnRefExpr): E {
  origins.set(expr, ref);
  return expr;
}

/** The column reference `expr` was bound from, if any. */
export function originOf(expr: BoundExpr): ColumnRefExpr | undefined {
  return origins.get(expr);
}

/** Records where in the text `expr` was written (if known) and returns it. */
export function recordPosition<E extends BoundExpr>(expr: E, pos: SourcePosition | undefined): E {
  if (pos) positions.set(expr, pos);
  return expr;
}

/** Where `expr` was written, if recorded. */
export function positionOf(expr: BoundExpr): SourcePosition | undefined {
  return positions.get(expr) ?? origins.get(expr)?.pos;
}
