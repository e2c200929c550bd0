/**
 * Plan-time evaluation of constant expressions: arithmetic, comparison, boolean logic, string
 * concatenation, a few string functions, CASE and casts over literals. The semantics are the
 * engine's (docs/functions-contract.md). Where evaluating could differ from run time (division
 * by zero is counted at run time, overflow, month arithmetic), it declines and the expression
 * stays for the engine.
 */
import { type BoundExpr, type BoundLiteral, literal } from '../plan/bound-expr.js';
import { type DataType, type Interval, type SqlValue } from '../types/data-type.js';
import { isDeterministicFunction } from './bound-expr-utils.js';
import { addIntervalUs } from '../types/calendar.js';
import { intervalMicros } from './interval.js';
import { castValue, fitsInteger } from './value-cast.js';

/** Returned when a call cannot (or should not) be evaluated at plan time. */
export const NOT_CONSTANT: unique symbol = Symbol('not-constant');

type Result = SqlValue | typeof NOT_CONSTANT;

/**
 * Evaluates `expr` if it is built from literals only; otherwise returns `NOT_CONSTANT`.
 * Throws SqlError `invalid-cast` for a literal that cannot be cast.
 */
export function evaluateConstant(expr: BoundExpr): Result {
  switch (expr.kind) {
    case 'Literal':
      return expr.value;
    case 'InputRef':
      return NOT_CONSTANT;
    case 'Cast': {
      const v = evaluateConstant(expr.operand);
      return v === NOT_CONSTANT ? v : castValue(v, expr.operand.type, expr.type);
    }
    case 'Case': {
      for (const w of expr.whens) {
        const cond = evaluateConstant(w.when);
        if (cond === NOT_CONSTANT) return cond;
        if (cond === true) return evaluateConstant(w.then);
      }
      return evaluateConstant(expr.else);
    }
    case 'Call': {
      if (!isDeterministicFunction(expr.fn)) return NOT_CONSTANT;
      const args: SqlValue[] = [];
      for (const a of expr.args) {
        const v = evaluateConstant(a);
        if (v === NOT_CONSTANT) return v;
        args.push(v);
      }
      return evaluateCall(expr.fn, args, expr.args.map((a) => a.type), expr.type);
    }
    default:
      return expr satisfies never;
  }
}

/** `evaluateConstant` as a literal node, or `undefined` when `expr` is not constant. */
export function foldToLiteral(expr: BoundExpr): BoundLiteral | undefined {
  const v = evaluateConstant(expr);
  return v === NOT_CONSTANT ? undefined : literal(v, expr.type);
}

/** Evaluates the canonical function `fn` over constant arguments. */
export function evaluateCall(fn: string, args: readonly SqlValue[], argTypes: readonly DataType[], type: DataType): Result {
  switch (fn) {
    case 'and':
      return args.includes(false) ? false : args.includes(null) ? null : true;
    case 'or':
      return args.includes(true) ? true : args.includes(null) ? null : false;
    case 'is_null':
      return args[0] === null;
    case 'is_not_null':
      return args[0] !== null;
    case 'is_true':
      return args[0] === true;
    case 'is_not_true':
      return args[0] !== true;
    case 'is_false':
      return args[0] === false;
    case 'is_not_false':
      return args[0] !== false;
    case 'is_distinct_from':
    case 'is_not_distinct_from': {
      const [a, b] = args;
      const same = a === null || b === null ? a === b : compare(a!, b!) === 0;
      return fn === 'is_distinct_from' ? !same : same;
    }
    case 'coalesce':
      return args.find((a) => a !== null) ?? null;
    case 'greatest':
    case 'least': {
      // NULLs are ignored, as in PostgreSQL: NULL only when every argument is NULL
      const present = args.filter((a) => a !== null);
      if (present.length === 0) return null;
      const sign = fn === 'greatest' ? 1 : -1;
      return present.reduce((best, a) => (compare(a, best) * sign > 0 ? a : best));
    }
    case 'concat':
      return args.map((a) => (a === null ? '' : String(a))).join('');
    case 'in_list':
      return evaluateInList(args);
    case 'array':
      return [...args]; // NULL elements stay elements
    case 'concat_ws':
    case 'array_to_string':
      return NOT_CONSTANT; // not strict (NULL arguments are skipped); left to the engine
  }
  if (args.includes(null)) return null;
  return evaluateStrict(fn, args, argTypes, type);
}

