/**
 * More string functions, PostgreSQL's behaviour: concat_ws, left/right, lpad/rpad, repeat,
 * reverse, initcap, strpos, octet_length, md5, encode/decode and the regexp family
 * (regexp_like, which the `~` operators are, regexp_match, regexp_count). Character positions
 * and lengths count code points.
 */
import { createHash } from 'node:crypto';
import type { BoundCall, SqlValue } from '@sluice/sql';
import { EngineError } from '../../errors.js';
import { vecFromStrings, vecStrings } from '../vec-convert.js';
import type { FunctionTable, Kernel } from './kernel.js';
import { mapRows } from './row-map.js';
import { pgRegExp } from './strings.js';

/** At most this many characters from repeat/lpad/rpad: a typo in a count must not exhaust memory. */
const MAX_TEXT = 64 * 1024 * 1024;

function rowFn(f: (values: readonly SqlValue[]) => SqlValue, callOnNull = false): (call: BoundCall) => Kernel {
  return (call) => (args, _ctx, n) => mapRows(call.type, args, n, f, callOnNull);
}

function codePoints(s: string): string[] {
  return Array.from(s);
}

function checkSize(chars: number, fn: string): void {
  if (chars > MAX_TEXT) throw new EngineError('resource-limit', `${fn} would produce more than ${MAX_TEXT} characters`);
}

/** left(s, n): the first n characters; a negative n drops the last |n|. */
function left(v: readonly SqlValue[]): SqlValue {
  const cs = codePoints(v[0] as string);
  const k = v[1] as number;
  return (k >= 0 ? cs.slice(0, k) : cs.slice(0, Math.max(cs.length + k, 0))).join('');
}

/** right(s, n): the last n characters; a negative n drops the first |n|. */
function right(v: readonly SqlValue[]): SqlValue {
  const cs = codePoints(v[0] as string);
  const k = v[1] as number;
  return (k >= 0 ? cs.slice(Math.max(cs.length - k, 0)) : cs.slice(Math.min(-k, cs.length))).join('');
}

/** lpad/rpad(s, length [, fill]): pads with `fill` (default a space) or truncates to `length`. */
function pad(side: 'left' | 'right'): (v: readonly SqlValue[]) => SqlValue {
  return (v) => {
    const cs = codePoints(v[0] as string);
    const length = Math.max(v[1] as number, 0);
    checkSize(length, side === 'left' ? 'lpad' : 'rpad');
    const fill = codePoints(v.length > 2 ? (v[2] as string) : ' ');
    if (cs.length >= length) return cs.slice(0, length).join('');
    if (fill.length === 0) return cs.join('');
    const padding: string[] = [];
    for (let k = 0; padding.length < length - cs.length; k++) padding.push(fill[k % fill.length]!);
    return side === 'left' ? padding.join('') + cs.join('') : cs.join('') + padding.join('');
  };
}

function repeat(v: readonly SqlValue[]): SqlValue {
  const s = v[0] as string;
  const k = Math.max(v[1] as number, 0);
  checkSize(s.length * k, 'repeat');
  return s.repeat(k);
}

/** initcap: the first letter of each run of letters and digits upper case, the rest lower case. */
function initcap(v: readonly SqlValue[]): SqlValue {
  let out = '';
  let inWord = false;
  for (const c of v[0] as string) {
    const alnum = /[\p{L}\p{N}]/u.test(c);
    out += alnum ? (inWord ? c.toLowerCase() : c.toUpperCase()) : c;
    inWord = alnum;
  }
  return out;
}

/** strpos(s, sub): 1-based character position of the first occurrence, 0 when absent. */
function strpos(v: readonly SqlValue[]): SqlValue {
  const s = v[0] as string;
  const at = s.indexOf(v[1] as string);
  return at < 0 ? 0 : codePoints(s.slice(0, at)).length + 1;
}

/** concat_ws(sep, a, b, ...): the non-NULL arguments joined by `sep`; NULL only when sep is. */
const concatWs: (call: BoundCall) => Kernel = (call) => (args, _ctx, n) => {
  const columns = args.map((a) => vecStrings(a));
  const out: (string | null)[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const sep = columns[0]![i];
    if (sep === null || sep === undefined) { out[i] = null; continue; }
    const parts: string[] = [];
    for (let k = 1; k < columns.length; k++) {
      const v = columns[k]![i];
      if (v !== null && v !== undefined) parts.push(v);
    }
    out[i] = parts.join(sep);
  }
  return vecFromStrings(call.type, out);
};

