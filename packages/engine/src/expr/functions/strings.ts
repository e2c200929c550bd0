/**
 * String functions. `||`, length and starts_with work on the UTF-8 bytes; the others decode
 * (see row-map.ts). Character positions count code points, as PostgreSQL does.
 */
import { T, listOf, type BoundCall, type SqlValue } from '@sluice/sql';
import { Utf8Builder, utf8Length } from '../../arrow/utf8.js';
import { vecFromStrings, vecStrings } from '../vec-convert.js';
import { boolVec, combineValid, numVec, strVec, type StrVec } from '../vec.js';
import { literalArg, type FunctionTable, type Kernel } from './kernel.js';
import { mapRows } from './row-map.js';

const SURROGATE = /[\uD800-\uDFFF]/;

/** Code points of `s` (UTF-16 units when there are no surrogate pairs). */
function chars(s: string): string[] | string {
  return SURROGATE.test(s) ? Array.from(s) : s;
}

function slice(s: string, start: number, end: number): string {
  const cs = chars(s);
  return typeof cs === 'string' ? cs.slice(start, end) : cs.slice(start, end).join('');
}

/** A string function of decoded values. */
function rowFn(f: (values: readonly SqlValue[]) => SqlValue, callOnNull = false): (call: BoundCall) => Kernel {
  return (call) => (args, _ctx, n) => mapRows(call.type, args, n, f, callOnNull);
}

const concatOp: (call: BoundCall) => Kernel = (call) => (args, _ctx, n) => {
  const [a, b] = args as [StrVec, StrVec];
  const valid = combineValid(args, n);
  const builder = new Utf8Builder(n, a.bytes.length + b.bytes.length);
  for (let i = 0; i < n; i++) {
    if (valid && !valid[i]) { builder.appendBytes(a.bytes, 0, 0); continue; }
    builder.appendBytes(a.bytes, a.offsets[i]!, a.offsets[i + 1]!);
    // extend the row just written with b's bytes
    builder.extendLast(b.bytes, b.offsets[i]!, b.offsets[i + 1]!);
  }
  const { offsets, bytes } = builder.finish();
  return strVec(call.type, offsets, bytes, valid);
};

const length: (call: BoundCall) => Kernel = () => (args, _ctx, n) => {
  const a = args[0] as StrVec;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = utf8Length(a.offsets, a.bytes, i);
  return numVec(T.int, out, a.valid);
};

const startsWith: (call: BoundCall) => Kernel = () => (args, _ctx, n) => {
  const [a, b] = args as [StrVec, StrVec];
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const as = a.offsets[i]!;
    const bs = b.offsets[i]!;
    const len = b.offsets[i + 1]! - bs;
    if (a.offsets[i + 1]! - as < len) continue;
    let k = 0;
    while (k < len && a.bytes[as + k] === b.bytes[bs + k]) k++;
    out[i] = k === len ? 1 : 0;
  }
  return boolVec(T.boolean, out, combineValid(args, n));
};

/** PostgreSQL's substring(s, start [, count]): positions before 1 eat into the count. */
function substring(values: readonly SqlValue[]): SqlValue {
  const s = values[0] as string;
  const start = values[1] as number;
  if (values.length < 3) return slice(s, Math.max(start, 1) - 1, Infinity);
  const count = values[2] as number;
  if (count < 0) return null;
  const end = start + count;
  return end <= 1 ? '' : slice(s, Math.max(start, 1) - 1, end - 1);
}

function splitPart(values: readonly SqlValue[]): SqlValue {
  const [s, delimiter, n] = values as [string, string, number];
  if (n === 0) return null;
  const parts = delimiter === '' ? [s] : s.split(delimiter);
  const k = n > 0 ? n - 1 : parts.length + n;
  return parts[k] ?? '';
}

function stringToArray(values: readonly SqlValue[]): SqlValue {
  const s = values[0] as string | null;
  const delimiter = values[1] as string | null;
  if (s === null) return null;
  if (s === '') return [];
  if (delimiter === null) return Array.from(s);
  if (delimiter === '') return [s];
  return s.split(delimiter);
}

const regexpCache = new Map<string, RegExp>();

/** A cached RegExp for a PostgreSQL pattern and flags ('g' global, 'i' case-insensitive). */
export function pgRegExp(pattern: string, flags = ''): RegExp {
  const key = `${flags}/${pattern}`;
  let re = regexpCache.get(key);
  if (!re) {
    if (regexpCache.size > 1000) regexpCache.clear();
    re = new RegExp(pattern, `u${flags.includes('g') ? 'g' : ''}${flags.includes('i') ? 'i' : ''}`);
    regexpCache.set(key, re);
  }
  return re;
}

/** PostgreSQL replacement text (`\1`, `&`) in JS form (`$1`, `$&`). */
function jsReplacement(text: string): string {
  return text.replace(/\$/g, '$$$$').replace(/\\(\d)|\\&|&/g, (m, d: string | undefined) => (d ? `$${d}` : m === '\\&' ? '&' : '$&'));
}

const regexpReplace: (call: BoundCall) => Kernel = (call) => {
  const fixedReplacement = literalArg(call, 2);
  const replacement = typeof fixedReplacement === 'string' ? jsReplacement(fixedReplacement) : null;
  return rowFn((v) => {
    const re = pgRegExp(v[1] as string, (v[3] as string | undefined) ?? '');
    re.lastIndex = 0;
    return (v[0] as string).replace(re, replacement ?? jsReplacement(v[2] as string));
  })(call);
};

const concat: (call: BoundCall) => Kernel = (call) => (args, _ctx, n) => {
  const columns = args.map((a) => (a.repr === 'str' ? vecStrings(a) : null));
  const out: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    let s = '';
    for (const c of columns) s += c?.[i] ?? '';
    out[i] = s;
  }
  return vecFromStrings(call.type, out);
};

/** String functions by canonical name. */
export const stringFunctions: FunctionTable = {
  concat_op: concatOp,
  concat,
  lower: rowFn((v) => (v[0] as string).toLowerCase()),
  upper: rowFn((v) => (v[0] as string).toUpperCase()),
  trim: rowFn((v) => (v[0] as string).replace(/^ +| +$/g, '')),
  btrim: rowFn((v) => (v[0] as string).replace(/^ +| +$/g, '')),
  ltrim: rowFn((v) => (v[0] as string).replace(/^ +/, '')),
  rtrim: rowFn((v) => (v[0] as string).replace(/ +$/, '')),
  length,
  char_length: length,
  character_length: length,
  substring: rowFn(substring),
  substr: rowFn(substring),
  replace: rowFn((v) => (v[1] === '' ? v[0] : (v[0] as string).split(v[1] as string).join(v[2] as string))),
  split_part: rowFn(splitPart),
  starts_with: startsWith,
  string_to_array: (call) => (args, _ctx, n) => mapRows(call.type.kind === 'list' ? call.type : listOf(T.varchar), args, n,
    (v) => (v[0] === null ? null : stringToArray(v)), true),
  regexp_replace: regexpReplace,
};
