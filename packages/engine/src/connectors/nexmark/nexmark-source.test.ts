import { describe, expect, it } from 'vitest';
import { field, schemaOf, T, type Options, type Schema } from '@sluice/sql';
import { deltaRows } from '../../delta.js';
import { sourceContext } from '../test-context.js';
import { BASE_TIME_MS, DEFAULT_CONFIG, EventKind, adjustedEventNumber, type NexmarkConfig } from './nexmark-config.js';
import { NexmarkGenerator } from './nexmark-generator.js';
import { NEXMARK_FIELDS, combinedName } from './nexmark-schema.js';
import { nexmarkSourceConnector, NexmarkSourceReader } from './nexmark-source.js';

const tableSchema = (kind: EventKind): Schema => schemaOf(NEXMARK_FIELDS[kind].map((f) => field(f.name, f.type)));
const config: NexmarkConfig = { ...DEFAULT_CONFIG, eventCount: 100_000 };
type Row = Record<string, unknown>;

function rowsOf(kind: EventKind, from: number, to: number, cfg = config): Row[] {
  const generator = new NexmarkGenerator(cfg, kind, tableSchema(kind));
  const delta = generator.generate(from, to);
  return deltaRows(delta).map(({ values }) => Object.fromEntries(delta.schema.fields.map((f, i) => [f.name, values[i]])));
}

const utf8Length = (v: unknown): number => Buffer.byteLength(String(v));

