/**
 * The built-in functions the binder resolves calls to: exactly the table of
 * docs/functions-contract.md, which the engine implements. Each function has overloads with
 * concrete argument types; a call resolves to the overload its arguments reach by implicit
 * coercion at the least cost, and the binder casts the arguments to that overload's types.
 */
import { type DataType, listOf, type ScalarTypeName, scalar, T } from '../types/data-type.js';
import { type ArgType, implicitCastCost } from './coercion.js';
import { activeUserFunction, activeUserFunctionNames } from './user-functions.js';
import { PG_CATALOG_FUNCTIONS } from './pg-catalog-functions.js';

/** `ANY` in an overload accepts an argument of any type as it is. */
export const ANY: DataType = Object.freeze({ kind: 'scalar', name: 'NULL' as ScalarTypeName, any: true }) as DataType;

/** One signature: argument types (the last repeats when `variadic`) and result type. */
export interface FunctionOverload {
  readonly args: readonly DataType[];
  readonly variadic?: boolean;
  readonly result: DataType;
}

/** A function's kind decides where it may appear: scalar anywhere, set in select lists and FROM. */
export interface FunctionDef {
  readonly name: string;
  readonly kind: 'scalar' | 'set';
  readonly overloads: readonly FunctionOverload[];
}

const s = scalar;
const NUMERIC: readonly DataType[] = ['SMALLINT', 'INT', 'BIGINT', 'DECIMAL', 'REAL', 'DOUBLE'].map((n) => s(n as ScalarTypeName));
const INTEGER: readonly DataType[] = [T.smallint, T.int, T.bigint];
const COMPARABLE: readonly DataType[] = [T.varchar, ...NUMERIC, T.boolean, T.timestamp, T.timestamptz, T.date, T.time, T.interval, T.bytea];
const ANY_SCALAR: readonly DataType[] = [...COMPARABLE, T.jsonb];

const each = (types: readonly DataType[], make: (t: DataType) => FunctionOverload): FunctionOverload[] => types.map(make);
const sig = (args: DataType[], result: DataType, variadic = false): FunctionOverload => ({ args, result, variadic });

const STRING_1 = [sig([T.varchar], T.varchar)];
const DOUBLE_1 = [sig([T.double], T.double)];
const COMPARE = each(COMPARABLE, (t) => sig([t, t], T.boolean));

