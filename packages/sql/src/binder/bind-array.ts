/**
 * `ARRAY[a, b, ...]`: the elements are coerced to their common type (untyped literals and
 * NULLs take it; an array of NULLs only is VARCHAR[], as in PostgreSQL's text[]) and become
 * the canonical call `array`.
 */
import type { ArrayExpr, Expr } from '../ast/expr.js';
import { SqlError } from '../errors.js';
import { type BoundExpr, call } from '../plan/bound-expr.js';
import { listOf, T, typeName } from '../types/data-type.js';
import { commonType } from './coercion.js';
import { isUntyped } from './expr-origin.js';
import { coerceTo } from './resolve-call.js';
import { unsupported } from './unsupported.js';

/** Binds `ARRAY[...]`; `bind` binds one element in the caller's context. */
export function bindArray(expr: ArrayExpr, bind: (e: Expr) => BoundExpr): BoundExpr {
  if (expr.elements.length === 0) throw unsupported('an empty ARRAY[] (its element type is unknown)', expr.pos);
  const elements = expr.elements.map(bind);
  let element = commonType(elements.map((e) => ({ type: e.type, untyped: isUntyped(e) })));
  if (!element) {
    throw new SqlError('type-mismatch', `ARRAY elements mix ${elements.map((e) => typeName(e.type)).join(', ')}`, expr.pos);
  }
  if (element.kind === 'scalar' && element.name === 'NULL') element = T.varchar;
  const target = element;
  return call('array', elements.map((e, i) => coerceTo(e, target, expr.elements[i]!.pos ?? expr.pos)), listOf(target));
}
