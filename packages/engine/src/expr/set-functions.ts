/**
 * Set-returning functions (unnest, regexp_split_to_table, generate_series): for each input
 * row, a run of values. The result is one column of all values (`child`) plus, per input
 * row, where its run starts and how long it is; NULL input gives an empty run.
 */
import type * as arrow from 'apache-arrow';
import type { BoundExpr, DataType, Schema } from '@sluice/sql';
import type { Delta } from '../delta.js';
import { EngineError } from '../errors.js';
import { compileExpr } from './compile-expr.js';
import { compileUserSetFunction, type UserSetExpander } from '../embedding/table-udf.js';
import type { EvalContext } from './eval-context.js';
import { pgRegExp } from './functions/strings.js';
import { matchGroups } from './functions/text-extra.js';
import { vecFromValues } from './functions/row-map.js';
import { valueAt, vecFromStrings, vecStrings, vecToData } from './vec-convert.js';
import { isValidAt, type Vec } from './vec.js';

/** The runs of one set function over one batch. */
export interface SetRuns {
  readonly starts: Int32Array;
  readonly lengths: Int32Array;
  readonly child: arrow.Data;
}

/** A compiled set function. */
export interface CompiledSetFunction {
  readonly type: DataType;
  evaluate(delta: Delta, ctx: EvalContext): SetRuns;
}

/** Compiles `fn(args)` over rows of `inputSchema`; `type` is the element type yielded. */
export function compileSetFunction(fn: string, args: readonly BoundExpr[], inputSchema: Schema, type: DataType): CompiledSetFunction {
  const compiled = args.map((a) => compileExpr(a, inputSchema));
  // a name the engine does not implement is a user table function of the engine being planned
  const expand: Expander = Object.hasOwn(expanders, fn) ? expanders[fn]! : userExpander(compileUserSetFunction(fn));
  return {
    type,
    evaluate(delta, ctx) {
      const vecs = compiled.map((c) => c.evaluateVec(delta, ctx));
      return expand(vecs, delta.length, type, ctx);
    },
  };
}

type Expander = (args: readonly Vec[], n: number, type: DataType, ctx: EvalContext) => SetRuns;

const userExpander = (expand: UserSetExpander): Expander => (args, n, _type, ctx) => expand(args, n, ctx);

/** Runs from per-row JS value arrays (the general path). */
function runsFromValues(perRow: readonly (readonly unknown[] | null)[], type: DataType, ctx: EvalContext): SetRuns {
  const n = perRow.length;
  const starts = new Int32Array(n);
  const lengths = new Int32Array(n);
  const all: unknown[] = [];
  for (let i = 0; i < n; i++) {
    starts[i] = all.length;
    const values = perRow[i];
    if (!values) continue;
    lengths[i] = values.length;
    for (const v of values) all.push(v);
  }
  const isText = type.kind === 'scalar' && (type.name === 'VARCHAR' || type.name === 'JSONB');
  const vec = isText ? vecFromStrings(type, all as string[]) : vecFromValues(type, all as never[]);
  return { starts, lengths, child: vecToData(vec, ctx) };
}

const unnest: Expander = (args, n, _type, ctx) => {
  const list = args[0]!;
  if (list.repr !== 'list') throw new EngineError('invalid-argument', 'unnest expects an array');
  const starts = new Int32Array(n);
  const lengths = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    starts[i] = list.offsets[i]!;
    lengths[i] = isValidAt(list, i) ? list.offsets[i + 1]! - list.offsets[i]! : 0;
  }
  return { starts, lengths, child: vecToData(list.child, ctx) };
};

const regexpSplit: Expander = (args, n, type, ctx) => {
  const strings = vecStrings(args[0]!);
  const patterns = vecStrings(args[1]!);
  const flags = args[2] ? vecStrings(args[2]) : null;
  const perRow = Array.from({ length: n }, (_, i) => {
    const s = strings[i];
    const p = patterns[i];
    if (s === null || s === undefined || p === null || p === undefined) return null;
    return s.split(pgRegExp(p, flags?.[i] ?? ''));
  });
  return runsFromValues(perRow, type, ctx);
};

/** regexp_matches(s, pattern [, flags]): one text[] per match (every match with the g flag). */
const regexpMatches: Expander = (args, n, type, ctx) => {
  const [strings, patterns] = [vecStrings(args[0]!), vecStrings(args[1]!)];
  const flags = args[2] ? vecStrings(args[2]) : null;
  const perRow = Array.from({ length: n }, (_, i) => {
    const s = strings[i];
    const p = patterns[i];
    const f = flags ? flags[i] : '';
    if (s === null || s === undefined || p === null || p === undefined || f === null || f === undefined) return null;
    const re = pgRegExp(p, f);
    re.lastIndex = 0;
    if (!f.includes('g')) { const m = re.exec(s); return m ? [matchGroups(m)] : []; }
    const out: unknown[] = [];
    for (let m = re.exec(s); m; m = re.exec(s)) {
      out.push(matchGroups(m));
      if (m[0] === '') re.lastIndex++;
    }
    return out;
  });
  return runsFromValues(perRow, type, ctx);
};

const generateSeries: Expander = (args, n, type, ctx) => {
  const big = type.kind === 'scalar' && type.name === 'BIGINT';
  const perRow = Array.from({ length: n }, (_, i) => {
    const [start, stop, step = big ? 1n : 1] = args.map((a) => valueAt(a, i));
    if (start === null || stop === null || step === null) return null;
    if (big) return seriesBig(BigInt(start as bigint), BigInt(stop as bigint), BigInt(step as bigint), ctx);
    return seriesNumber(Number(start), Number(stop), Number(step), ctx);
  });
  return runsFromValues(perRow, type, ctx);
};

/** At most this many values per row: a typo in a bound must not exhaust memory. */
const MAX_SERIES = 10_000_000;

function seriesNumber(start: number, stop: number, step: number, ctx: EvalContext): number[] {
  if (step === 0) { ctx.problems.count++; return []; }
  const out: number[] = [];
  for (let v = start; step > 0 ? v <= stop : v >= stop; v += step) {
    if (out.length >= MAX_SERIES) throw new EngineError('resource-limit', `generate_series yields more than ${MAX_SERIES} rows`);
    out.push(v);
  }
  return out;
}

function seriesBig(start: bigint, stop: bigint, step: bigint, ctx: EvalContext): bigint[] {
  if (step === 0n) { ctx.problems.count++; return []; }
  const out: bigint[] = [];
  for (let v = start; step > 0n ? v <= stop : v >= stop; v += step) {
    if (out.length >= MAX_SERIES) throw new EngineError('resource-limit', `generate_series yields more than ${MAX_SERIES} rows`);
    out.push(v);
  }
  return out;
}

const expanders: Readonly<Record<string, Expander>> = {
  unnest,
  regexp_split_to_table: regexpSplit,
  regexp_matches: regexpMatches,
  generate_series: generateSeries,
};

/** Names of the set-returning functions the engine implements. */
export const setFunctionNames: readonly string[] = Object.keys(expanders);
