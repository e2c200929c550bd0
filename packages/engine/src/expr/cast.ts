/**
 * CAST between the types of the function contract. Numeric to integer rounds half away from
 * zero; values that do not fit, and text that does not parse, become NULL and count a
 * problem (literals were already checked by the binder).
 */
import { typeEquals, typeName, wrapTimeOfDay, type DataType, type Interval } from '@sluice/sql';
import { EngineError } from '../errors.js';
import { int64ToNumber, int64Words, setInt64 } from '../arrow/int64.js';
import { intervalToMicros } from '../arrow/column-builder.js';
import type { EvalContext } from './eval-context.js';
import type { Kernel } from './functions/kernel.js';
import { DAY_US } from './functions/calendar.js';
import { columnValues, vecFromValues } from './functions/row-map.js';
import { formatValue } from './text-format.js';
import { parseText } from './text-parse.js';
import { bigVec, boolVec, nullsOf, numVec, reprOf, writableValid, type Vec } from './vec.js';

const INT_RANGE: Partial<Record<string, [number, number]>> = { SMALLINT: [-32768, 32767], INT: [-2147483648, 2147483647] };

function nameOf(t: DataType): string {
  return t.kind === 'scalar' ? t.name : 'LIST';
}

/** Marks row i NULL and counts a problem; returns the (possibly new) validity array. */
function failRow(valid: Uint8Array | null, base: Uint8Array | null, i: number, n: number, ctx: EvalContext): Uint8Array {
  const out = valid === base || valid === null ? writableValid(base, n) : valid;
  out[i] = 0;
  ctx.problems.count++;
  return out;
}

/** The kernel converting a column of `from` to `to`. */
export function compileCast(from: DataType, to: DataType): Kernel {
  if (typeEquals(from, to)) return (args) => args[0]!;
  const f = nameOf(from);
  const t = nameOf(to);
  if (f === 'NULL') return (_args, _ctx, n) => nullsOf(to, n);
  if (t === 'VARCHAR' || t === 'JSONB') return (args, _ctx, n) => toText(args[0]!, from, to, n);
  if (f === 'VARCHAR' || f === 'JSONB') return (args, ctx, n) => fromText(args[0]!, to, ctx, n);
  const retype: Kernel = (args) => ({ ...args[0]!, type: to }) as Vec;
  if ((f === 'TIMESTAMP' || f === 'TIMESTAMPTZ') && (t === 'TIMESTAMP' || t === 'TIMESTAMPTZ')) return retype;
  if (f === 'JSONB' && t === 'VARCHAR') return retype;
  if ((f === 'TIMESTAMP' || f === 'TIMESTAMPTZ') && t === 'DATE') return scaleKernel(to, (x) => Math.floor(x / DAY_US));
  if (f === 'DATE' && (t === 'TIMESTAMP' || t === 'TIMESTAMPTZ')) return scaleKernel(to, (x) => x * DAY_US);
  // a timestamp's time of day; an interval's time part wraps around midnight, as in PostgreSQL
  if ((f === 'TIMESTAMP' || f === 'TIMESTAMPTZ' || f === 'INTERVAL') && t === 'TIME') return scaleKernel(to, wrapTimeOfDay);
  if (f === 'TIME' && t === 'INTERVAL') return retype;
  if (f === 'BOOLEAN' && reprOf(to) === 'num') return (args, _ctx, n) => numVec(to, Float64Array.from((args[0] as { values: Uint8Array }).values.subarray(0, n)), args[0]!.valid);
  if (reprOf(from) === 'num' && t === 'BOOLEAN') return (args, _ctx, n) => boolVec(to, Uint8Array.from((args[0] as { values: Float64Array }).values.subarray(0, n), (x) => (x !== 0 ? 1 : 0)), args[0]!.valid);
  if (isNumeric(f) && isNumeric(t)) return numericCast(from, to);
  throw new EngineError('unsupported-feature', `cannot cast ${typeName(from)} to ${typeName(to)}`);
}

function isNumeric(name: string): boolean {
  return ['SMALLINT', 'INT', 'BIGINT', 'REAL', 'DOUBLE', 'DECIMAL'].includes(name);
}

function scaleKernel(to: DataType, f: (x: number) => number): Kernel {
  return (args, _ctx, n) => {
    const v = args[0] as { values: Float64Array; valid: Uint8Array | null };
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = f(v.values[i]!);
    return numVec(to, out, v.valid);
  };
}

function roundHalfAway(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

function numericCast(from: DataType, to: DataType): Kernel {
  const t = nameOf(to);
  const integer = t === 'SMALLINT' || t === 'INT' || t === 'BIGINT';
  return (args, ctx, n) => {
    const v = args[0]!;
    const base = v.valid;
    let valid = base;
    const values = v.repr === 'big' ? toNumbers(v.values, n) : (v as { values: Float64Array }).values;
    if (t === 'BIGINT') {
      if (v.repr === 'big') return bigVec(to, v.values, base);
      const out = new BigInt64Array(n);
      const words = int64Words(out);
      for (let i = 0; i < n; i++) {
        const x = roundHalfAway(values[i]!);
        if (Number.isSafeInteger(x)) setInt64(out, words, i, x);
        else if (x === x && Math.abs(x) < 2 ** 63) out[i] = BigInt(x);
        else if (base === null || base[i]) valid = failRow(valid, base, i, n, ctx);
      }
      return bigVec(to, out, valid);
    }
    const out = new Float64Array(n);
    const range = INT_RANGE[t];
    for (let i = 0; i < n; i++) {
      const x = integer ? roundHalfAway(values[i]!) : values[i]!;
      out[i] = x;
      if (range && !(x >= range[0] && x <= range[1]) && (base === null || base[i])) valid = failRow(valid, base, i, n, ctx);
    }
    return numVec(to, out, valid);
  };
}

function toNumbers(values: BigInt64Array, n: number): Float64Array {
  const words = int64Words(values);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = int64ToNumber(values, words, i);
  return out;
}

function toText(v: Vec, from: DataType, to: DataType, n: number): Vec {
  const values = columnValues(v);
  const out: (string | null)[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const x = values[i]!;
    out[i] = x === null ? null : formatValue(x, from);
  }
  return vecFromValues(to, out);
}

function fromText(v: Vec, to: DataType, ctx: EvalContext, n: number): Vec {
  const values = columnValues(v) as (string | null)[];
  const out: (ReturnType<typeof parseText> | null)[] = new Array(n);
  const t = nameOf(to);
  for (let i = 0; i < n; i++) {
    const s = values[i];
    if (s === null || s === undefined) { out[i] = null; continue; }
    let x = parseText(s, to);
    const range = INT_RANGE[t];
    if (range && typeof x === 'number' && !(x >= range[0] && x <= range[1])) x = undefined;
    if (x === undefined) {
      ctx.problems.count++;
      x = null;
    }
    out[i] = t === 'INTERVAL' && x !== null ? intervalToMicros(x as Interval) : x;
  }
  if (t === 'INTERVAL') {
    const nums = new Float64Array(n);
    const valid = new Uint8Array(n);
    for (let i = 0; i < n; i++) if (out[i] !== null) { nums[i] = out[i] as number; valid[i] = 1; }
    return numVec(to, nums, valid);
  }
  if (t === 'BIGINT') {
    const big = new BigInt64Array(n);
    const valid = new Uint8Array(n);
    for (let i = 0; i < n; i++) if (out[i] !== null) { big[i] = out[i] as bigint; valid[i] = 1; }
    return bigVec(to, big, valid);
  }
  return vecFromValues(to, out as never[]);
}
