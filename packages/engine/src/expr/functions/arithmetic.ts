/**
 * add, subtract, multiply, divide, modulo, mod, negate, abs over numeric, temporal and
 * interval operands (TIME +/- INTERVAL wraps around midnight). Everything but BIGINT computes in doubles (exact for the integer types;
 * SMALLINT/INT overflow is caught when the column is written). BIGINT stays exact: safe-range
 * values take the double path, others and overflowing results go through BigInt.
 */
import { addIntervalUs, wrapTimeOfDay, type BoundCall, type DataType, type Interval } from '@sluice/sql';
import { EngineError } from '../../errors.js';
import { fitsInt64, int64At, int64Words, setInt64 } from '../../arrow/int64.js';
import type { EvalContext } from '../eval-context.js';
import { bigVec, combineValid, numVec, writableValid, type BigVec, type NumVec } from '../vec.js';
import { binaryLoop } from './generated-loop.js';
import { argTypeName, literalArg, type FunctionTable, type Kernel } from './kernel.js';

type ArithOp = 'add' | 'subtract' | 'multiply' | 'divide' | 'modulo';

const DAY_US = 86_400_000_000;
const INTEGER = new Set(['SMALLINT', 'INT', 'BIGINT']);

function isDivision(op: ArithOp): boolean {
  return op === 'divide' || op === 'modulo';
}

function compileArithmetic(op: ArithOp): (call: BoundCall) => Kernel {
  return (call) => {
    const a = argTypeName(call, 0);
    const b = argTypeName(call, 1);
    if (a === 'BIGINT' && b === 'BIGINT') return bigBinary(op, call.type, safeLiteral(literalArg(call, 1)));
    if (a === 'LIST' || b === 'LIST' || a === 'VARCHAR' || b === 'VARCHAR') {
      throw new EngineError('unsupported-feature', `${op}(${a}, ${b}) is not supported`);
    }
    const integer = INTEGER.has(a) && INTEGER.has(b);
    const result = call.type.kind === 'scalar' ? call.type.name : '';
    // DATE operands of a TIMESTAMP result are converted to microseconds first
    const scaleA = a === 'DATE' && result !== 'DATE' && result !== 'INT' ? DAY_US : 1;
    const scaleB = b === 'DATE' && result !== 'DATE' && result !== 'INT' ? DAY_US : 1;
    const calendar = literalArg(call, 1);
    if ((op === 'add' || op === 'subtract') && (result === 'TIMESTAMP' || result === 'TIMESTAMPTZ') && isIntervalValue(calendar) && calendar.months !== 0) {
      return calendarAdd(call.type, calendar, op === 'add' ? 1 : -1, scaleA);
    }
    const kernel = numBinary(op, call.type, integer, scaleA, scaleB);
    return result === 'TIME' ? wrapAroundMidnight(kernel) : kernel;
  };
}

/**
 * TIMESTAMP/DATE +/- a constant INTERVAL with months: months on the calendar, then days and
 * time, as PostgreSQL does (`DATE '1994-01-01' + INTERVAL '1' YEAR` is 1995-01-01). An
 * INTERVAL column holds one microsecond count (a month is 30 days there), so only a constant
 * interval keeps its months.
 */
function calendarAdd(type: DataType, interval: Interval, sign: 1 | -1, scale: number): Kernel {
  return (args, _ctx, n) => {
    const a = args[0] as NumVec;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = addIntervalUs(a.values[i]! * scale, interval, sign);
    return numVec(type, out, a.valid);
  };
}

function isIntervalValue(v: unknown): v is Interval {
  return typeof v === 'object' && v !== null && typeof (v as Interval).months === 'number';
}

/** TIME +/- INTERVAL wraps around midnight, as in PostgreSQL (`23:00 + 2 hours` is `01:00`). */
function wrapAroundMidnight(kernel: Kernel): Kernel {
  return (args, ctx, n) => {
    const v = kernel(args, ctx, n) as NumVec;
    for (let i = 0; i < n; i++) v.values[i] = wrapTimeOfDay(v.values[i]!);
    return v;
  };
}

const BODIES: Record<ArithOp, [integer: string, float: string]> = {
  add: ['x + y', 'x + y'],
  subtract: ['x - y', 'x - y'],
  multiply: ['x * y', 'x * y'],
  divide: ['(x - x % y) / y', 'x / y'],
  modulo: ['x % y', 'x % y'],
};

function numBinary(op: ArithOp, type: DataType, integer: boolean, scaleA: number, scaleB: number): Kernel {
  const loop = binaryLoop(BODIES[op][integer ? 0 : 1]);
  return (args, ctx, n) => {
    const a = scaled(args[0] as NumVec, scaleA);
    const b = scaled(args[1] as NumVec, scaleB);
    const out = new Float64Array(n);
    loop(a, b, out, n);
    let valid = combineValid(args, n);
    if (isDivision(op)) valid = nullWhereZero(b, valid, ctx, n);
    return numVec(type, out, valid);
  };
}

function scaled(v: NumVec, scale: number): Float64Array {
  if (scale === 1) return v.values;
  const out = new Float64Array(v.length);
  for (let i = 0; i < out.length; i++) out[i] = v.values[i]! * scale;
  return out;
}

function nullWhereZero(divisor: Float64Array, valid: Uint8Array | null, ctx: EvalContext, n: number): Uint8Array | null {
  let out = valid;
  for (let i = 0; i < n; i++) {
    if (divisor[i] === 0 && (valid === null || valid[i])) {
      if (out === valid) out = writableValid(valid, n);
      out![i] = 0;
      ctx.problems.count++;
    }
  }
  return out;
}

