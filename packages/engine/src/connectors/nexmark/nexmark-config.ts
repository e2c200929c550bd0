/**
 * Nexmark generator settings and the event-number arithmetic shared by every event kind
 * (the Beam/Flink generator's conventions, see README.md): which event number becomes which
 * event id, and when each event happens.
 */
import type { Options } from '@sluice/sql';
import { invalidOption, readInteger, readNumber } from '../options.js';

/** 1 person : 3 auctions : 46 bids in every epoch of 50 event ids. */
export const PERSON_PROPORTION = 1;
export const AUCTION_PROPORTION = 3;
export const PROPORTION_DENOMINATOR = 50;
export const FIRST_PERSON_ID = 1000;
export const FIRST_AUCTION_ID = 1000;
export const FIRST_CATEGORY_ID = 10;
export const NUM_CATEGORIES = 5;
/** a random existing person is one of the newest 1,000 (plus a lead of people not yet created) */
export const ACTIVE_PEOPLE = 1000;
export const PERSON_ID_LEAD = 10;
/** a random auction is one of the newest 100 in flight (plus a lead) */
export const IN_FLIGHT_AUCTIONS = 100;
export const AUCTION_ID_LEAD = 10;
/** "hot" draws: 1 in HOT_x_RATIO is not hot; hot ids are rounded down to multiples of 100 */
export const HOT_SELLER_RATIO = 4;
export const HOT_AUCTION_RATIO = 2;
export const HOT_BIDDER_RATIO = 4;
export const HOT_CHANNEL_RATIO = 2;
export const HOT_ID_MODULUS = 100;
export const CHANNEL_NUMBER = 10_000;
/** average serialized sizes the `extra` column pads events to, bytes */
export const AVG_PERSON_BYTES = 200;
export const AVG_AUCTION_BYTES = 500;
export const AVG_BID_BYTES = 100;
/** 2015-07-15T00:00:00Z: the base time of a deterministic run */
export const BASE_TIME_MS = Date.UTC(2015, 6, 15);

/** The three event kinds; the numbers are `event_type` in the combined stream (RisingWave's). */
export const EventKind = { Person: 0, Auction: 1, Bid: 2 } as const;
export type EventKind = (typeof EventKind)[keyof typeof EventKind];

/** Settings of one generator, from `WITH (...)` options or the CLI. */
export interface NexmarkConfig {
  /** events per second of event time: consecutive events are `1e6 / rate` µs apart */
  readonly eventRate: number;
  /** total events (all kinds) before the stream ends; null: unbounded */
  readonly eventCount: number | null;
  /** wall-clock limit in events per second; null: as fast as polled */
  readonly maxRate: number | null;
  /** events are shuffled within groups of this many (1: in order) */
  readonly outOfOrderGroupSize: number;
  readonly firstEventId: number;
  readonly baseTimeMs: number;
}

/** The defaults: 10,000 events/s of event time, in order, unbounded, unthrottled. */
export const DEFAULT_CONFIG: NexmarkConfig = {
  eventRate: 10_000,
  eventCount: null,
  maxRate: null,
  outOfOrderGroupSize: 1,
  firstEventId: 0,
  baseTimeMs: BASE_TIME_MS,
};

/**
 * Reads `nexmark.event.num`, `nexmark.event.rate`, `nexmark.max.rate`, `nexmark.out.of.order.group.size`, `nexmark.base.time`
 * (ms since epoch) and `nexmark.first.event.id`. `nexmark.split.num` and other `nexmark.*`
 * options RisingWave knows are accepted and ignored. Throws EngineError('invalid-option').
 */
export function readNexmarkConfig(options: Options): NexmarkConfig {
  const count = options['nexmark.event.num'];
  const eventRate = readNumber(options, 'nexmark.event.rate', DEFAULT_CONFIG.eventRate, 0);
  if (eventRate <= 0) throw invalidOption('nexmark.event.rate', 'must be greater than 0');
  const maxRateRaw = options['nexmark.max.rate'] ?? options['nexmark.max.event.rate'];
  const maxRateKey = options['nexmark.max.rate'] !== undefined ? 'nexmark.max.rate' : 'nexmark.max.event.rate';
  const maxRate = maxRateRaw === undefined ? null : readNumber(options, maxRateKey, 0, 0);
  if (maxRate === 0) throw invalidOption(maxRateKey, 'must be greater than 0');
  return {
    eventRate,
    // RisingWave reads a negative or zero event count as "unbounded"
    eventCount: count === undefined || Number(count) <= 0 ? null : readInteger(options, 'nexmark.event.num', 0, 1),
    maxRate,
    outOfOrderGroupSize: readInteger(options, 'nexmark.out.of.order.group.size', 1, 1, 1_000_000),
    firstEventId: readInteger(options, 'nexmark.first.event.id', 0, 0),
    baseTimeMs: readInteger(options, 'nexmark.base.time', BASE_TIME_MS, 0),
  };
}

/** The event number after out-of-order shuffling within groups of G: `floor(n/G)*G + (n*953) % G`. */
export function adjustedEventNumber(config: NexmarkConfig, n: number): number {
  const g = config.outOfOrderGroupSize;
  if (g === 1) return n;
  return Math.floor(n / g) * g + ((n % g) * 953) % g;
}

/** Event time of an adjusted event number, ms since epoch. */
export function eventTimeMs(config: NexmarkConfig, adjusted: number): number {
  return config.baseTimeMs + Math.floor((adjusted * (1e6 / config.eventRate)) / 1000);
}

/** The kind of an event id: `id % 50` 0 person, 1-3 auction, 4-49 bid. */
export function eventKind(eventId: number): EventKind {
  const rem = eventId % PROPORTION_DENOMINATOR;
  if (rem < PERSON_PROPORTION) return EventKind.Person;
  return rem < PERSON_PROPORTION + AUCTION_PROPORTION ? EventKind.Auction : EventKind.Bid;
}
