/**
 * Broker messages -> rows. A message (Kafka record, NATS message, Redis stream entry, MQTT
 * publish) has an optional key, a value and a position (`topic/partition@offset`). What a
 * value means follows `FORMAT ... ENCODE ...`:
 *
 * - `FORMAT PLAIN ENCODE JSON | CSV | TEXT`: the value is one record, decoded like a line of a
 *   file (row-decoder.ts). A message without a value (a Kafka tombstone) is skipped.
 * - `FORMAT PLAIN ENCODE BYTES`: the value's bytes as they are into the one BYTEA (or VARCHAR,
 *   as UTF-8) column; TIMESTAMP columns receive the arrival time.
 * - `FORMAT UPSERT ENCODE JSON` and `FORMAT DEBEZIUM ENCODE JSON`: change events with deletions,
 *   for tables with a primary key (change-event-decoder.ts).
 *
 * Bad messages become problems positioned at the message, with the payload kept for dead letters.
 */
import { isScalar, type Options, type Schema } from '@sluice/sql';
import type { InputProblem } from '../connectors/source.js';
import type { Delta } from '../delta.js';
import { EngineError } from '../errors.js';
import { createRowDecoder } from './decoder-factory.js';
import { ChangeEventDecoder } from './change-event-decoder.js';
import { countNewlines, RowsBuilder, type RowDecoder } from './row-decoder.js';

/** One message as received. */
export interface Message {
  readonly key: Uint8Array | string | null;
  readonly value: Uint8Array | string | null;
  /** where it is in its input, for problems and dead letters */
  readonly position: string;
}

export interface MessageDecodeResult {
  /** good messages' rows, in order; ops present only for change-event formats */
  readonly delta: Delta;
  readonly problems: InputProblem[];
  /** per problem, the message's payload as text (for dead letters) */
  readonly payloads: string[];
}

/** Decodes runs of messages of one source; see the module comment. */
export interface MessageDecoder {
  decode(messages: readonly Message[]): MessageDecodeResult;
}

/** What a source's FORMAT clause says, lower case. */
export interface FormatSpec {
  readonly format: string;
  readonly encode: string;
}

/** FORMATs that carry deletions, so only a table with a primary key can take them. */
export function isChangeFormat(format: FormatSpec): boolean {
  return format.format === 'upsert' || format.format === 'debezium';
}

/**
 * The decoder for `format`. `options` are the merged WITH and FORMAT options; `primaryKey` the
 * target table's key columns (required by change formats). Throws EngineError('invalid-option')
 * for a combination that cannot work, so CREATE fails early.
 */
export function createMessageDecoder(schema: Schema, format: FormatSpec, options: Options, primaryKey: readonly number[] = []): MessageDecoder {
  if (format.format === 'plain' || format.format === 'native') {
    if (format.encode === 'bytes') return new BytesMessageDecoder(schema);
    return new LineMessageDecoder(createRowDecoder(schema, format.encode, options));
  }
  if (isChangeFormat(format)) {
    if (format.encode !== 'json') throw invalid(`FORMAT ${format.format.toUpperCase()} needs ENCODE JSON, not ${format.encode.toUpperCase()}`);
    return new ChangeEventDecoder(schema, format.format as 'upsert' | 'debezium', options, primaryKey);
  }
  throw invalid(`FORMAT ${format.format.toUpperCase()} is not supported`, 'use FORMAT PLAIN, UPSERT or DEBEZIUM');
}

const utf8 = new TextDecoder();

/** A payload as text: UTF-8 when it decodes cleanly, else PostgreSQL's `\x` hex. */
export function payloadText(payload: Uint8Array | string | null): string {
  if (payload === null) return '';
  if (typeof payload === 'string') return payload;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(payload);
  } catch {
    return `\\x${Buffer.from(payload).toString('hex')}`;
  }
}

/** A payload as text for decoding (invalid UTF-8 becomes U+FFFD, which the decoder judges). */
export function payloadString(payload: Uint8Array | string): string {
  return typeof payload === 'string' ? payload : utf8.decode(payload);
}

/** Values decoded as the lines of a file: the line decoders' positions map back to messages. */
class LineMessageDecoder implements MessageDecoder {
  constructor(private readonly lines: RowDecoder) {}

  decode(messages: readonly Message[]): MessageDecodeResult {
    const texts: string[] = [];
    const firstLines: number[] = [];
    const kept: Message[] = [];
    let line = 1;
    for (const m of messages) {
      if (m.value === null) continue;
      const text = payloadString(m.value);
      texts.push(text);
      firstLines.push(line);
      kept.push(m);
      line += 1 + countNewlines(text);
    }
    const { delta, problems } = this.lines.decode(texts, { file: '', line: 1 });
    const out: InputProblem[] = [];
    const payloads: string[] = [];
    for (const p of problems) {
      const at = Number(p.position.slice(p.position.lastIndexOf(':') + 1));
      const index = upperBound(firstLines, at) - 1;
      const m = kept[index]!;
      out.push({ ...p, position: m.position });
      payloads.push(payloadText(m.value));
    }
    return { delta, problems: out, payloads };
  }
}

/** The index of the first element greater than `x` in ascending `xs`. */
function upperBound(xs: readonly number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** `ENCODE BYTES`: the raw value into the one BYTEA/VARCHAR column. */
class BytesMessageDecoder implements MessageDecoder {
  private readonly rows: RowsBuilder;
  private readonly column: number;
  private readonly asText: boolean;

  constructor(private readonly schema: Schema) {
    const others = schema.fields.filter((f) => !isScalar(f.type, 'TIMESTAMP', 'TIMESTAMPTZ'));
    const target = others[0];
    if (others.length !== 1 || !isScalar(target!.type, 'BYTEA', 'VARCHAR')) {
      throw invalid('ENCODE BYTES needs one BYTEA (or VARCHAR) column, plus optional TIMESTAMP columns for the arrival time');
    }
    this.column = schema.fields.indexOf(target!);
    this.asText = isScalar(target!.type, 'VARCHAR');
    this.rows = new RowsBuilder(schema);
  }

  decode(messages: readonly Message[]): MessageDecodeResult {
    const arrivalUs = Date.now() * 1000;
    const row = new Array(this.schema.fields.length).fill(arrivalUs);
    const bytes = new TextEncoder();
    for (const m of messages) {
      if (m.value === null) continue;
      if (this.asText) row[this.column] = payloadString(m.value);
      else row[this.column] = typeof m.value === 'string' ? bytes.encode(m.value) : m.value;
      this.rows.append(row);
    }
    return { delta: this.rows.finish(), problems: [], payloads: [] };
  }
}

function invalid(message: string, hint?: string): EngineError {
  return new EngineError('invalid-option', message, 'user', hint === undefined ? {} : { hint });
}
