/**
 * Collects the aggregate calls of a SELECT (select list, HAVING, ORDER BY), typing each by
 * docs/functions-contract.md and sharing identical calls. While the select list is bound, an
 * aggregate call stands in the expression as a placeholder node that the lowering later
 * replaces with a reference to the aggregate's output column.
 */
import type { Expr, FunctionCallExpr } from '../ast/expr.js';
import { SqlError } from '../errors.js';
import type { AggregateKind, BoundExpr } from '../plan/bound-expr.js';
import { type DataType, isInteger, isNumeric, isScalar, listOf, T, typeName } from '../types/data-type.js';
import { exprEquals } from './bound-expr-utils.js';
import type { AggregateSink } from './bind-expr.js';
import { coerceTo } from './resolve-call.js';
import { activeUserFunction } from './user-functions.js';

/** One collected aggregate: arguments and filter still as expressions over the input. */
export interface CollectedAggregate {
  readonly kind: AggregateKind;
  /** the user aggregate's name when `kind` is 'user' */
  readonly fn?: string;
  readonly args: readonly BoundExpr[];
  readonly distinct: boolean;
  readonly filter?: BoundExpr;
  /** ORDER BY inside the call (string_agg, array_agg), as expressions over the input */
  readonly orderBy?: readonly CollectedOrderKey[];
  readonly type: DataType;
}

/** One ORDER BY key of an aggregate call. */
export interface CollectedOrderKey {
  readonly expr: BoundExpr;
  readonly descending: boolean;
  readonly nullsFirst: boolean;
}

/** Gathers aggregates; `indexOf` maps a placeholder back to its aggregate. */
export class AggregateCollector implements AggregateSink {
  readonly calls: CollectedAggregate[] = [];
  private readonly placeholders = new WeakMap<BoundExpr, number>();

  add(ast: FunctionCallExpr, bindArg: (e: Expr) => BoundExpr): BoundExpr {
    const candidate = bindAggregate(ast, bindArg);
    let index = this.calls.findIndex((c) => sameAggregate(c, candidate));
    if (index < 0) index = this.calls.push(candidate) - 1;
    // index -1 can never match a real column, so an unreplaced placeholder is caught as a bug
    const placeholder: BoundExpr = { kind: 'InputRef', index: -1, type: candidate.type };
    this.placeholders.set(placeholder, index);
    return placeholder;
  }

  /** The aggregate `expr` stands for, if it is a placeholder. */
  indexOf(expr: BoundExpr): number | undefined {
    return this.placeholders.get(expr);
  }
}

function bindAggregate(ast: FunctionCallExpr, bindArg: (e: Expr) => BoundExpr): CollectedAggregate {
  const name = ast.name.toLowerCase();
  if (ast.orderBy && ast.orderBy.length > 0 && !ORDERED_AGGREGATES.has(name)) {
    throw new SqlError('invalid-function-call', `ORDER BY inside ${name}(...) has no effect and is not accepted`, ast.pos);
  }
  const filter = ast.filter ? coerceTo(bindArg(ast.filter), T.boolean, ast.filter.pos ?? ast.pos) : undefined;
  const base = { distinct: ast.distinct, ...(filter ? { filter } : {}) };
  if (COLLECTION_AGGREGATES.has(name)) return checkDistinctOrder(bindCollectionAggregate(ast, name, bindArg, base), ast);
  const user = activeUserFunction(name);
  if (user?.kind === 'aggregate' && !BUILTIN_AGGREGATES.has(name)) return bindUserAggregate(ast, user.args, user.returns, bindArg, base);
  if (name === 'count' && ast.args.length === 1 && ast.args[0]!.kind === 'Star') {
    if (ast.distinct) throw new SqlError('invalid-function-call', 'count(DISTINCT *) is not valid SQL', ast.pos);
    return { kind: 'count_star', args: [], type: T.bigint, ...base };
  }
  if (ast.args.length !== 1) {
    throw new SqlError('wrong-argument-count', `${name} takes 1 argument, got ${ast.args.length}`, ast.pos);
  }
  const arg = bindArg(ast.args[0]!);
  const kind = name as AggregateKind;
  const type = aggregateResultType(kind, arg.type);
  if (!type) {
    throw new SqlError('type-mismatch', `function ${name}(${typeName(arg.type)}) does not exist`, ast.args[0]!.pos ?? ast.pos,
      kind === 'min' || kind === 'max' ? 'min and max take numbers, text, booleans, dates, timestamps and intervals' : `${name} takes a number`);
  }
  return { kind, args: [arg], type, ...base };
}

const BUILTIN_AGGREGATES: ReadonlySet<string> = new Set(['count', 'sum', 'avg', 'min', 'max', 'string_agg', 'array_agg', 'bool_and', 'bool_or',
  'first_value', 'last_value']);

/** A user aggregate: its arguments coerced to the declared types, its result the declared type. */
function bindUserAggregate(
  ast: FunctionCallExpr, args: readonly DataType[], returns: DataType, bindArg: (e: Expr) => BoundExpr,
  base: Pick<CollectedAggregate, 'distinct' | 'filter'>,
): CollectedAggregate {
  const name = ast.name.toLowerCase();
  if (ast.args.length !== args.length || ast.args.some((a) => a.kind === 'Star')) {
    throw new SqlError('wrong-argument-count', `${name} takes ${args.length} argument(s), got ${ast.args.length}`, ast.pos);
  }
  const bound = ast.args.map((a, k) => coerceTo(bindArg(a), args[k]!, a.pos ?? ast.pos));
  return { kind: 'user', fn: name, args: bound, type: returns, ...base };
}

/** Aggregates that accept ORDER BY inside the call. */
const ORDERED_AGGREGATES: ReadonlySet<string> = new Set(['string_agg', 'array_agg', 'first_value', 'last_value']);

