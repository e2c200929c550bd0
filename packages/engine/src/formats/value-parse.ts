/**
 * Values in: text (CSV fields, option values) and parsed JSON values -> the JS representation
 * of a SQL type (see @sluice/sql data-type.ts). Both return `undefined` when the input is not a
 * value of the type; the decoders turn that into a bad-row problem naming the column.
 */
import { parseTimeText, type DataType, type SqlValue } from '@sluice/sql';
import { parseIntervalText } from './interval-text.js';
import { parseDateText, parseTimestampText } from './timestamp.js';

const INTEGER = /^\s*[+-]?\d+\s*$/;
const FLOAT = /^\s*[+-]?(?:\d+\.?\d*(?:e[+-]?\d+)?|\.\d+(?:e[+-]?\d+)?|infinity|inf|nan)\s*$/i;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const TRUE_WORDS = new Set(['t', 'true', 'y', 'yes', 'on', '1']);
const FALSE_WORDS = new Set(['f', 'false', 'n', 'no', 'off', '0']);
const utf8 = new TextEncoder();

/**
 * Text -> value of `type`, PostgreSQL's input rules: booleans `t/true/yes/on/1` and their
 * opposites, integers in range, floats including `NaN`/`Infinity`, timestamps per
 * `parseTimestampText`, dates `YYYY-MM-DD`, times `HH:MM[:SS[.f]]`, intervals per `parseIntervalText`, BYTEA as `\x`
 * hex (other text as its UTF-8 bytes), arrays as `{a,b}` or a JSON array. JSONB text must be
 * valid JSON. Returns `undefined` when the text is not a value of the type.
 */
export function parseTextValue(text: string, type: DataType): SqlValue | undefined {
  if (type.kind === 'list') return parseArrayText(text, type.element);
  switch (type.name) {
    case 'BOOLEAN': {
      const word = text.trim().toLowerCase();
      return TRUE_WORDS.has(word) ? true : FALSE_WORDS.has(word) ? false : undefined;
    }
    case 'SMALLINT': return INTEGER.test(text) ? inRange(Number(text), 32_767) : undefined;
    case 'INT': return INTEGER.test(text) ? inRange(Number(text), 2_147_483_647) : undefined;
    case 'BIGINT': return parseBigint(text);
    case 'REAL':
    case 'DOUBLE':
    case 'DECIMAL': return FLOAT.test(text) ? parseFloatText(text) : undefined;
    case 'VARCHAR': return text;
    case 'JSONB': return isJson(text) ? text : undefined;
    case 'TIMESTAMP':
    case 'TIMESTAMPTZ': return parseTimestampText(text) ?? undefined;
    case 'DATE': return parseDateText(text) ?? undefined;
    case 'TIME': return parseTimeText(text);
    case 'INTERVAL': return parseIntervalText(text) ?? undefined;
    case 'BYTEA': return parseBytea(text);
    case 'NULL': return null;
    default: {
      const unknown: never = type.name;
      return unknown;
    }
  }
}

/**
 * A value from `JSON.parse` -> value of `type`. Numbers are accepted as strings where the
 * string parses (`"42"`); timestamps as text or as epoch milliseconds; DATE as text or days.
 * BIGINT numbers beyond 2^53 have lost digits in `JSON.parse`, so `rawNumber` must return the
 * number's literal text from the input (the JSON decoder scans the line for it); nested ones
 * are rejected rather than silently rounded. VARCHAR takes any scalar as its text and objects
 * as JSON text; JSONB takes any value as JSON text.
 */
export function coerceJsonValue(v: unknown, type: DataType, rawNumber?: () => string | undefined): SqlValue | undefined {
  if (v === null || v === undefined) return null;
  if (type.kind === 'list') {
    if (!Array.isArray(v)) return typeof v === 'string' ? parseArrayText(v, type.element) : undefined;
    const out: SqlValue[] = [];
    for (const item of v) {
      const value = coerceJsonValue(item, type.element);
      if (value === undefined) return undefined;
      out.push(value);
    }
    return out;
  }
  if (typeof v === 'string') return type.name === 'JSONB' ? JSON.stringify(v) : parseTextValue(v, type);
  switch (type.name) {
    case 'BOOLEAN': return typeof v === 'boolean' ? v : undefined;
    case 'SMALLINT': return typeof v === 'number' ? inRange(v, 32_767) : undefined;
    case 'INT': return typeof v === 'number' ? inRange(v, 2_147_483_647) : undefined;
    case 'BIGINT': {
      if (typeof v !== 'number' || !Number.isInteger(v)) return undefined;
      if (Number.isSafeInteger(v)) return BigInt(v);
      const raw = rawNumber?.();
      return raw === undefined ? undefined : parseBigint(raw);
    }
    case 'REAL':
    case 'DOUBLE':
    case 'DECIMAL': return typeof v === 'number' ? v : undefined;
    case 'VARCHAR': return typeof v === 'object' ? JSON.stringify(v) : String(v);
    case 'JSONB': return JSON.stringify(v);
    case 'TIMESTAMP':
    case 'TIMESTAMPTZ': return typeof v === 'number' && Number.isFinite(v) ? Math.round(v * 1000) : undefined;
    case 'DATE': return typeof v === 'number' && Number.isInteger(v) ? v : undefined;
    case 'TIME':
    case 'INTERVAL':
    case 'BYTEA': return undefined;
    case 'NULL': return null;
    default: {
      const unknown: never = type.name;
      return unknown;
    }
  }
}

function inRange(n: number, max: number): number | undefined {
  return Number.isInteger(n) && n <= max && n >= -max - 1 ? n : undefined;
}

function parseBigint(text: string): bigint | undefined {
  if (!INTEGER.test(text)) return undefined;
  const v = BigInt(text.trim());
  return v >= INT64_MIN && v <= INT64_MAX ? v : undefined;
}

function parseFloatText(text: string): number {
  const t = text.trim().toLowerCase().replace(/^([+-]?)inf$/, '$1infinity');
  if (t.endsWith('nan')) return NaN;
  if (t.endsWith('infinity')) return t.startsWith('-') ? -Infinity : Infinity;
  return Number(t);
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function parseBytea(text: string): Uint8Array | undefined {
  if (!text.startsWith('\\x')) return utf8.encode(text);
  const hex = text.slice(2);
  if (hex.length % 2 !== 0 || !/^[0-9a-f]*$/i.test(hex)) return undefined;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** `{1,2,NULL}` / `{"a b",c}` (one dimension) or a JSON array. */
function parseArrayText(text: string, element: DataType): SqlValue[] | undefined {
  const s = text.trim();
  if (s.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(s);
    } catch {
      return undefined;
    }
    return coerceJsonValue(parsed, { kind: 'list', element }) as SqlValue[] | undefined;
  }
  if (!s.startsWith('{') || !s.endsWith('}')) return undefined;
  const body = s.slice(1, -1);
  if (body.trim() === '') return [];
  const out: SqlValue[] = [];
  const item = /\s*(?:"((?:[^"\\]|\\.)*)"|([^,"{}]*?))\s*(,|$)/y;
  let at = 0;
  while (at < body.length) {
    item.lastIndex = at;
    const m = item.exec(body);
    if (!m) return undefined;
    at = item.lastIndex;
    const quoted = m[1] !== undefined;
    const raw = quoted ? m[1]!.replace(/\\(.)/g, '$1') : m[2]!;
    const value = !quoted && raw.toUpperCase() === 'NULL' ? null : parseTextValue(raw, element);
    if (value === undefined) return undefined;
    out.push(value);
    if (m[3] === '') break;
  }
  return out;
}