/** A BIGINT literal as a number when it is a safe integer (the right operand's fast path). */
function safeLiteral(v: unknown): number | null {
  if (typeof v !== 'bigint' && typeof v !== 'number') return null;
  const x = Number(v);
  return Number.isSafeInteger(x) && BigInt(x) === BigInt(v) ? x : null;
}

/** `constant`: the right operand when it is a literal safe integer, read once instead of per row. */
function bigBinary(op: ArithOp, type: DataType, constant: number | null): Kernel {
  return (args, ctx, n) => {
    const a = args[0] as BigVec;
    const b = args[1] as BigVec;
    const wa = int64Words(a.values);
    const wb = int64Words(b.values);
    if (constant !== null && constant !== 0 && a.valid === null) return bigByConstant(op, type, a, wa, constant, ctx, n);
    const out = new BigInt64Array(n);
    const wo = int64Words(out);
    const base = combineValid(args, n);
    let valid = base;
    const fail = (i: number): void => {
      if (valid === base) valid = writableValid(base, n);
      valid![i] = 0;
      ctx.problems.count++;
    };
    for (let i = 0; i < n; i++) {
      if (base !== null && !base[i]) continue;
      const x = int64At(wa, i);
      const y = int64At(wb, i);
      if (isDivision(op) && (y === 0 || (y !== y && b.values[i] === 0n))) { fail(i); continue; }
      if (x === x && y === y) {
        const r = safeOp(op, x, y);
        if (Number.isSafeInteger(r)) { setInt64(out, wo, i, r); continue; }
      }
      const r = bigOp(op, a.values[i]!, b.values[i]!);
      if (fitsInt64(r)) out[i] = r;
      else fail(i);
    }
    return bigVec(type, out, valid);
  };
}

/**
 * `a op constant` over a column without NULLs, the constant a non-zero safe integer: the safe
 * rows in one loop that reads no second column; rows beyond 2^53 or overflowing results go
 * through BigInt.
 */
function bigByConstant(op: ArithOp, type: DataType, a: BigVec, wa: Int32Array, y: number, ctx: EvalContext, n: number): BigVec {
  const out = new BigInt64Array(n);
  const wo = int64Words(out);
  let valid: Uint8Array | null = null;
  const by = BigInt(y);
  for (let i = 0; i < n; i++) {
    const x = int64At(wa, i);
    if (x === x) {
      const r = op === 'modulo' ? x % y : safeOp(op, x, y);
      if (Number.isSafeInteger(r)) { setInt64(out, wo, i, r); continue; }
    }
    const r = bigOp(op, a.values[i]!, by);
    if (fitsInt64(r)) out[i] = r;
    else {
      valid ??= new Uint8Array(n).fill(1);
      valid[i] = 0;
      ctx.problems.count++;
    }
  }
  return bigVec(type, out, valid);
}

function safeOp(op: ArithOp, x: number, y: number): number {
  switch (op) {
    case 'add': return x + y;
    case 'subtract': return x - y;
    case 'multiply': return x * y;
    case 'divide': return (x - (x % y)) / y;
    case 'modulo': return x % y;
  }
}

function bigOp(op: ArithOp, x: bigint, y: bigint): bigint {
  switch (op) {
    case 'add': return x + y;
    case 'subtract': return x - y;
    case 'multiply': return x * y;
    case 'divide': return x / y;
    case 'modulo': return x % y;
  }
}

/** negate and abs share one kernel: `sign(x)` picks the factor per row. */
function compileUnary(kind: 'negate' | 'abs'): (call: BoundCall) => Kernel {
  const factor = kind === 'negate' ? (_: number) => -1 : (x: number) => (x < 0 ? -1 : 1);
  const bigFactor = kind === 'negate' ? (_: bigint) => -1n : (x: bigint) => (x < 0n ? -1n : 1n);
  return (call) => (args, ctx, n) => {
    const v = args[0]!;
    if (v.repr === 'num') {
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = v.values[i]! * factor(v.values[i]!);
      return numVec(call.type, out, v.valid);
    }
    if (v.repr !== 'big') throw new EngineError('unsupported-feature', `${kind} of ${argTypeName(call, 0)} is not supported`);
    const words = int64Words(v.values);
    const out = new BigInt64Array(n);
    const wo = int64Words(out);
    let valid = v.valid;
    for (let i = 0; i < n; i++) {
      const x = int64At(words, i);
      if (x === x) { setInt64(out, wo, i, x * factor(x)); continue; }
      const r = v.values[i]! * bigFactor(v.values[i]!);
      if (fitsInt64(r)) out[i] = r;
      else if (valid === null || valid[i]) {
        valid = valid === v.valid ? writableValid(v.valid, n) : valid;
        valid![i] = 0;
        ctx.problems.count++;
      }
    }
    return bigVec(call.type, out, valid);
  };
}

/** Arithmetic functions by canonical name. */
export const arithmeticFunctions: FunctionTable = {
  add: compileArithmetic('add'),
  subtract: compileArithmetic('subtract'),
  multiply: compileArithmetic('multiply'),
  divide: compileArithmetic('divide'),
  modulo: compileArithmetic('modulo'),
  mod: compileArithmetic('modulo'),
  negate: compileUnary('negate'),
  abs: compileUnary('abs'),
};