/** The bytes of a VARCHAR or BYTEA value. */
function bytesOf(v: SqlValue): Buffer {
  return v instanceof Uint8Array ? Buffer.from(v.buffer, v.byteOffset, v.byteLength) : Buffer.from(v as string, 'utf8');
}

function encode(v: readonly SqlValue[]): SqlValue {
  const bytes = bytesOf(v[0]!);
  const format = (v[1] as string).toLowerCase();
  switch (format) {
    case 'hex': return bytes.toString('hex');
    case 'base64': return bytes.toString('base64');
    case 'escape': return Array.from(bytes, (b) => (b === 92 ? '\\\\' : b < 32 || b > 126 ? `\\${b.toString(8).padStart(3, '0')}` : String.fromCharCode(b))).join('');
    default: throw new EngineError('invalid-argument', `encode: unknown encoding '${v[1] as string}'`, 'user', { hint: "use 'hex', 'base64' or 'escape'" });
  }
}

function decode(v: readonly SqlValue[]): SqlValue {
  const text = v[0] as string;
  const format = (v[1] as string).toLowerCase();
  switch (format) {
    case 'hex': return new Uint8Array(Buffer.from(text, 'hex'));
    case 'base64': return new Uint8Array(Buffer.from(text, 'base64'));
    case 'escape': return new Uint8Array(Buffer.from(text.replace(/\\\\/g, '\\').replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8))), 'latin1'));
    default: throw new EngineError('invalid-argument', `decode: unknown encoding '${v[1] as string}'`, 'user', { hint: "use 'hex', 'base64' or 'escape'" });
  }
}

/**
 * regexp_match(s, pattern [, flags]): the capture groups of the first match (the whole match
 * when the pattern has none), NULL when there is no match. Unmatched groups are NULL.
 */
function regexpMatch(v: readonly SqlValue[]): SqlValue {
  const flags = v.length > 2 ? (v[2] as string) : '';
  if (flags.includes('g')) throw new EngineError('invalid-argument', 'regexp_match does not take the g flag', 'user', { hint: 'use regexp_matches for every match' });
  const re = pgRegExp(v[1] as string, flags);
  re.lastIndex = 0;
  const m = re.exec(v[0] as string);
  return m ? matchGroups(m) : null;
}

/** A match as PostgreSQL's text[]: the groups, or the whole match when there are none. */
export function matchGroups(m: RegExpExecArray): SqlValue[] {
  return m.length > 1 ? m.slice(1).map((g) => g ?? null) : [m[0]];
}

/** regexp_count(s, pattern [, start [, flags]]): the number of non-overlapping matches. */
function regexpCount(v: readonly SqlValue[]): SqlValue {
  const s = v[0] as string;
  const start = v.length > 2 ? (v[2] as number) : 1;
  if (start < 1) throw new EngineError('invalid-argument', `regexp_count: start must be at least 1, got ${start}`);
  const re = pgRegExp(v[1] as string, `g${v.length > 3 ? (v[3] as string) : ''}`);
  const text = codePoints(s).slice(start - 1).join('');
  let count = 0;
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    count++;
    if (m[0] === '') re.lastIndex++;
  }
  return count;
}

/** String functions of this file by canonical name. */
export const moreTextFunctions: FunctionTable = {
  concat_ws: concatWs,
  left: rowFn(left),
  right: rowFn(right),
  lpad: rowFn(pad('left')),
  rpad: rowFn(pad('right')),
  repeat: rowFn(repeat),
  reverse: rowFn((v) => codePoints(v[0] as string).reverse().join('')),
  initcap: rowFn(initcap),
  strpos: rowFn(strpos),
  octet_length: rowFn((v) => bytesOf(v[0]!).length),
  md5: rowFn((v) => createHash('md5').update(bytesOf(v[0]!)).digest('hex')),
  encode: rowFn(encode),
  decode: rowFn(decode),
  regexp_like: rowFn((v) => pgRegExp(v[1] as string, ((v[2] as string | undefined) ?? '').replace('g', '')).test(v[0] as string)),
  regexp_match: rowFn(regexpMatch),
  regexp_count: rowFn(regexpCount),
};
