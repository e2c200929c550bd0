/**
 * Binds AST expressions to typed `BoundExpr`s over a scope: resolves column names, types
 * literals, lowers operators and SQL forms (BETWEEN, IN, CASE, IS ...) to the canonical calls
 * of docs/functions-contract.md, and inserts the casts those calls need. Aggregate and
 * set-returning calls are handed to collectors the caller supplies; where there is none they
 * are errors.
 */
import type { BinaryOp, CaseExpr, Expr, FunctionCallExpr, LiteralExpr } from '../ast/expr.js';
import { type SourcePosition, SqlError } from '../errors.js';
import { type BoundExpr, call, inputRef, literal } from '../plan/bound-expr.js';
import { type DataType, T, typeEquals, typeName } from '../types/data-type.js';
import { canExplicitCast, commonType } from './coercion.js';
import { coerceTo, resolveCall, withPosition } from './resolve-call.js';
import { isUntyped, markUntyped, recordOrigin, recordPosition } from './expr-origin.js';
import { AGGREGATE_NAMES, functionNames, lookupFunction } from './function-registry.js';
import { parseInterval } from './interval.js';
import type { Scope } from './scope.js';
import { castValue } from './value-cast.js';
import { didYouMean } from './suggest.js';
import { unsupported } from './unsupported.js';
import type { WindowSink } from './bind-over-window.js';
import { bindArray, emptyArrayCast } from './bind-array.js';

/** Receives aggregate calls met while binding and returns the expression standing for each. */
export interface AggregateSink {
  add(call: FunctionCallExpr, bindArg: (e: Expr) => BoundExpr): BoundExpr;
}

/** Receives set-returning calls met while binding and returns the expression standing for each. */
export interface SetFunctionSink {
  add(fn: string, args: readonly BoundExpr[], type: DataType, pos: SourcePosition | undefined): BoundExpr;
}

/** Where an expression is being bound: its names and what it may contain. */
export interface ExprContext {
  readonly scope: Scope;
  /** the clause, for messages: 'WHERE', 'GROUP BY', 'SELECT', ... */
  readonly clause: string;
  readonly aggregates?: AggregateSink;
  readonly sets?: SetFunctionSink;
  /** where window function calls (`f(...) OVER (...)`) go; absent: they are not allowed here */
  readonly windows?: WindowSink;
}

const BINARY_FUNCTIONS: Partial<Record<BinaryOp, string>> = {
  '+': 'add', '-': 'subtract', '*': 'multiply', '/': 'divide', '%': 'modulo',
  '=': 'equal', '<>': 'not_equal', '<': 'less_than', '<=': 'less_than_or_equal', '>': 'greater_than',
  '>=': 'greater_than_or_equal', AND: 'and', OR: 'or', LIKE: 'like', 'NOT LIKE': 'not_like', ILIKE: 'ilike',
  'NOT ILIKE': 'not_ilike', 'IS DISTINCT FROM': 'is_distinct_from', 'IS NOT DISTINCT FROM': 'is_not_distinct_from',
};

/** Binds `expr` in `ctx`. Throws SqlError with the position of the offending part. */
export function bindExpr(expr: Expr, ctx: ExprContext): BoundExpr {
  const bind = (e: Expr): BoundExpr => bindExpr(e, ctx);
  switch (expr.kind) {
    case 'Literal':
      return recordPosition(bindLiteral(expr), expr.pos);
    case 'Interval':
      return withPosition(expr.pos, () => literal(parseInterval(expr.text, expr.unit), T.interval));
    case 'ColumnRef': {
      const index = ctx.scope.resolve(expr);
      return recordOrigin(inputRef(index, ctx.scope.columns[index]!.type), expr);
    }
    case 'Star':
      throw new SqlError('misplaced-star', `'*' is only allowed in a select list or in count(*)`, expr.pos);
    case 'Unary':
      return bindUnary(expr.op, expr.operand, expr.pos, ctx);
    case 'Binary':
      return bindBinary(expr.op, bind(expr.left), bind(expr.right), expr.pos);
    case 'IsNull':
      return resolveCall(expr.negated ? 'is_not_null' : 'is_null', [bind(expr.operand)], expr.pos);
    case 'IsBool': {
      const fn = `is_${expr.negated ? 'not_' : ''}${expr.value ? 'true' : 'false'}`;
      return resolveCall(fn, [bind(expr.operand)], expr.pos);
    }
    case 'Between': {
      const x = bind(expr.operand);
      const [lo, hi] = [bind(expr.low), bind(expr.high)];
      if (expr.negated) return call('or', [resolveCall('less_than', [x, lo], expr.pos), resolveCall('greater_than', [x, hi], expr.pos)], T.boolean);
      return call('and', [resolveCall('greater_than_or_equal', [x, lo], expr.pos), resolveCall('less_than_or_equal', [x, hi], expr.pos)], T.boolean);
    }
    case 'InList': {
      const test = resolveCall('in_list', [bind(expr.operand), ...expr.list.map(bind)], expr.pos, 'IN');
      return expr.negated ? call('not', [test], T.boolean) : test;
    }
    case 'InSubquery':
    case 'Exists':
    case 'ScalarSubquery':
      throw unsupported('subquery expressions', expr.pos);
    case 'Case':
      return bindCase(expr, ctx);
    case 'Cast':
      return emptyArrayCast(expr.operand, expr.type) ?? bindCast(bind(expr.operand), expr.type, expr.pos);
    case 'FunctionCall':
      return bindFunctionCall(expr, ctx);
    case 'Array':
      return bindArray(expr, bind);
    default:
      return expr satisfies never;
  }
}

