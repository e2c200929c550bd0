/**
 * Per-column generators of the datagen source, configured by RisingWave's option names:
 *
 * - `fields.<col>.kind = 'sequence'`: `start` (default 0), `start + 1`, ... up to `end`
 *   (optional; the source ends when a sequence passes it). Numeric and VARCHAR columns.
 * - `fields.<col>.kind = 'random'` (the default): numbers uniform in [`min`, `max`] (defaults
 *   0 and 32767), strings of `length` (default 10) letters and digits, booleans; TIMESTAMP
 *   columns: processing time minus a random amount up to `max_past` (default '1 day').
 * - `fields.<col>.values = 'a,b,c'`: one of the listed values, at random.
 * - `fields.<col>.kind = 'event_time'` (TIMESTAMP): `start` (timestamp text; default the wall
 *   clock at open) advancing by 1/rate seconds per row, minus a random lateness up to
 *   `max_past` (default none).
 * - A TIMESTAMP column without options holds the processing time.
 * - `fields.<col>.seed`: this column's own seed instead of `datagen.seed`.
 */
import { closestName, typeName, type DataType, type Field, type Options, type SqlValue } from '@sluice/sql';
import { parseTimestampText } from '../formats/timestamp.js';
import { parseTextValue } from '../formats/value-parse.js';
import { uniform, uniformInt } from './datagen-random.js';
import { invalidOption, readDurationMs, readInteger, readNumber } from './options.js';

/** Makes the value of one column for a row index. */
export interface FieldGenerator {
  value(row: number, nowUs: number): SqlValue;
  /** for a sequence with an `end`: the last row index it produces */
  readonly lastRow: number | null;
}

/** What generators need from the running source. */
export interface GeneratorEnv {
  readonly seed: number;
  /** nominal rows per second, for event-time spacing */
  readonly rowsPerSecond: number;
  /** wall clock when the source was opened, µs */
  readonly openedAtUs: number;
}

const KINDS = ['sequence', 'random', 'event_time'];
const SETTINGS = ['kind', 'start', 'end', 'min', 'max', 'length', 'values', 'max_past', 'seed'];
const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const NUMERIC = new Set(['SMALLINT', 'INT', 'BIGINT', 'REAL', 'DOUBLE', 'DECIMAL']);

/** Throws invalid-option for a `fields.<x>.<y>` key naming no column or no known setting. */
export function checkFieldOptionNames(fields: readonly Field[], options: Options): void {
  const names = fields.map((f) => f.name.toLowerCase());
  for (const key of Object.keys(options)) {
    const m = /^fields\.(.+)\.([^.]+)$/.exec(key);
    if (!m) continue;
    if (!names.includes(m[1]!.toLowerCase())) {
      const near = closestName(m[1]!, fields.map((f) => f.name));
      throw invalidOption(key, `there is no column '${m[1]}'`, near ? `did you mean fields.${near}.${m[2]}?` : undefined);
    }
    if (!SETTINGS.includes(m[2]!)) throw invalidOption(key, `unknown setting '${m[2]}'`, `one of ${SETTINGS.join(', ')}`);
  }
}

/** The generator for column `column` of `field`; throws invalid-option for bad settings. */
export function fieldGenerator(field: Field, column: number, options: Options, sourceEnv: GeneratorEnv): FieldGenerator {
  const own = fieldOptions(field.name, options);
  const kind = (own.kind ?? 'random').toLowerCase();
  const key = (setting: string) => `fields.${field.name}.${setting}`;
  const env = own.seed === undefined ? sourceEnv : { ...sourceEnv, seed: readInteger(renamed(own, key), key('seed'), 0, 0, 2 ** 32 - 1) };
  if (!KINDS.includes(kind)) throw invalidOption(key('kind'), `must be one of ${KINDS.join(', ')}, got '${own.kind}'`);
  const type = field.type;
  const scalarName = type.kind === 'scalar' ? type.name : 'LIST';
  if (own.values !== undefined) return pickGenerator(own.values, type, key('values'), env.seed, column);
  const isTime = scalarName === 'TIMESTAMP' || scalarName === 'TIMESTAMPTZ';
  if (kind === 'event_time') {
    if (!isTime) throw invalidOption(key('kind'), `'event_time' needs a TIMESTAMP column, '${field.name}' is ${typeName(type)}`);
    return eventTimeGenerator(own, key, env, column);
  }
  if (kind === 'sequence') {
    if (!NUMERIC.has(scalarName) && scalarName !== 'VARCHAR') throw invalidOption(key('kind'), `'sequence' needs a numeric or VARCHAR column`);
    return sequenceGenerator(own, key, type);
  }
  if (isTime) {
    if (own.kind === undefined && own.max_past === undefined) return { lastRow: null, value: (_row, nowUs) => nowUs };
    const maxPastUs = readDurationMs({ v: own.max_past ?? '1 day' }, 'v', 0) * 1000;
    return { lastRow: null, value: (row, nowUs) => nowUs - Math.floor(uniform(env.seed, row, column, 0) * maxPastUs) };
  }
  return randomGenerator(own, key, type, env.seed, column);
}