describe('nexmark generator', () => {
  it('is deterministic whatever the ranges are cut into', () => {
    for (const kind of [EventKind.Person, EventKind.Auction, EventKind.Bid]) {
      const whole = rowsOf(kind, 0, 5_000);
      const pieces = [...rowsOf(kind, 0, 1_234), ...rowsOf(kind, 1_234, 1_235), ...rowsOf(kind, 1_235, 5_000)];
      expect(pieces).toEqual(whole);
    }
  });

  it('fills only the columns read, the others NULL, with the same events', () => {
    for (const kind of [EventKind.Person, EventKind.Auction, EventKind.Bid]) {
      const schema = tableSchema(kind);
      const read = [0, schema.fields.length - 2];
      const narrow = deltaRows(new NexmarkGenerator(config, kind, schema, read).generate(0, 3_000)).map((r) => r.values);
      const whole = rowsOf(kind, 0, 3_000).map((row) => Object.values(row));
      expect(narrow).toEqual(whole.map((values) => values.map((v, c) => (read.includes(c) ? v : null))));
    }
  });

  it('emits 1 person : 3 auctions : 46 bids per 50 events', () => {
    expect(rowsOf(EventKind.Person, 0, 50_000)).toHaveLength(1_000);
    expect(rowsOf(EventKind.Auction, 0, 50_000)).toHaveLength(3_000);
    expect(rowsOf(EventKind.Bid, 0, 50_000)).toHaveLength(46_000);
  });

  it('numbers people and auctions from 1000 and draws bids among recent ones, hot keys included', () => {
    const people = rowsOf(EventKind.Person, 0, 50_000);
    expect(people.map((p) => p['id'])).toEqual(people.map((_, i) => BigInt(1000 + i)));
    const auctions = rowsOf(EventKind.Auction, 0, 50_000);
    expect(auctions.map((a) => a['id'])).toEqual(auctions.map((_, i) => BigInt(1000 + i)));
    for (const a of auctions) {
      expect(Number(a['category'])).toBeGreaterThanOrEqual(10);
      expect(Number(a['category'])).toBeLessThanOrEqual(14);
      expect(a['reserve'] as bigint).toBeGreaterThanOrEqual(a['initial_bid'] as bigint);
      expect(a['expires'] as number).toBeGreaterThan(a['date_time'] as number);
      expect(Number(a['seller'])).toBeLessThanOrEqual(1000 + 1000);
    }
    const hotSellers = auctions.filter((a) => Number(a['seller']) % 100 === 0).length / auctions.length;
    expect(hotSellers).toBeGreaterThan(0.7);
    const bids = rowsOf(EventKind.Bid, 0, 50_000);
    const hotAuctions = bids.filter((b) => Number(b['auction']) % 100 === 0).length / bids.length;
    expect(hotAuctions).toBeGreaterThan(0.45);
    expect(hotAuctions).toBeLessThan(0.6);
    const hotBidders = bids.filter((b) => Number(b['bidder']) % 100 === 1).length / bids.length;
    expect(hotBidders).toBeGreaterThan(0.7);
    for (const b of bids) {
      expect(Number(b['auction'])).toBeGreaterThanOrEqual(1000);
      expect(Number(b['auction'])).toBeLessThan(1000 + 3_000 + 10);
      expect(Number(b['price'])).toBeGreaterThanOrEqual(100);
      expect(Number(b['price'])).toBeLessThanOrEqual(100_000_000);
    }
    const hotChannels = bids.filter((b) => ['Google', 'Facebook', 'Baidu', 'Apple'].includes(b['channel'] as string)).length;
    expect(hotChannels / bids.length).toBeGreaterThan(0.45);
    const cold = bids.filter((b) => /^channel-\d+$/.test(b['channel'] as string));
    expect(cold.length + hotChannels).toBe(bids.length);
    expect(cold.filter((b) => (b['url'] as string).endsWith(`channel_id=${(b['channel'] as string).slice(8)}`)).length / cold.length).toBeGreaterThan(0.85);
  });

  it('pads events to the average sizes and keeps event time at 1e6/rate µs per event', () => {
    const people = rowsOf(EventKind.Person, 0, 100_000);
    const personBytes = people.map((p) => 8 + ['name', 'email_address', 'credit_card', 'city', 'state', 'extra'].reduce((s, c) => s + utf8Length(p[c]), 0));
    expect(Math.abs(personBytes.reduce((a, b) => a + b, 0) / people.length - 200)).toBeLessThan(10);
    const auctions = rowsOf(EventKind.Auction, 0, 50_000);
    const auctionBytes = auctions.map((a) => 56 + utf8Length(a['item_name']) + utf8Length(a['description']) + utf8Length(a['extra']));
    expect(Math.abs(auctionBytes.reduce((x, y) => x + y, 0) / auctions.length - 500)).toBeLessThan(15);
    const bids = rowsOf(EventKind.Bid, 0, 10_000);
    const bidExtra = bids.reduce((s, b) => s + utf8Length(b['extra']), 0) / bids.length;
    expect(Math.abs(bidExtra + 32 - 100)).toBeLessThan(5);
    // event n happens at base + floor(n * 100 µs / 1000) ms with the default 10,000 events/s
    expect(people[0]!['date_time']).toBe(BASE_TIME_MS * 1000);
    expect(people[7]!['date_time']).toBe((BASE_TIME_MS + Math.floor((7 * 50 * 100) / 1000)) * 1000);
    const fast = rowsOf(EventKind.Person, 0, 500, { ...config, eventRate: 1_000 });
    expect(fast[3]!['date_time']).toBe((BASE_TIME_MS + 150) * 1000);
  });

  it('shuffles events within out-of-order groups', () => {
    const g = { ...config, outOfOrderGroupSize: 10 };
    const adjusted = Array.from({ length: 20 }, (_, n) => adjustedEventNumber(g, n));
    expect(new Set(adjusted.slice(0, 10))).toEqual(new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    expect(adjusted.slice(0, 10)).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const times = rowsOf(EventKind.Bid, 0, 2_000, { ...g, outOfOrderGroupSize: 500 }).map((b) => b['date_time'] as number);
    expect(times.some((t, i) => i > 0 && t < times[i - 1]!)).toBe(true);
  });

  it('makes a combined stream with event_type and prefixed columns, NULL for other kinds', () => {
    const fields = [field('event_type', T.int), field('date_time', T.timestamp), field('person_name', T.varchar),
      field('auction_seller', T.bigint), field('bid_price', T.bigint)];
    const generator = new NexmarkGenerator(config, null, schemaOf(fields));
    const rows = deltaRows(generator.generate(0, 100)).map((r) => r.values);
    expect(rows).toHaveLength(100);
    expect(rows.filter((r) => r[0] === 0)).toHaveLength(2);
    expect(rows.filter((r) => r[0] === 1)).toHaveLength(6);
    for (const r of rows) {
      expect(r[2] !== null).toBe(r[0] === 0);
      expect(r[3] !== null).toBe(r[0] === 1);
      expect(r[4] !== null).toBe(r[0] === 2);
    }
    // the same events as the per-kind tables
    const bids = rowsOf(EventKind.Bid, 0, 100).map((b) => b['price']);
    expect(rows.filter((r) => r[0] === 2).map((r) => r[4])).toEqual(bids);
    expect(combinedName(NEXMARK_FIELDS[EventKind.Auction][7]!)).toBe('auction_seller');
  });
});

describe('nexmark source', () => {
  const bidSchema = schemaOf([field('price', T.bigint), field('AUCTION', T.bigint), field('date_time', T.timestamp)]);
  const options: Options = { connector: 'nexmark', 'nexmark.table.type': 'bid', 'nexmark.event.num': '10000', 'nexmark.split.num': '4' };

  it('validates the table type and the declared columns', () => {
    expect(() => nexmarkSourceConnector.validate(sourceContext(bidSchema, options))).not.toThrow();
    expect(() => nexmarkSourceConnector.validate(sourceContext(bidSchema, { ...options, 'nexmark.table.type': 'Bids' })))
      .toThrow(/must be 'Person', 'Auction' or 'Bid'/);
    expect(() => nexmarkSourceConnector.validate(sourceContext(schemaOf([field('seller', T.bigint)]), options)))
      .toThrow(/column 'seller' is not a column of nexmark table Bid/);
    expect(() => nexmarkSourceConnector.validate(sourceContext(schemaOf([field('price', T.int)]), options)))
      .toThrow(/has type BIGINT/);
    expect(() => nexmarkSourceConnector.validate(sourceContext(bidSchema, { ...options, 'nexmark.event.rate': '0' })))
      .toThrow(/nexmark.event.rate/);
    expect(nexmarkSourceConnector.isBounded(options)).toBe(true);
    expect(nexmarkSourceConnector.isBounded({ ...options, 'nexmark.event.num': '-1' })).toBe(false);
  });

  it('reads a bounded stream in polls of event numbers and replays from an offset', async () => {
    const reader = new NexmarkSourceReader(sourceContext(bidSchema, options));
    await reader.open();
    const rows: unknown[][] = [];
    let offset: unknown = null;
    for (let batch = await reader.poll(3_000); batch; batch = await reader.poll(3_000)) {
      rows.push(...deltaRows(batch.delta).map((r) => r.values));
      if (offset === null) offset = batch.offset;
    }
    expect(reader.ended).toBe(true);
    expect(rows).toHaveLength(9_200);
    expect(offset).toEqual({ events: 3_000 });
    const replay = new NexmarkSourceReader(sourceContext(bidSchema, options));
    await replay.open();
    await replay.seek(offset);
    const rest = deltaRows((await replay.poll(100_000))!.delta).map((r) => r.values);
    expect(rest).toEqual(rows.slice(2_760));
  });

  it('limits the wall-clock rate with nexmark.max.rate', async () => {
    const reader = new NexmarkSourceReader(sourceContext(bidSchema, { ...options, 'nexmark.max.rate': '1000' }));
    await reader.open();
    const first = await reader.poll(100_000);
    expect(first?.delta.length ?? 0).toBeLessThan(50);
    await new Promise((r) => setTimeout(r, 120));
    const second = await reader.poll(100_000);
    expect(second!.delta.length).toBeGreaterThan(50);
    expect(second!.delta.length).toBeLessThan(400);
  });
});