/** Types a literal: integers as INT or BIGINT by size, other numbers as DECIMAL. */
export function bindLiteral(expr: LiteralExpr, negate = false): BoundExpr {
  const v = expr.value;
  switch (v.type) {
    case 'number': {
      const text = negate ? `-${v.text}` : v.text;
      if (/^[+-]?\d+$/.test(text)) {
        const big = BigInt(text);
        if (big >= -2147483648n && big <= 2147483647n) return literal(Number(big), T.int);
        if (big >= -9223372036854775808n && big <= 9223372036854775807n) return literal(big, T.bigint);
      }
      return literal(Number(text), T.decimal);
    }
    case 'string':
      return markUntyped(literal(v.value, T.varchar));
    case 'boolean':
      return literal(v.value, T.boolean);
    case 'null':
      return markUntyped(literal(null, T.null));
    case 'typed':
      return withPosition(expr.pos, () => literal(castValue(v.text, T.varchar, v.dataType), v.dataType));
    default:
      return v satisfies never;
  }
}

function bindUnary(op: '-' | '+' | 'NOT', operand: Expr, pos: SourcePosition | undefined, ctx: ExprContext): BoundExpr {
  if (op === '-' && operand.kind === 'Literal' && operand.value.type === 'number') return bindLiteral(operand, true);
  const bound = bindExpr(operand, ctx);
  if (op === 'NOT') return resolveCall('not', [bound], pos, 'NOT');
  if (op === '-') return resolveCall('negate', [bound], pos, '-');
  resolveCall('negate', [bound], pos, '+'); // type check only: unary plus takes numbers and intervals
  return bound;
}

/** Lowers a binary operator to its canonical call. */
export function bindBinary(op: BinaryOp, left: BoundExpr, right: BoundExpr, pos: SourcePosition | undefined): BoundExpr {
  if (op === '||') {
    const toText = (e: BoundExpr): BoundExpr => (typeEquals(e.type, T.varchar) || isUntyped(e) ? e : bindCast(e, T.varchar, pos));
    return resolveCall('concat_op', [toText(left), toText(right)], pos, '||');
  }
  if (op === '~' || op === '~*' || op === '!~' || op === '!~*') {
    // PostgreSQL's regular-expression match operators are regexp_like with the 'i' flag for `*`
    const flags = op.endsWith('*') ? [literal('i', T.varchar)] : [];
    const match = resolveCall('regexp_like', [left, right, ...flags], pos, op);
    return op.startsWith('!') ? call('not', [match], T.boolean) : match;
  }
  const fn = BINARY_FUNCTIONS[op]!;
  if (fn === 'add' || fn === 'multiply') {
    // INTERVAL + TIMESTAMP and 2 * INTERVAL: the contract lists one order; the operation commutes
    const isInterval = (e: BoundExpr): boolean => typeEquals(e.type, T.interval);
    const swap = fn === 'add' ? isInterval(left) && !isInterval(right) : !isInterval(left) && isInterval(right);
    if (swap) return resolveCall(fn, [right, left], pos, op);
  }
  return resolveCall(fn, [left, right], pos, op);
}

