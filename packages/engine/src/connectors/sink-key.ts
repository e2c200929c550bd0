/**
 * The key a keyed sink (Kafka message keys, Redis hash fields, upserts) writes: the columns
 * named in `primary_key = 'a,b'`, encoded as a JSON object (`{"a":1,"b":"x"}`), as RisingWave
 * encodes Kafka keys. `type = 'upsert'` needs one; `type = 'append-only'` (the default) may
 * still name one for message keys.
 */
import type { Schema } from '@sluice/sql';
import type { Delta } from '../delta.js';
import { rowObject } from './change-encoder.js';
import { invalidOption } from './options.js';
import type { SinkContext } from './sink.js';

/** How a keyed sink treats its changes. */
export interface SinkKeySpec {
  readonly upsert: boolean;
  /** column positions of `primary_key`; empty when none was given */
  readonly key: readonly number[];
}

/** Reads `type` and `primary_key`; throws EngineError('invalid-option'). */
export function readSinkKey(ctx: SinkContext): SinkKeySpec {
  const type = (ctx.options['type'] ?? 'append-only').toLowerCase();
  if (type !== 'append-only' && type !== 'upsert') throw invalidOption('type', `must be 'append-only' or 'upsert', got '${ctx.options['type']}'`);
  const names = (ctx.options['primary_key'] ?? '').split(',').map((k) => k.trim().toLowerCase()).filter((k) => k !== '');
  if (type === 'upsert' && names.length === 0) throw invalidOption('primary_key', "is required for type = 'upsert'", "primary_key = 'id'");
  return { upsert: type === 'upsert', key: names.map((name) => keyColumn(ctx.schema, name)) };
}

function keyColumn(schema: Schema, name: string): number {
  const index = schema.fields.findIndex((f) => f.name === name);
  if (index < 0) throw invalidOption('primary_key', `"${name}" is not a column of the sink's rows (${schema.fields.map((f) => f.name).join(', ')})`);
  return index;
}

/** The JSON key of row `i`, or null when the spec has no key. */
export function keyText(delta: Delta, i: number, spec: SinkKeySpec): string | null {
  if (spec.key.length === 0) return null;
  const row = rowObject(delta, i);
  const key: Record<string, unknown> = {};
  for (const c of spec.key) key[delta.schema.fields[c]!.name] = row[delta.schema.fields[c]!.name];
  return JSON.stringify(key);
}

/** One change of a batch, as a sink writes it. */
export interface SinkChange {
  readonly op: 1 | -1;
  /** the row as a JSON object (column -> JSON value) */
  readonly row: Record<string, unknown>;
  /** the JSON key (null: no key) */
  readonly key: string | null;
}

/**
 * The batch's changes in order; for an upsert sink only the last change per key, since a
 * batch's deletion and re-insertion of a key is one update for the target.
 */
export function sinkChanges(deltas: readonly Delta[], spec: SinkKeySpec): SinkChange[] {
  const out: SinkChange[] = [];
  for (const delta of deltas) {
    for (let i = 0; i < delta.length; i++) {
      out.push({ op: delta.ops && delta.ops[i]! < 0 ? -1 : 1, row: rowObject(delta, i), key: keyText(delta, i, spec) });
    }
  }
  if (!spec.upsert) return out;
  const last = new Map<string, SinkChange>();
  for (const change of out) {
    last.delete(change.key!); // keep the order of last changes
    last.set(change.key!, change);
  }
  return [...last.values()];
}
