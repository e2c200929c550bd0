/**
 * More math (cbrt, log with a base, trunc to digits, pi) and the array functions
 * array_length, cardinality and array_to_string. PostgreSQL's behaviour throughout: log of a
 * non-positive number gives NULL and counts a problem (as ln does here), arrays are
 * one-dimensional.
 */
import type { BoundCall, SqlValue } from '@sluice/sql';
import { formatValue } from '../text-format.js';
import { broadcast } from '../vec-convert.js';
import type { FunctionTable, Kernel } from './kernel.js';
import { mapRows } from './row-map.js';

/** trunc(x [, digits]): toward zero, keeping `digits` decimals. */
function trunc(v: readonly SqlValue[]): SqlValue {
  const x = v[0] as number;
  if (v.length < 2) return Math.trunc(x);
  const f = 10 ** (v[1] as number);
  return Math.trunc(x * f) / f;
}

/** log(x) is the base-10 logarithm; log(b, x) the base-b one. */
const log: (call: BoundCall) => Kernel = (call) => (args, ctx, n) => mapRows(call.type, args, n, (v) => {
  const x = v[v.length - 1] as number;
  const base = v.length > 1 ? (v[0] as number) : 10;
  if (!(x > 0) || !(base > 0) || base === 1) { ctx.problems.count++; return null; }
  return v.length > 1 ? Math.log(x) / Math.log(base) : Math.log10(x);
});

/** array_to_string(arr, sep [, null_text]): elements in text form; NULLs skipped unless null_text is given. */
function arrayToString(v: readonly SqlValue[], elementType: BoundCall['type'] | undefined): SqlValue {
  if (v[0] === null || v[1] === null) return null;
  const nullText = v.length > 2 ? v[2] : null;
  const parts: string[] = [];
  for (const e of v[0] as SqlValue[]) {
    if (e === null) { if (nullText !== null) parts.push(nullText as string); continue; }
    parts.push(typeof e === 'string' ? e : formatValue(e, elementType!));
  }
  return parts.join(v[1] as string);
}

/** Math and array functions of this file by canonical name. */
export const numericExtraFunctions: FunctionTable = {
  cbrt: (call) => (args, _ctx, n) => mapRows(call.type, args, n, (v) => Math.cbrt(v[0] as number)),
  log,
  trunc: (call) => (args, _ctx, n) => mapRows(call.type, args, n, trunc),
  pi: (call) => (_args, _ctx, n) => broadcast(Math.PI, call.type, n),
  // ARRAY[a, b, ...]: NULL elements stay elements
  array: (call) => (args, _ctx, n) => mapRows(call.type, args, n, (v) => [...v], true),
  cardinality: (call) => (args, _ctx, n) => mapRows(call.type, args, n, (v) => (v[0] as SqlValue[]).length),
  // one dimension only: dimension 1 has the array's length, others are NULL; an empty array has none
  array_length: (call) => (args, _ctx, n) => mapRows(call.type, args, n, (v) => {
    const length = (v[0] as SqlValue[]).length;
    return v[1] === 1 && length > 0 ? length : null;
  }),
  array_to_string: (call) => {
    const t = call.args[0]?.type;
    const element = t && t.kind === 'list' ? t.element : undefined;
    return (args, _ctx, n) => mapRows(call.type, args, n, (v) => arrayToString(v, element), true);
  },
};
