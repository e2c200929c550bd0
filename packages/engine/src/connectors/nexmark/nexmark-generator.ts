/**
 * Generates the events numbered [from, to) into one Arrow delta with a source's declared
 * columns: the rows of its event kind (or of every kind, for the combined stream), in event
 * number order. Deterministic: the same numbers give the same rows, however the range is cut.
 */
import * as arrow from 'apache-arrow';
import type { Schema } from '@sluice/sql';
import { toArrowType } from '../../arrow/types.js';
import type { Delta } from '../../delta.js';
import { Int64Writer, Utf8Writer } from './column-writers.js';
import {
  AUCTION_PROPORTION, EventKind, IN_FLIGHT_AUCTIONS, PROPORTION_DENOMINATOR, adjustedEventNumber, eventKind, eventTimeMs,
  type NexmarkConfig,
} from './nexmark-config.js';
import { writeAuction, writeBid, writePerson, type AuctionWriters, type BidWriters, type PersonWriters } from './nexmark-events.js';
import { EventRandom } from './nexmark-random.js';
import { NEXMARK_FIELDS, mapColumns, type ColumnSource } from './nexmark-schema.js';

/** events it takes to create IN_FLIGHT_AUCTIONS auctions: an auction's expiry horizon */
const EVENTS_FOR_AUCTIONS = Math.floor((IN_FLIGHT_AUCTIONS * PROPORTION_DENOMINATOR) / AUCTION_PROPORTION);

/** Average text bytes per value, to size Utf8 buffers. */
const TEXT_BYTES: Readonly<Record<string, number>> = {
  name: 12, email_address: 15, credit_card: 19, city: 8, state: 2, item_name: 12, description: 52,
  channel: 10, url: 60, extra: 400,
};

type Writer = Int64Writer | Utf8Writer;
interface Writers {
  person: PersonWriters;
  auction: AuctionWriters;
  bid: BidWriters;
  /** in declared column order; null for a column nobody reads (all NULL) */
  columns: (Writer | null)[];
  eventType: Int64Writer | null;
  /** per kind, the writers that get a NULL on rows of another kind (combined stream) */
  nullOnOtherKinds: Writer[][];
}

/** Generates Nexmark rows for one declared schema; see the module comment. */
export class NexmarkGenerator {
  private readonly random = new EventRandom();
  private readonly sources: ColumnSource[];

  /**
   * `kind` null: the combined stream. `read`: the positions of the columns to fill (absent:
   * all); the others are all NULL, and the events are the same. Throws
   * EngineError('invalid-option') for a column it cannot fill.
   */
  constructor(
    readonly config: NexmarkConfig,
    readonly kind: EventKind | null,
    readonly schema: Schema,
    private readonly read?: readonly number[],
  ) {
    this.sources = mapColumns(schema.fields, kind);
  }

  /** The rows of events [from, to). */
  generate(from: number, to: number): Delta {
    const config = this.config;
    const numbers = this.eventNumbers(from, to);
    const rows = numbers.length;
    const w = this.writers(rows);
    const random = this.random;
    for (let i = 0; i < rows; i++) {
      const adjusted = adjustedEventNumber(config, numbers[i]!);
      const eventId = config.firstEventId + adjusted;
      const timeMs = eventTimeMs(config, adjusted);
      const kind = this.kind ?? eventKind(eventId);
      if (kind === EventKind.Bid) {
        writeBid(eventId, timeMs, random, w.bid);
      } else if (kind === EventKind.Auction) {
        const horizonMs = eventTimeMs(config, adjusted + EVENTS_FOR_AUCTIONS) - timeMs;
        writeAuction(eventId, timeMs, horizonMs, random, w.auction);
      } else {
        writePerson(eventId, timeMs, random, w.person);
      }
      if (this.kind === null) {
        w.eventType?.push(kind);
        for (const other of w.nullOnOtherKinds[kind]!) other.pushNull();
      }
    }
    const columns = w.columns.map((c, i) => c?.finish() ?? nullColumn(toArrowType(this.schema.fields[i]!.type), rows));
    return { schema: this.schema, columns, length: rows, ops: null };
  }

  /** The event numbers in [from, to) whose events this generator emits, in order. */
  private eventNumbers(from: number, to: number): Float64Array {
    const all = new Float64Array(Math.max(0, to - from));
    if (this.kind === null) {
      for (let i = 0; i < all.length; i++) all[i] = from + i;
      return all;
    }
    let count = 0;
    for (let n = from; n < to; n++) {
      if (eventKind(this.config.firstEventId + adjustedEventNumber(this.config, n)) === this.kind) all[count++] = n;
    }
    return all.subarray(0, count);
  }

  private writers(rows: number): Writers {
    const person = nullWriters<PersonWriters>(EventKind.Person);
    const auction = nullWriters<AuctionWriters>(EventKind.Auction);
    const bid = nullWriters<BidWriters>(EventKind.Bid);
    const byKind = [person, auction, bid] as unknown as Record<string, Writer | null>[];
    const nullOnOtherKinds: Writer[][] = [[], [], []];
    let eventType: Int64Writer | null = null;
    const columns = this.sources.map((source, c): Writer | null => {
      if (this.read && !this.read.includes(c)) return null;
      const type = toArrowType(this.schema.fields[c]!.type);
      if (source.kind === 'event_type') return (eventType = new Int64Writer(type, rows));
      if (source.kind === 'date_time') {
        const shared = new Int64Writer(type, rows);
        for (const kindWriters of byKind) kindWriters['date_time'] = shared;
        return shared;
      }
      const { field } = source;
      const writer = type instanceof arrow.Utf8 ? new Utf8Writer(rows, TEXT_BYTES[field.name] ?? 16) : new Int64Writer(type, rows);
      byKind[field.kind]![field.name] = writer;
      for (const other of [EventKind.Person, EventKind.Auction, EventKind.Bid]) {
        if (other !== field.kind) nullOnOtherKinds[other]!.push(writer);
      }
      return writer;
    });
    return { person, auction, bid, columns, eventType, nullOnOtherKinds };
  }
}

function nullWriters<T>(kind: EventKind): T {
  const out: Record<string, null> = {};
  for (const field of NEXMARK_FIELDS[kind]) out[field.name] = null;
  return out as T;
}

/** `rows` NULLs of an Int64-like or Utf8 column (zeroed buffers, an all-zero validity bitmap). */
function nullColumn(type: arrow.DataType, rows: number): arrow.Data {
  const common = { length: rows, nullCount: rows, nullBitmap: new Uint8Array((rows + 7) >> 3) };
  if (type instanceof arrow.Utf8) return arrow.makeData({ ...common, type, valueOffsets: new Int32Array(rows + 1), data: new Uint8Array(0) });
  if (type instanceof arrow.Int32) return arrow.makeData({ ...common, type, data: new Int32Array(rows) });
  return arrow.makeData({ ...common, type: type as arrow.Int64, data: new BigInt64Array(rows) });
}