const SCALARS: Record<string, readonly FunctionOverload[]> = {
  add: [...each(NUMERIC, (t) => sig([t, t], t)), sig([T.timestamp, T.interval], T.timestamp),
    sig([T.timestamptz, T.interval], T.timestamptz), sig([T.date, T.interval], T.timestamp),
    sig([T.date, T.int], T.date), sig([T.interval, T.interval], T.interval),
    sig([T.time, T.interval], T.time), sig([T.date, T.time], T.timestamp), sig([T.time, T.date], T.timestamp)],
  subtract: [...each(NUMERIC, (t) => sig([t, t], t)), sig([T.timestamp, T.interval], T.timestamp),
    sig([T.timestamptz, T.interval], T.timestamptz), sig([T.timestamptz, T.timestamptz], T.interval),
    sig([T.timestamp, T.timestamp], T.interval), sig([T.date, T.int], T.date), sig([T.date, T.date], T.int),
    sig([T.interval, T.interval], T.interval), sig([T.time, T.interval], T.time), sig([T.time, T.time], T.interval)],
  multiply: [...each(NUMERIC, (t) => sig([t, t], t)), sig([T.interval, T.double], T.interval)],
  divide: each(NUMERIC, (t) => sig([t, t], t)),
  modulo: each(NUMERIC, (t) => sig([t, t], t)),
  negate: [...each(NUMERIC, (t) => sig([t], t)), sig([T.interval], T.interval)],
  equal: COMPARE, not_equal: COMPARE, less_than: COMPARE, less_than_or_equal: COMPARE,
  greater_than: COMPARE, greater_than_or_equal: COMPARE,
  is_distinct_from: COMPARE, is_not_distinct_from: COMPARE,
  and: [sig([T.boolean, T.boolean], T.boolean)],
  or: [sig([T.boolean, T.boolean], T.boolean)],
  not: [sig([T.boolean], T.boolean)],
  is_null: [sig([ANY], T.boolean)], is_not_null: [sig([ANY], T.boolean)],
  is_true: [sig([T.boolean], T.boolean)], is_not_true: [sig([T.boolean], T.boolean)],
  is_false: [sig([T.boolean], T.boolean)], is_not_false: [sig([T.boolean], T.boolean)],
  like: [sig([T.varchar, T.varchar], T.boolean)], not_like: [sig([T.varchar, T.varchar], T.boolean)],
  ilike: [sig([T.varchar, T.varchar], T.boolean)], not_ilike: [sig([T.varchar, T.varchar], T.boolean)],
  concat_op: [sig([T.varchar, T.varchar], T.varchar)],
  in_list: each(COMPARABLE, (t) => sig([t, t], T.boolean, true)),
  concat: [sig([T.varchar], T.varchar, true)],
  lower: STRING_1, upper: STRING_1, trim: STRING_1, ltrim: STRING_1, rtrim: STRING_1,
  length: [sig([T.varchar], T.int)],
  substring: [sig([T.varchar, T.int], T.varchar), sig([T.varchar, T.int, T.int], T.varchar)],
  replace: [sig([T.varchar, T.varchar, T.varchar], T.varchar)],
  split_part: [sig([T.varchar, T.varchar, T.int], T.varchar)],
  starts_with: [sig([T.varchar, T.varchar], T.boolean)],
  string_to_array: [sig([T.varchar, T.varchar], listOf(T.varchar))],
  regexp_replace: [sig([T.varchar, T.varchar, T.varchar], T.varchar), sig([T.varchar, T.varchar, T.varchar, T.varchar], T.varchar)],
  abs: each(NUMERIC, (t) => sig([t], t)),
  round: [...each(INTEGER, (t) => sig([t], t)), sig([T.double], T.double), sig([T.double, T.int], T.double)],
  floor: DOUBLE_1, ceil: DOUBLE_1, sqrt: DOUBLE_1, exp: DOUBLE_1, ln: DOUBLE_1,
  mod: each(INTEGER, (t) => sig([t, t], t)),
  power: [sig([T.double, T.double], T.double)],
  coalesce: each(ANY_SCALAR, (t) => sig([t], t, true)),
  nullif: each(ANY_SCALAR, (t) => sig([t, t], t)),
  greatest: each(COMPARABLE, (t) => sig([t], t, true)),
  least: each(COMPARABLE, (t) => sig([t], t, true)),
  date_trunc: [sig([T.varchar, T.timestamp], T.timestamp), sig([T.varchar, T.timestamptz], T.timestamptz)],
  extract: [sig([T.varchar, T.timestamp], T.double), sig([T.varchar, T.timestamptz], T.double), sig([T.varchar, T.date], T.double),
    sig([T.varchar, T.time], T.double)],
  to_timestamp: [sig([T.double], T.timestamptz)],
  now: [sig([], T.timestamptz)],
  proctime: [sig([], T.timestamptz)],
  concat_ws: [sig([T.varchar, T.varchar], T.varchar, true)],
  left: [sig([T.varchar, T.int], T.varchar)], right: [sig([T.varchar, T.int], T.varchar)],
  lpad: [sig([T.varchar, T.int], T.varchar), sig([T.varchar, T.int, T.varchar], T.varchar)],
  rpad: [sig([T.varchar, T.int], T.varchar), sig([T.varchar, T.int, T.varchar], T.varchar)],
  repeat: [sig([T.varchar, T.int], T.varchar)],
  reverse: STRING_1, initcap: STRING_1, md5: [sig([T.varchar], T.varchar), sig([T.bytea], T.varchar)],
  strpos: [sig([T.varchar, T.varchar], T.int)],
  octet_length: [sig([T.varchar], T.int), sig([T.bytea], T.int)],
  encode: [sig([T.bytea, T.varchar], T.varchar)], decode: [sig([T.varchar, T.varchar], T.bytea)],
  regexp_match: [sig([T.varchar, T.varchar], listOf(T.varchar)), sig([T.varchar, T.varchar, T.varchar], listOf(T.varchar))],
  regexp_like: [sig([T.varchar, T.varchar], T.boolean), sig([T.varchar, T.varchar, T.varchar], T.boolean)],
  regexp_count: [sig([T.varchar, T.varchar], T.int), sig([T.varchar, T.varchar, T.int], T.int), sig([T.varchar, T.varchar, T.int, T.varchar], T.int)],
  to_char: [sig([T.timestamp, T.varchar], T.varchar), sig([T.timestamptz, T.varchar], T.varchar), sig([T.date, T.varchar], T.varchar)],
  make_date: [sig([T.int, T.int, T.int], T.date)],
  trunc: [sig([T.double], T.double), sig([T.double, T.int], T.double)],
  sign: DOUBLE_1, cbrt: DOUBLE_1, log10: DOUBLE_1,
  log: [sig([T.double], T.double), sig([T.double, T.double], T.double)],
  pi: [sig([], T.double)],
  cardinality: each(ANY_SCALAR, (t) => sig([listOf(t)], T.int)),
  array_length: each(ANY_SCALAR, (t) => sig([listOf(t), T.int], T.int)),
  array_to_string: each(ANY_SCALAR, (t) => sig([listOf(t), T.varchar], T.varchar))
    .concat(each(ANY_SCALAR, (t) => sig([listOf(t), T.varchar, T.varchar], T.varchar))),
  ...PG_CATALOG_FUNCTIONS,
};

const SETS: Record<string, FunctionOverload[]> = {
  unnest: each(ANY_SCALAR, (t) => sig([listOf(t)], t)),
  regexp_split_to_table: [sig([T.varchar, T.varchar], T.varchar)],
  regexp_matches: [sig([T.varchar, T.varchar], listOf(T.varchar)), sig([T.varchar, T.varchar, T.varchar], listOf(T.varchar))],
  generate_series: [sig([T.int, T.int], T.int), sig([T.int, T.int, T.int], T.int),
    sig([T.bigint, T.bigint], T.bigint), sig([T.bigint, T.bigint, T.bigint], T.bigint)],
};