/** Aggregates bound by `bindCollectionAggregate`: their arguments are coerced, not checked. */
const COLLECTION_AGGREGATES: ReadonlySet<string> = new Set(['string_agg', 'array_agg', 'bool_and', 'bool_or', 'first_value', 'last_value']);

/**
 * string_agg(text, separator [ORDER BY ...]), array_agg(x [ORDER BY ...]), first_value(x
 * ORDER BY ...), last_value(x ORDER BY ...), bool_and(b), bool_or(b): arguments coerced to the
 * types the contract lists.
 */
function bindCollectionAggregate(
  ast: FunctionCallExpr, name: string, bindArg: (e: Expr) => BoundExpr, base: Pick<CollectedAggregate, 'distinct' | 'filter'>,
): CollectedAggregate {
  const arity = name === 'string_agg' ? 2 : 1;
  if (ast.args.length !== arity) {
    throw new SqlError('wrong-argument-count', `${name} takes ${arity} argument${arity > 1 ? 's' : ''}, got ${ast.args.length}`, ast.pos);
  }
  if (ast.args.some((a) => a.kind === 'Star')) throw new SqlError('misplaced-star', `${name}(*) is not valid SQL`, ast.pos);
  const orderBy = (ast.orderBy ?? []).map((o): CollectedOrderKey => ({
    expr: bindArg(o.expr),
    descending: o.direction === 'DESC',
    nullsFirst: o.nulls ? o.nulls === 'FIRST' : o.direction === 'DESC',
  }));
  const ordered = orderBy.length > 0 ? { orderBy } : {};
  const arg = (k: number, type: DataType): BoundExpr => coerceTo(bindArg(ast.args[k]!), type, ast.args[k]!.pos ?? ast.pos);
  switch (name) {
    case 'string_agg':
      return { kind: 'string_agg', args: [arg(0, T.varchar), arg(1, T.varchar)], type: T.varchar, ...base, ...ordered };
    case 'array_agg':
    case 'first_value':
    case 'last_value': {
      const value = bindArg(ast.args[0]!);
      if (value.type.kind === 'list') throw new SqlError('type-mismatch', `${name} of arrays is not supported`, ast.args[0]!.pos ?? ast.pos);
      const element = isScalar(value.type, 'NULL') ? T.varchar : value.type;
      const args = [coerceTo(value, element, ast.pos)];
      if (name === 'array_agg') return { kind: 'array_agg', args, type: listOf(element), ...base, ...ordered };
      if (orderBy.length === 0) {
        throw new SqlError('invalid-function-call', `${name}(...) as an aggregate needs ORDER BY inside the call`, ast.pos,
          `${name}(x ORDER BY y), or ${name}(x) OVER (...) as a window function`);
      }
      return { kind: name, args, type: element, ...base, orderBy };
    }
    default:
      return { kind: name as 'bool_and' | 'bool_or', args: [arg(0, T.boolean)], type: T.boolean, ...base };
  }
}

/**
 * With DISTINCT, ORDER BY may only name arguments (PostgreSQL's rule): the distinct rows are
 * tuples of arguments, so an order key outside them would have no one value per row.
 */
function checkDistinctOrder(call: CollectedAggregate, ast: FunctionCallExpr): CollectedAggregate {
  if (!call.distinct || !call.orderBy) return call;
  const uncast = (e: BoundExpr): BoundExpr => (e.kind === 'Cast' ? uncast(e.operand) : e);
  for (const key of call.orderBy) {
    if (!call.args.some((a) => exprEquals(uncast(a), uncast(key.expr)))) {
      throw new SqlError('invalid-function-call', 'in an aggregate with DISTINCT, ORDER BY expressions must appear in the argument list', ast.pos);
    }
  }
  return call;
}

/** The result type of aggregate `kind` over `arg` (docs/functions-contract.md), if defined. */
export function aggregateResultType(kind: AggregateKind, arg: DataType): DataType | undefined {
  switch (kind) {
    case 'count':
    case 'count_star':
      return T.bigint;
    case 'sum':
      return isInteger(arg) ? T.bigint : isNumeric(arg) ? T.double : isScalar(arg, 'INTERVAL') ? T.interval : undefined;
    case 'avg':
      return isNumeric(arg) ? T.double : isScalar(arg, 'INTERVAL') ? T.interval : undefined;
    case 'min':
    case 'max':
      return isNumeric(arg) || isScalar(arg, 'VARCHAR', 'BYTEA', 'BOOLEAN', 'TIMESTAMP', 'TIMESTAMPTZ', 'DATE', 'TIME', 'INTERVAL') ? arg : undefined;
    case 'string_agg':
      return T.varchar;
    case 'array_agg':
      return listOf(arg);
    case 'first_value':
    case 'last_value':
      return arg;
    case 'bool_and':
    case 'bool_or':
      return T.boolean;
    case 'user':
      return undefined;
    default:
      return kind satisfies never;
  }
}

function sameAggregate(a: CollectedAggregate, b: CollectedAggregate): boolean {
  const sameFilter = a.filter === undefined || b.filter === undefined ? a.filter === b.filter : exprEquals(a.filter, b.filter);
  const [ao, bo] = [a.orderBy ?? [], b.orderBy ?? []];
  const sameOrder = ao.length === bo.length &&
    ao.every((o, i) => o.descending === bo[i]!.descending && o.nullsFirst === bo[i]!.nullsFirst && exprEquals(o.expr, bo[i]!.expr));
  return a.kind === b.kind && a.fn === b.fn && a.distinct === b.distinct && sameFilter && sameOrder &&
    a.args.length === b.args.length && a.args.every((x, i) => exprEquals(x, b.args[i]!));
}
