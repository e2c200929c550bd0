/**
 * Resolves a call of a canonical function over bound arguments: picks the overload, casts the
 * arguments to its types (literals right away) and types the result.
 */
import { type SourcePosition, SqlError } from '../errors.js';
import { type BoundExpr, call, literal } from '../plan/bound-expr.js';
import { type DataType, typeEquals, typeName } from '../types/data-type.js';
import { implicitCastCost } from './coercion.js';
import { isUntyped, positionOf } from './expr-origin.js';
import { acceptsArity, formatOverload, lookupFunction, resolveOverload } from './function-registry.js';
import { castValue } from './value-cast.js';

/** Runs `fn`, giving a position-less SqlError it throws the position `pos`. */
export function withPosition<R>(pos: SourcePosition | undefined, fn: () => R): R {
  try {
    return fn();
  } catch (e) {
    if (e instanceof SqlError && !e.position && pos) throw new SqlError(e.code, e.message, pos, e.hint);
    throw e;
  }
}

/**
 * The call of `fn` (a canonical name) with `args` cast to the best overload's types.
 * `display` is how the user wrote it (`+`, `IN`) for messages. Throws `function-not-found`,
 * `wrong-argument-count`, `type-mismatch` or `invalid-cast`.
 */
export function resolveCall(fn: string, args: readonly BoundExpr[], pos: SourcePosition | undefined, display?: string): BoundExpr {
  const def = lookupFunction(fn);
  if (!def) throw new SqlError('function-not-found', `function ${fn} does not exist`, pos);
  const shown = display ?? def.name;
  if (!acceptsArity(def, args.length)) {
    const arities = [...new Set(def.overloads.map((o) => (o.variadic ? `${o.args.length}+` : String(o.args.length))))];
    throw new SqlError('wrong-argument-count', `${shown} takes ${arities.join(' or ')} argument(s), got ${args.length}`, pos);
  }
  const resolved = resolveOverload(def, args.map((a) => ({ type: a.type, untyped: isUntyped(a) })));
  if (!resolved) {
    const got = args.map((a) => typeName(a.type)).join(', ');
    const options = def.overloads.slice(0, 4).map((o) => formatOverload(def.name, o, typeName)).join(', ');
    const message = display && display !== def.name
      ? `operator ${display} cannot be applied to ${got}`
      : `function ${def.name}(${got}) does not exist`;
    throw new SqlError('type-mismatch', message, pos, `expected ${options}${def.overloads.length > 4 ? ', ...' : ''}`);
  }
  const castArgs = args.map((a, i) => coerceTo(a, resolved.argTypes[i]!, pos));
  return call(def.name, castArgs, resolved.overload.result);
}

/**
 * `expr` as type `type` by implicit coercion: unchanged when equal, literals converted now,
 * others wrapped in a Cast. Throws `type-mismatch` when no implicit coercion exists.
 */
export function coerceTo(expr: BoundExpr, type: DataType, fallbackPos: SourcePosition | undefined): BoundExpr {
  if (typeEquals(expr.type, type)) return expr;
  const pos = positionOf(expr) ?? fallbackPos;
  if (implicitCastCost({ type: expr.type, untyped: isUntyped(expr) }, type) === undefined) {
    throw new SqlError('type-mismatch', `expected ${typeName(type)}, got ${typeName(expr.type)}`, pos);
  }
  if (expr.kind === 'Literal') return withPosition(pos, () => literal(castValue(expr.value, expr.type, type), type));
  return { kind: 'Cast', operand: expr, type };
}
