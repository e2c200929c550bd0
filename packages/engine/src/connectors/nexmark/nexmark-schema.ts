/**
 * The columns of the Nexmark tables (RisingWave's nexmark tables) and how a declared
 * `CREATE SOURCE` schema maps onto them.
 *
 * With `nexmark.table.type` = Person, Auction or Bid the source has that table's columns; any
 * subset, in any order, may be declared (names match case-insensitively). Without a table type
 * the source is the combined stream: `event_type` (0 person, 1 auction, 2 bid), `date_time`,
 * and every field of every kind prefixed with its kind (`person_name`, `auction_seller`,
 * `bid_price`, ...), NULL on rows of other kinds — a flat form of RisingWave's
 * `person`/`auction`/`bid` struct columns.
 */
import type { DataType, Field, Options } from '@sluice/sql';
import { T, typeEquals } from '@sluice/sql';
import { invalidOption } from '../options.js';
import { EventKind } from './nexmark-config.js';

/** A generated field: its kind, name, SQL type, and average bytes for text. */
export interface NexmarkField {
  readonly kind: EventKind;
  readonly name: string;
  readonly type: DataType;
}

const f = (kind: EventKind, name: string, type: DataType): NexmarkField => ({ kind, name, type });
const P = EventKind.Person;
const A = EventKind.Auction;
const B = EventKind.Bid;

/** The fields of each event kind, in RisingWave's column order. */
export const NEXMARK_FIELDS: Readonly<Record<EventKind, readonly NexmarkField[]>> = {
  [P]: [
    f(P, 'id', T.bigint), f(P, 'name', T.varchar), f(P, 'email_address', T.varchar),
    f(P, 'credit_card', T.varchar), f(P, 'city', T.varchar), f(P, 'state', T.varchar),
    f(P, 'date_time', T.timestamp), f(P, 'extra', T.varchar),
  ],
  [A]: [
    f(A, 'id', T.bigint), f(A, 'item_name', T.varchar), f(A, 'description', T.varchar),
    f(A, 'initial_bid', T.bigint), f(A, 'reserve', T.bigint), f(A, 'date_time', T.timestamp),
    f(A, 'expires', T.timestamp), f(A, 'seller', T.bigint), f(A, 'category', T.bigint),
    f(A, 'extra', T.varchar),
  ],
  [B]: [
    f(B, 'auction', T.bigint), f(B, 'bidder', T.bigint), f(B, 'price', T.bigint),
    f(B, 'channel', T.varchar), f(B, 'url', T.varchar), f(B, 'date_time', T.timestamp),
    f(B, 'extra', T.varchar),
  ],
};

const KIND_NAMES: Readonly<Record<string, EventKind>> = { person: P, auction: A, bid: B };
const KIND_PREFIX: Readonly<Record<EventKind, string>> = { [P]: 'person_', [A]: 'auction_', [B]: 'bid_' };

/** What one declared column holds. */
export type ColumnSource =
  | { readonly kind: 'field'; readonly field: NexmarkField }
  /** the combined stream's `event_type` */
  | { readonly kind: 'event_type' }
  /** the combined stream's `date_time`, whatever the event kind */
  | { readonly kind: 'date_time' };

/** `nexmark.table.type`: a single kind, or null for the combined stream. */
export function readTableType(options: Options): EventKind | null {
  const raw = options['nexmark.table.type'];
  if (raw === undefined || raw.trim() === '') return null;
  const kind = KIND_NAMES[raw.trim().toLowerCase()];
  if (kind === undefined) {
    throw invalidOption('nexmark.table.type', `must be 'Person', 'Auction' or 'Bid', got '${raw}'`,
      'omit it for the combined stream of all three kinds');
  }
  return kind;
}

/** The name a field has in the combined stream. */
export function combinedName(field: NexmarkField): string {
  return field.name === 'date_time' ? 'date_time' : KIND_PREFIX[field.kind] + field.name;
}

/**
 * Maps each declared column to what the generator writes into it; throws
 * EngineError('invalid-option') for a column the table does not have or a wrong type.
 */
export function mapColumns(declared: readonly Field[], tableType: EventKind | null): ColumnSource[] {
  const available = new Map<string, ColumnSource & { type: DataType }>();
  if (tableType === null) {
    available.set('event_type', { kind: 'event_type', type: T.int });
    available.set('date_time', { kind: 'date_time', type: T.timestamp });
    for (const kind of [P, A, B] as const) {
      for (const field of NEXMARK_FIELDS[kind]) {
        if (field.name !== 'date_time') available.set(combinedName(field), { kind: 'field', field, type: field.type });
      }
    }
  } else {
    for (const field of NEXMARK_FIELDS[tableType]) available.set(field.name, { kind: 'field', field, type: field.type });
  }
  const table = tableType === null ? 'the combined nexmark stream' : `nexmark table ${tableName(tableType)}`;
  return declared.map((column) => {
    const found = available.get(column.name.toLowerCase());
    if (!found) {
      throw invalidOption('nexmark.table.type', `column '${column.name}' is not a column of ${table}`,
        `its columns: ${[...available.keys()].join(', ')}`);
    }
    const timestampLike = typeEquals(found.type, T.timestamp) && typeEquals(column.type, T.timestamptz);
    if (!typeEquals(found.type, column.type) && !timestampLike) {
      throw invalidOption('nexmark.table.type', `column '${column.name}' of ${table} has type ${typeName(found.type)}`,
        `declare it as ${column.name} ${typeName(found.type)}`);
    }
    const { type: _type, ...source } = found;
    return source as ColumnSource;
  });
}

/** 'Person', 'Auction' or 'Bid'. */
export function tableName(kind: EventKind): string {
  return kind === P ? 'Person' : kind === A ? 'Auction' : 'Bid';
}

function typeName(type: DataType): string {
  return type.kind === 'scalar' ? type.name : 'a list';
}