/** Functions that return NULL for any NULL argument, evaluated on non-NULL values. */
function evaluateStrict(fn: string, args: readonly SqlValue[], argTypes: readonly DataType[], type: DataType): Result {
  const [a, b] = args;
  switch (fn) {
    case 'not':
      return !a;
    case 'equal':
      return compare(a!, b!) === 0;
    case 'not_equal':
      return compare(a!, b!) !== 0;
    case 'less_than':
      return compare(a!, b!) < 0;
    case 'less_than_or_equal':
      return compare(a!, b!) <= 0;
    case 'greater_than':
      return compare(a!, b!) > 0;
    case 'greater_than_or_equal':
      return compare(a!, b!) >= 0;
    case 'concat_op':
      return String(a) + String(b);
    case 'lower':
      return String(a).toLowerCase();
    case 'upper':
      return String(a).toUpperCase();
    case 'length':
      return [...String(a)].length;
    case 'negate':
      return checked(typeof a === 'bigint' ? -a : isInterval(a) ? NOT_CONSTANT : -(a as number), type);
    case 'add':
    case 'subtract':
    case 'multiply':
    case 'divide':
    case 'modulo':
      return arithmetic(fn, a!, b!, argTypes, type);
    default:
      return NOT_CONSTANT;
  }
}

function evaluateInList(args: readonly SqlValue[]): Result {
  const [x, ...list] = args;
  if (x === null || x === undefined) return null;
  let sawNull = false;
  for (const v of list) {
    if (v === null) sawNull = true;
    else if (compare(x, v) === 0) return true;
  }
  return sawNull ? null : false;
}

const US_PER_DAY = 86_400_000_000;

function arithmetic(fn: string, a: SqlValue, b: SqlValue, argTypes: readonly DataType[], type: DataType): Result {
  if (typeof a === 'bigint' && typeof b === 'bigint') {
    if ((fn === 'divide' || fn === 'modulo') && b === 0n) return NOT_CONSTANT;
    const r = fn === 'add' ? a + b : fn === 'subtract' ? a - b : fn === 'multiply' ? a * b : fn === 'divide' ? a / b : a % b;
    return checked(r, type);
  }
  if (typeof a === 'number' && typeof b === 'number') {
    const t = argTypes[0]!;
    const integer = t.kind === 'scalar' && (t.name === 'SMALLINT' || t.name === 'INT');
    const temporal = t.kind === 'scalar' && (t.name === 'DATE' || t.name === 'TIME' || t.name === 'TIMESTAMP' || t.name === 'TIMESTAMPTZ');
    if ((fn === 'divide' || fn === 'modulo') && b === 0) return NOT_CONSTANT;
    if (temporal) return NOT_CONSTANT;
    let r = fn === 'add' ? a + b : fn === 'subtract' ? a - b : fn === 'multiply' ? a * b : fn === 'divide' ? a / b : a % b;
    if (integer && fn === 'divide') r = Math.trunc(r);
    if (t.kind === 'scalar' && t.name === 'REAL') r = Math.fround(r);
    return checked(r, type);
  }
  if (typeof a === 'number' && isInterval(b)) {
    // TIMESTAMP/DATE +/- INTERVAL: months on the calendar, then days and time (PostgreSQL)
    if (type.kind !== 'scalar' || (type.name !== 'TIMESTAMP' && type.name !== 'TIMESTAMPTZ')) return NOT_CONSTANT;
    const t = argTypes[0]!;
    if (t.kind !== 'scalar' || (fn !== 'add' && fn !== 'subtract')) return NOT_CONSTANT;
    return addIntervalUs(t.name === 'DATE' ? a * US_PER_DAY : a, b, fn === 'add' ? 1 : -1);
  }
  if (isInterval(a) && isInterval(b) && (fn === 'add' || fn === 'subtract')) {
    const sign = fn === 'add' ? 1 : -1;
    return { months: a.months + sign * b.months, days: a.days + sign * b.days, micros: a.micros + sign * b.micros };
  }
  return NOT_CONSTANT;
}

/** `value` when it fits `type`'s integer range (or is not an integer type); else not foldable. */
function checked(value: number | bigint | typeof NOT_CONSTANT, type: DataType): Result {
  if (value === NOT_CONSTANT) return value;
  if (type.kind === 'scalar' && (type.name === 'SMALLINT' || type.name === 'INT' || type.name === 'BIGINT')) {
    return fitsInteger(value, type.name) ? value : NOT_CONSTANT;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return NOT_CONSTANT;
  return value;
}

function isInterval(v: SqlValue | undefined): v is Interval {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}

/** Orders two non-NULL values of one type. */
export function compare(a: SqlValue, b: SqlValue): number {
  if (isInterval(a) && isInterval(b)) return Math.sign(intervalMicros(a) - intervalMicros(b));
  if (typeof a === 'boolean' || typeof b === 'boolean') return Number(a) - Number(b);
  if (typeof a === 'bigint' || typeof b === 'bigint') {
    const x = BigInt(a as number | bigint);
    const y = BigInt(b as number | bigint);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (a instanceof Uint8Array && b instanceof Uint8Array) return compareBytes(a, b);
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** BYTEA order: byte by byte, a prefix first. */
function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}