function bindCase(expr: CaseExpr, ctx: ExprContext): BoundExpr {
  const whens = expr.whens.map((w) => {
    const cond = expr.operand
      ? resolveCall('equal', [bindExpr(expr.operand, ctx), bindExpr(w.when, ctx)], w.when.pos ?? expr.pos, '=')
      : coerceTo(bindExpr(w.when, ctx), T.boolean, w.when.pos ?? expr.pos);
    return { when: cond, then: bindExpr(w.then, ctx) };
  });
  const otherwise = expr.else ? bindExpr(expr.else, ctx) : markUntyped(literal(null, T.null));
  const results = [...whens.map((w) => w.then), otherwise];
  const type = commonType(results.map((r) => ({ type: r.type, untyped: isUntyped(r) })));
  if (!type) {
    throw new SqlError('type-mismatch', `CASE branches have no common type: ${results.map((r) => typeName(r.type)).join(', ')}`, expr.pos);
  }
  return {
    kind: 'Case',
    whens: whens.map((w) => ({ when: w.when, then: coerceTo(w.then, type, expr.pos) })),
    else: coerceTo(otherwise, type, expr.pos),
    type,
  };
}

/** An explicit CAST: literals are converted now (`invalid-cast` if they cannot be). */
export function bindCast(operand: BoundExpr, type: DataType, pos: SourcePosition | undefined): BoundExpr {
  if (typeEquals(operand.type, type)) return operand;
  if (operand.kind === 'Literal') return withPosition(pos, () => literal(castValue(operand.value, operand.type, type), type));
  if (!canExplicitCast(operand.type, type)) {
    throw new SqlError('type-mismatch', `cannot cast ${typeName(operand.type)} to ${typeName(type)}`, pos);
  }
  return { kind: 'Cast', operand, type };
}

/** A window function call: handed to the context's window sink, where there is one. */
function bindWindowCall(expr: FunctionCallExpr, ctx: ExprContext): BoundExpr {
  if (!ctx.windows) {
    if (ctx.aggregates) throw unsupported('window functions in a SELECT with GROUP BY or aggregates', expr.pos);
    throw new SqlError('window-function-not-allowed', `window functions are not allowed in ${ctx.clause}`, expr.pos,
      ctx.clause === 'WHERE' ? 'compute the window function in a subquery and filter its result' : undefined);
  }
  return ctx.windows.add(expr, (e) => bindExpr(e, { scope: ctx.scope, clause: 'window function arguments' }));
}

function bindFunctionCall(expr: FunctionCallExpr, ctx: ExprContext): BoundExpr {
  const name = expr.name.toLowerCase();
  if (expr.over) return bindWindowCall(expr, ctx);
  if (AGGREGATE_NAMES.has(name)) {
    if (!ctx.aggregates) {
      const code = ctx.clause === 'WHERE' ? 'aggregate-in-where' : 'aggregate-not-allowed';
      throw new SqlError(code, `aggregate functions are not allowed in ${ctx.clause}`, expr.pos,
        ctx.clause === 'WHERE' ? 'filter on aggregates with HAVING' : undefined);
    }
    return ctx.aggregates.add(expr, (e) => bindExpr(e, { scope: ctx.scope, clause: 'aggregate arguments' }));
  }
  const def = lookupFunction(name);
  if (!def) {
    const hint = didYouMean(name, functionNames());
    throw new SqlError('function-not-found', `function ${name} does not exist`, expr.pos, hint);
  }
  if (expr.distinct || expr.filter || expr.orderBy) {
    throw new SqlError('invalid-function-call', `DISTINCT, FILTER and ORDER BY apply only to aggregate functions, not ${name}`, expr.pos);
  }
  const args = expr.args.map((a) => bindExpr(a, ctx));
  if (def.kind === 'set') {
    if (!ctx.sets) throw new SqlError('set-function-not-allowed', `set-returning function ${name} is not allowed in ${ctx.clause}`, expr.pos);
    const resolved = resolveCall(name, args, expr.pos);
    if (resolved.kind !== 'Call') throw new SqlError('set-function-not-allowed', `cannot evaluate ${name} here`, expr.pos);
    return ctx.sets.add(resolved.fn, resolved.args, resolved.type, expr.pos);
  }
  if (name === 'concat' || name === 'concat_ws') {
    const texts = args.map((a) => (typeEquals(a.type, T.varchar) || isUntyped(a) ? a : bindCast(a, T.varchar, expr.pos)));
    return resolveCall(name, texts, expr.pos);
  }
  return resolveCall(name, args, expr.pos);
}
