/**
 * SQL values <-> the JavaScript values an embedding program sees (docs/embedding.md, "Values"):
 *
 * | SQL                  | to JS (rows, UDF arguments)                         | from JS (pushed rows, UDF results)          |
 * |----------------------|-----------------------------------------------------|---------------------------------------------|
 * | BIGINT               | number when safe (|v| < 2^53), else bigint; `bigint: true`: always bigint | number (an integer) or bigint |
 * | SMALLINT INT         | number                                              | number (an integer in range)                |
 * | REAL DOUBLE DECIMAL  | number                                              | number                                      |
 * | BOOLEAN              | boolean                                             | boolean                                     |
 * | VARCHAR JSONB        | string                                              | string (JSONB: any value, stored as JSON)   |
 * | TIMESTAMP(TZ)        | Date (millisecond precision)                        | Date, ISO text, or epoch milliseconds       |
 * | DATE                 | 'YYYY-MM-DD'                                        | 'YYYY-MM-DD' or Date                        |
 * | TIME                 | 'HH:MM:SS[.ffffff]'                                 | 'HH:MM[:SS[.ffffff]]'                       |
 * | INTERVAL             | { months, days, micros }                            | the same object, or text ('1 hour')         |
 * | BYTEA                | Uint8Array                                          | Uint8Array                                  |
 * | T[]                  | array                                               | array                                       |
 *
 * NULL is `null` both ways (`undefined` is taken as NULL on input).
 */
import { formatTime, parseTypeName, type DataType, type Interval, type SqlValue } from '@sluice/sql';
import { EngineError } from '../errors.js';
import { civilFromDays, daysFromCivil } from '../formats/timestamp.js';
import { coerceJsonValue, parseTextValue } from '../formats/value-parse.js';