/** Other spellings of the same function. */
const ALIASES: Record<string, string> = {
  char_length: 'length', character_length: 'length', substr: 'substring', ceiling: 'ceil', date_part: 'extract',
  array_join: 'array_to_string', pow: 'power',
};

/**
 * A set of names whose `has` also answers true for the user aggregates visible to the bind
 * call under way (user-functions.ts), so every caller of `AGGREGATE_NAMES.has` sees them.
 */
class AggregateNameSet extends Set<string> {
  override has(name: string): boolean {
    return super.has(name) || activeUserFunction(name)?.kind === 'aggregate';
  }
}

/** Aggregate function names (SQL spelling) the binder lowers into `AggregateCall`s; user aggregates included. */
export const AGGREGATE_NAMES: ReadonlySet<string> = new AggregateNameSet(['count', 'sum', 'avg', 'min', 'max', 'string_agg', 'array_agg', 'bool_and', 'bool_or',
  'first_value', 'last_value']);

/** The function called `name` (any case, aliases resolved), or `undefined`. */
export function lookupFunction(name: string): FunctionDef | undefined {
  const lower = name.toLowerCase();
  const canonical = ALIASES[lower] ?? lower;
  const scalarOverloads = SCALARS[canonical];
  if (scalarOverloads) return { name: canonical, kind: 'scalar', overloads: scalarOverloads };
  const setOverloads = SETS[canonical];
  if (setOverloads) return { name: canonical, kind: 'set', overloads: setOverloads };
  const user = activeUserFunction(lower);
  if (user && user.kind !== 'aggregate') {
    return { name: user.name, kind: user.kind === 'table' ? 'set' : 'scalar', overloads: [sig([...user.args], user.returns)] };
  }
  return undefined;
}

/** Whether `name` is a built-in function (scalar, set-returning or aggregate), any case. */
export function isBuiltinFunction(name: string): boolean {
  const lower = name.toLowerCase();
  const canonical = ALIASES[lower] ?? lower;
  return Object.hasOwn(SCALARS, canonical) || Object.hasOwn(SETS, canonical) || AGGREGATE_NAMES_BUILTIN.has(canonical);
}

const AGGREGATE_NAMES_BUILTIN: ReadonlySet<string> = new Set(AGGREGATE_NAMES);

/** Every name a user may call, for "did you mean" hints. */
export function functionNames(): string[] {
  return [...Object.keys(SCALARS), ...Object.keys(SETS), ...Object.keys(ALIASES), ...AGGREGATE_NAMES, ...activeUserFunctionNames()]
    .filter((n) => !n.includes('_op') && n !== 'in_list' && !/^(is_|not_|equal|less|greater|add$|subtract|multiply|divide|modulo|negate)/.test(n));
}

/** Whether some overload of `def` takes `count` arguments. */
export function acceptsArity(def: FunctionDef, count: number): boolean {
  return def.overloads.some((o) => (o.variadic ? count >= o.args.length : count === o.args.length));
}

/** The overload chosen for a call and the type each argument must be cast to. */
export interface ResolvedCall {
  readonly overload: FunctionOverload;
  readonly argTypes: readonly DataType[];
}

/**
 * The overload of `def` that `args` reach by implicit coercion at the least total cost (the
 * first declared wins a tie), or `undefined` when none does.
 */
export function resolveOverload(def: FunctionDef, args: readonly ArgType[]): ResolvedCall | undefined {
  let best: ResolvedCall | undefined;
  let bestCost = Infinity;
  for (const overload of def.overloads) {
    const params = paramTypes(overload, args.length);
    if (!params) continue;
    let total = 0;
    for (let i = 0; i < args.length && total < Infinity; i++) {
      const cost = params[i] === ANY ? 0 : implicitCastCost(args[i]!, params[i]!);
      total += cost ?? Infinity;
    }
    if (total < bestCost) {
      bestCost = total;
      best = { overload, argTypes: params.map((p, i) => (p === ANY ? args[i]!.type : p)) };
    }
  }
  return best;
}

function paramTypes(overload: FunctionOverload, count: number): DataType[] | undefined {
  const { args, variadic } = overload;
  if (!variadic) return count === args.length ? [...args] : undefined;
  if (count < args.length) return undefined;
  const last = args[args.length - 1]!;
  return [...args, ...new Array<DataType>(count - args.length).fill(last)];
}

/** Human form of an overload for hints: `substring(VARCHAR, INT)`. */
export function formatOverload(name: string, o: FunctionOverload, typeName: (t: DataType) => string): string {
  const args = o.args.map((a) => (a === ANY ? 'any' : typeName(a)));
  if (o.variadic) args[args.length - 1] += '...';
  return `${name}(${args.join(', ')})`;
}
