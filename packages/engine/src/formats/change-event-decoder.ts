/**
 * Change events -> rows with ops, for tables with a primary key.
 *
 * - `FORMAT UPSERT ENCODE JSON`: the message value is the row (a JSON object) and is upserted
 *   by the table's key; a message without a value (a tombstone) deletes the row whose key is in
 *   the message key. The key is a JSON object with the key columns, or for a one-column key
 *   also the bare value (`42`, `"abc"`). Key columns missing from a value are taken from the key.
 * - `FORMAT DEBEZIUM ENCODE JSON`: the value is a Debezium change event
 *   (`{"before":..., "after":..., "op":"c"|"r"|"u"|"d"}`, possibly wrapped as
 *   `{"schema":..., "payload":{...}}`): `c`/`r` insert `after`, `u` deletes `before` (when
 *   present) and inserts `after`, `d` deletes `before`; tombstones are skipped.
 *
 * Nested paths (`fields.<col>.path`) apply to the row objects (the value, `after`, `before`).
 */
import type { Options, Schema, SqlValue } from '@sluice/sql';
import type { InputProblem } from '../connectors/source.js';
import { deltaFromRows, type Op } from '../delta.js';
import { EngineError } from '../errors.js';
import { JsonDecoder } from './json-decoder.js';
import { columnPaths } from './json-path.js';
import type { Message, MessageDecodeResult, MessageDecoder } from './message-decoder.js';
import { payloadString, payloadText } from './message-decoder.js';
import { coerceJsonValue } from './value-parse.js';

/** Decodes UPSERT or DEBEZIUM JSON messages; see the module comment. */
export class ChangeEventDecoder implements MessageDecoder {
  private readonly rows: JsonDecoder;

  /** Throws EngineError('invalid-option') when the table has no primary key. */
  constructor(
    private readonly schema: Schema,
    private readonly kind: 'upsert' | 'debezium',
    options: Options,
    private readonly primaryKey: readonly number[],
  ) {
    if (primaryKey.length === 0) {
      throw new EngineError('invalid-option', `FORMAT ${kind.toUpperCase()} needs a table with a PRIMARY KEY`, 'user', {
        hint: `CREATE TABLE t (id BIGINT PRIMARY KEY, ...) WITH (...) FORMAT ${kind.toUpperCase()} ENCODE JSON`,
      });
    }
    this.rows = new JsonDecoder(schema, columnPaths(schema, options));
  }

  decode(messages: readonly Message[]): MessageDecodeResult {
    const rows: SqlValue[][] = [];
    const ops: Op[] = [];
    const problems: InputProblem[] = [];
    const payloads: string[] = [];
    for (const m of messages) {
      const error = this.kind === 'upsert' ? this.upsert(m, rows, ops) : this.debezium(m, rows, ops);
      if (error === null) continue;
      problems.push({ code: 'bad-input-row', message: error, position: m.position });
      payloads.push(m.value === null ? `key: ${payloadText(m.key)}` : payloadText(m.value));
    }
    return { delta: deltaFromRows(this.schema, rows, ops), problems, payloads };
  }

  /** Appends the message's change; returns the reason it is bad, or null. */
  private upsert(m: Message, rows: SqlValue[][], ops: Op[]): string | null {
    const key = m.key === null ? undefined : parseKey(payloadString(m.key));
    if (m.value === null) {
      if (key === undefined) return 'a message without a value (a delete) needs a key';
      const row = this.keyRow(key);
      if (typeof row === 'string') return row;
      rows.push(row);
      ops.push(-1);
      return null;
    }
    const text = payloadString(m.value);
    const parsed = parse(text);
    if (typeof parsed === 'string' && parsed.startsWith('error:')) return parsed.slice(6);
    const row = this.rows.valuesOf(parsed, text);
    if (typeof row === 'string') return row;
    if (key !== undefined && this.primaryKey.some((k) => row[k] === null)) {
      const fromKey = this.keyRow(key);
      if (typeof fromKey === 'string') return fromKey;
      for (const k of this.primaryKey) row[k] ??= fromKey[k]!;
    }
    if (this.primaryKey.some((k) => row[k] === null)) return 'the row has no value for its primary key';
    rows.push(row);
    ops.push(1);
    return null;
  }

  private debezium(m: Message, rows: SqlValue[][], ops: Op[]): string | null {
    if (m.value === null) return null; // Kafka's tombstone after a delete: compaction only
    const parsed = parse(payloadString(m.value));
    if (typeof parsed === 'string' && parsed.startsWith('error:')) return parsed.slice(6);
    let event = parsed as Record<string, unknown> | null;
    if (event && typeof event === 'object' && 'payload' in event && 'schema' in event) event = event['payload'] as Record<string, unknown> | null;
    if (!event || typeof event !== 'object') return 'expected a Debezium change event object';
    const op = event['op'];
    const image = (name: 'before' | 'after'): SqlValue[] | string => {
      const v = event![name];
      if (v === null || v === undefined) return `a '${String(op)}' event needs '${name}'`;
      return this.rows.valuesOf(v);
    };
    const push = (values: SqlValue[] | string, sign: Op): string | null => {
      if (typeof values === 'string') return values;
      rows.push(values);
      ops.push(sign);
      return null;
    };
    switch (op) {
      case 'c':
      case 'r':
        return push(image('after'), 1);
      case 'u': {
        const before = event['before'];
        const after = image('after');
        if (typeof after === 'string') return after;
        if (before !== null && before !== undefined) {
          const error = push(image('before'), -1);
          if (error) return error;
        }
        return push(after, 1);
      }
      case 'd':
        return push(image('before'), -1);
      default:
        return `unknown Debezium op ${JSON.stringify(op)} (expected c, r, u or d)`;
    }
  }

  /** A row holding only the key's columns, from a JSON object or (one-column keys) a bare value. */
  private keyRow(key: unknown): SqlValue[] | string {
    if (typeof key === 'object' && key !== null && !Array.isArray(key)) {
      const row = this.rows.valuesOf(key);
      if (typeof row === 'string') return `message key: ${row}`;
      if (this.primaryKey.some((k) => row[k] === null)) return 'the message key lacks a primary key column';
      return row;
    }
    if (this.primaryKey.length !== 1) return 'the message key must be a JSON object with every primary key column';
    const column = this.primaryKey[0]!;
    const value = coerceJsonValue(key, this.schema.fields[column]!.type);
    if (value === undefined || value === null) return `message key: ${JSON.stringify(key)} is not a valid key`;
    const row: SqlValue[] = new Array<SqlValue>(this.schema.fields.length).fill(null);
    row[column] = value;
    return row;
  }
}

/** A message key: JSON when it parses, else the text itself (a bare string key). */
function parseKey(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** JSON.parse, or `error:<reason>`. */
function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    return `error:not valid JSON: ${(e as Error).message}`;
  }
}
