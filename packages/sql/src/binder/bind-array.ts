/**
 * `ARRAY[a, b, ...]`: the elements are coerced to their common type (untyped literals and
 * NULLs take it; an array of NULLs only is VARCHAR[], as in PostgreSQL's text[]) and become
 * the canonical call `array`. An empty `ARRAY[]` takes its type from a cast around it
 * (`ARRAY[]::INT[]`), as in PostgreSQL; without one its type is unknown.
 */
import type { ArrayExpr, Expr } from '../ast/expr.js';
import { SqlError } from '../errors.js';
import { type BoundExpr, call, literal } from '../plan/bound-expr.js';
import { type DataType, listOf, T, typeName } from '../types/data-type.js';
import { commonType } from './coercion.js';
import { isUntyped } from './expr-origin.js';
import { coerceTo } from './resolve-call.js';

/** `ARRAY[]::T[]`: the empty array of the cast's type, or undefined for any other cast. */
export function emptyArrayCast(operand: Expr, type: DataType): BoundExpr | undefined {
  if (operand.kind !== 'Array' || operand.elements.length > 0 || type.kind !== 'list') return undefined;
  return literal([], type);
}

/** Binds `ARRAY[...]`; `bind` binds one element in the caller's context. */
export function bindArray(expr: ArrayExpr, bind: (e: Expr) => BoundExpr): BoundExpr {
  if (expr.elements.length === 0) {
    throw new SqlError('type-mismatch', 'cannot determine the type of an empty ARRAY[]', expr.pos, 'cast it to the array type: ARRAY[]::INT[]');
  }
  const elements = expr.elements.map(bind);
  let element = commonType(elements.map((e) => ({ type: e.type, untyped: isUntyped(e) })));
  if (!element) {
    throw new SqlError('type-mismatch', `ARRAY elements mix ${elements.map((e) => typeName(e.type)).join(', ')}`, expr.pos);
  }
  if (element.kind === 'scalar' && element.name === 'NULL') element = T.varchar;
  const target = element;
  return call('array', elements.map((e, i) => coerceTo(e, target, expr.elements[i]!.pos ?? expr.pos)), listOf(target));
}