/** How values leave the engine. */
export interface ValueOptions {
  /** BIGINT always as bigint (default: number when it is a safe integer, bigint otherwise) */
  readonly bigint?: boolean;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** The JS value of `value` (of SQL type `type`) as documented above. */
export function toJsValue(value: SqlValue, type: DataType, options: ValueOptions = {}): unknown {
  if (value === null) return null;
  if (type.kind === 'list') return (value as SqlValue[]).map((v) => toJsValue(v, type.element, options));
  switch (type.name) {
    case 'BIGINT': {
      const big = typeof value === 'bigint' ? value : BigInt(value as number);
      if (options.bigint) return big;
      return big >= -BigInt(Number.MAX_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
    }
    case 'TIMESTAMP':
    case 'TIMESTAMPTZ': return new Date(Math.floor((value as number) / 1000));
    case 'DATE': {
      const { year, month, day } = civilFromDays(value as number);
      return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    }
    case 'TIME': return formatTime(value as number);
    default: return value;
  }
}

/**
 * The SQL value of a JS value for a column of `type`, or a string saying why it does not fit
 * (the caller turns it into its own error).
 */
export function fromJsValue(value: unknown, type: DataType): { ok: true; value: SqlValue } | { ok: false; reason: string } {
  if (value === null || value === undefined) return { ok: true, value: null };
  const fail = (reason: string) => ({ ok: false as const, reason });
  if (type.kind === 'list') {
    if (!Array.isArray(value)) return fail(`expected an array, got ${describe(value)}`);
    const out: SqlValue[] = [];
    for (const item of value) {
      const r = fromJsValue(item, type.element);
      if (!r.ok) return r;
      out.push(r.value);
    }
    return { ok: true, value: out };
  }
  const got = describe(value);
  switch (type.name) {
    case 'BIGINT': {
      const big = typeof value === 'bigint' ? value : typeof value === 'number' && Number.isInteger(value) ? BigInt(value) : null;
      if (big === null) return fail(`expected an integer (number or bigint) for BIGINT, got ${got}`);
      return big >= INT64_MIN && big <= INT64_MAX ? { ok: true, value: big } : fail(`${big} is out of range for BIGINT`);
    }
    case 'SMALLINT':
    case 'INT': {
      const n = typeof value === 'bigint' ? Number(value) : value;
      const max = type.name === 'INT' ? 2_147_483_647 : 32_767;
      if (typeof n !== 'number' || !Number.isInteger(n)) return fail(`expected an integer for ${type.name}, got ${got}`);
      return n <= max && n >= -max - 1 ? { ok: true, value: n } : fail(`${n} is out of range for ${type.name}`);
    }
    case 'REAL':
    case 'DOUBLE':
    case 'DECIMAL':
      if (typeof value === 'number') return { ok: true, value };
      if (typeof value === 'bigint') return { ok: true, value: Number(value) };
      return fail(`expected a number for ${type.name}, got ${got}`);
    case 'BOOLEAN':
      return typeof value === 'boolean' ? { ok: true, value } : fail(`expected a boolean, got ${got}`);
    case 'VARCHAR':
      return typeof value === 'string' ? { ok: true, value } : fail(`expected a string for VARCHAR, got ${got}`);
    case 'JSONB':
      return { ok: true, value: typeof value === 'string' ? value : JSON.stringify(value, bigintAsNumber) };
    case 'TIMESTAMP':
    case 'TIMESTAMPTZ':
      if (value instanceof Date) return Number.isNaN(value.getTime()) ? fail('invalid Date') : { ok: true, value: value.getTime() * 1000 };
      if (typeof value === 'number' && Number.isFinite(value)) return { ok: true, value: Math.round(value * 1000) };
      return fromText(value, type, got, 'a Date, ISO text or epoch milliseconds');
    case 'DATE':
      if (value instanceof Date) return { ok: true, value: daysFromCivil(value.getUTCFullYear(), value.getUTCMonth() + 1, value.getUTCDate()) };
      return fromText(value, type, got, "a Date or 'YYYY-MM-DD'");
    case 'TIME':
      return fromText(value, type, got, "'HH:MM:SS'");
    case 'INTERVAL':
      if (isInterval(value)) return { ok: true, value };
      return fromText(value, type, got, "{ months, days, micros } or text such as '1 hour'");
    case 'BYTEA':
      return value instanceof Uint8Array ? { ok: true, value } : fail(`expected a Uint8Array for BYTEA, got ${got}`);
    case 'NULL':
      return { ok: true, value: null };
    default:
      return type.name satisfies never;
  }
}

function fromText(value: unknown, type: DataType, got: string, expected: string): { ok: true; value: SqlValue } | { ok: false; reason: string } {
  if (typeof value === 'string') {
    const parsed = parseTextValue(value, type) ?? coerceJsonValue(value, type);
    if (parsed !== undefined && parsed !== null) return { ok: true, value: parsed };
  }
  return { ok: false, reason: `expected ${expected} for ${type.kind === 'scalar' ? type.name : 'a list'}, got ${got}` };
}

function isInterval(v: unknown): v is Interval {
  return typeof v === 'object' && v !== null && typeof (v as Interval).months === 'number'
    && typeof (v as Interval).days === 'number' && typeof (v as Interval).micros === 'number';
}

function bigintAsNumber(_key: string, v: unknown): unknown {
  return typeof v === 'bigint' ? Number(v) : v;
}

/** A short description of a JS value for messages: `string "abc"`, `number 1.5`. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Date) return 'a Date';
  const text = typeof value === 'string' ? JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value) : typeof value === 'object' ? '' : String(value);
  return `${typeof value}${text ? ` ${text}` : ''}`;
}

/** Parses a type name of a UDF signature (`'DOUBLE'`, `'varchar'`, `'BIGINT[]'`); throws `invalid-function`. */
export function signatureType(text: string, what: string): DataType {
  try {
    return parseTypeName(text);
  } catch (error) {
    throw new EngineError('invalid-function', `${what}: '${text}' is not a SQL type (${error instanceof Error ? error.message : String(error)})`);
  }
}