function fieldOptions(name: string, options: Options): Record<string, string> {
  const prefix = `fields.${name.toLowerCase()}.`;
  const own: Record<string, string> = {};
  for (const [k, v] of Object.entries(options)) if (k.toLowerCase().startsWith(prefix)) own[k.slice(prefix.length)] = v;
  return own;
}

function renamed(own: Record<string, string>, key: (s: string) => string): Options {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(own)) out[key(k)] = v;
  return out;
}

function pickGenerator(list: string, type: DataType, optionName: string, seed: number, column: number): FieldGenerator {
  const values = list.split(',').map((text) => {
    const v = text.trim().toUpperCase() === 'NULL' ? null : parseTextValue(text.trim(), type);
    if (v === undefined) throw invalidOption(optionName, `'${text.trim()}' is not a valid ${typeName(type)}`);
    return v;
  });
  return { lastRow: null, value: (row) => values[uniformInt(seed, row, column, 0, 0, values.length - 1)]! };
}

function sequenceGenerator(own: Record<string, string>, key: (s: string) => string, type: DataType): FieldGenerator {
  const opts = renamed(own, key);
  const start = readInteger(opts, key('start'), 0, Number.MIN_SAFE_INTEGER);
  const end = opts[key('end')] === undefined ? null : readInteger(opts, key('end'), 0, start);
  const name = type.kind === 'scalar' ? type.name : '';
  const lastRow = end === null ? null : end - start;
  if (name === 'BIGINT') return { lastRow, value: (row) => BigInt(start) + BigInt(row) };
  if (name === 'VARCHAR') return { lastRow, value: (row) => String(start + row) };
  return { lastRow, value: (row) => start + row };
}

function randomGenerator(own: Record<string, string>, key: (s: string) => string, type: DataType, seed: number, column: number): FieldGenerator {
  const opts = renamed(own, key);
  const name = type.kind === 'scalar' ? type.name : 'LIST';
  if (name === 'BOOLEAN') return { lastRow: null, value: (row) => uniform(seed, row, column, 0) < 0.5 };
  if (name === 'VARCHAR') {
    const length = readInteger(opts, key('length'), 10, 0, 1_000_000);
    return {
      lastRow: null,
      value: (row) => {
        let s = '';
        for (let k = 0; k < length; k++) s += ALPHABET[uniformInt(seed, row, column, k, 0, ALPHABET.length - 1)];
        return s;
      },
    };
  }
  if (!NUMERIC.has(name)) {
    throw invalidOption(key('kind'), `cannot generate random ${typeName(type)} values`, `set ${key('values')} = 'v1,v2,...'`);
  }
  const min = readNumber(opts, key('min'), 0);
  const max = readNumber(opts, key('max'), 32_767, min);
  if (name === 'REAL' || name === 'DOUBLE' || name === 'DECIMAL') {
    return { lastRow: null, value: (row) => min + uniform(seed, row, column, 0) * (max - min) };
  }
  const lo = Math.ceil(min);
  const hi = Math.floor(max);
  if (name === 'BIGINT') return { lastRow: null, value: (row) => BigInt(uniformInt(seed, row, column, 0, lo, hi)) };
  return { lastRow: null, value: (row) => uniformInt(seed, row, column, 0, lo, hi) };
}

function eventTimeGenerator(own: Record<string, string>, key: (s: string) => string, env: GeneratorEnv, column: number): FieldGenerator {
  const opts = renamed(own, key);
  let startUs = env.openedAtUs;
  if (opts[key('start')] !== undefined) {
    const parsed = parseTimestampText(opts[key('start')]!);
    if (parsed === null) throw invalidOption(key('start'), `'${opts[key('start')]}' is not a timestamp`, "e.g. '2024-01-01 00:00:00'");
    startUs = parsed;
  }
  const stepUs = 1_000_000 / env.rowsPerSecond;
  const maxPastUs = readDurationMs(opts, key('max_past'), 0) * 1000;
  return {
    lastRow: null,
    value: (row) => Math.floor(startUs + row * stepUs - (maxPastUs > 0 ? uniform(env.seed, row, column, 0) * maxPastUs : 0)),
  };
}
