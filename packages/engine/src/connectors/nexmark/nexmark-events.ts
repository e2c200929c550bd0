/**
 * One event of each kind, written straight into column writers. Every draw is made in a fixed
 * order whether or not its column is wanted (so the declared columns never change the values),
 * but bytes are only copied for wanted columns.
 */
import {
  AVG_AUCTION_BYTES, AVG_BID_BYTES, AVG_PERSON_BYTES, CHANNEL_NUMBER, FIRST_AUCTION_ID, FIRST_CATEGORY_ID,
  FIRST_PERSON_ID, HOT_AUCTION_RATIO, HOT_BIDDER_RATIO, HOT_CHANNEL_RATIO, HOT_ID_MODULUS, HOT_SELLER_RATIO,
  NUM_CATEGORIES,
} from './nexmark-config.js';
import { lastAuctionId, lastPersonId, nextAuctionId, nextPersonId } from './nexmark-ids.js';
import { ascii, LETTER_POOL, type EventRandom } from './nexmark-random.js';
import type { Int64Writer, Utf8Writer } from './column-writers.js';

type Num = Int64Writer | null;
type Text = Utf8Writer | null;

/** Writers of a person's columns; null where the column is not wanted. */
export interface PersonWriters {
  id: Num; name: Text; email_address: Text; credit_card: Text; city: Text; state: Text; date_time: Num; extra: Text;
}

/** Writers of an auction's columns; null where the column is not wanted. */
export interface AuctionWriters {
  id: Num; item_name: Text; description: Text; initial_bid: Num; reserve: Num; date_time: Num; expires: Num;
  seller: Num; category: Num; extra: Text;
}

/** Writers of a bid's columns; null where the column is not wanted. */
export interface BidWriters {
  auction: Num; bidder: Num; price: Num; channel: Text; url: Text; date_time: Num; extra: Text;
}

const FIRST_NAMES = ['Peter', 'Paul', 'Luke', 'John', 'Saul', 'Vicky', 'Kate', 'Julie', 'Sarah', 'Deiter', 'Walter'].map(ascii);
const LAST_NAMES = ['Shultz', 'Abrams', 'Spencer', 'White', 'Bartels', 'Walton', 'Smith', 'Jones', 'Noris'].map(ascii);
const CITIES = ['Phoenix', 'Los Angeles', 'San Francisco', 'Boise', 'Portland', 'Bend', 'Redmond', 'Seattle', 'Kent', 'Cheyenne'].map(ascii);
const STATES = ['AZ', 'CA', 'ID', 'OR', 'WA', 'WY'].map(ascii);
const HOT_CHANNELS = ['Google', 'Facebook', 'Baidu', 'Apple'].map(ascii);
const URL_PREFIX = ascii('https://www.nexmark.com/');
const URL_SUFFIX = ascii('/item.htm?query=1');
const CHANNEL_ID = ascii('&channel_id=');
const CHANNEL_PREFIX = ascii('channel-');
const DOT_COM = ascii('.com');
/** one fixed url per hot channel, with three directories cut from the letter pool */
const HOT_URLS = HOT_CHANNELS.map((_, i) => {
  const dir = (k: number): string => String.fromCharCode(...LETTER_POOL.subarray(97 * (3 * i + k), 97 * (3 * i + k) + 5));
  return ascii(`https://www.nexmark.com/${dir(0)}/${dir(1)}/${dir(2)}/item.htm?query=1`);
});
const POOL_SIZE = LETTER_POOL.length;
/** bytes counted for each number and timestamp field when padding to the average size */
const NUMBER_BYTES = 8;

/** A random-length string of 3 to maxLength-1 letters: its length and pool offset. */
function stringLength(random: EventRandom, maxLength: number): number {
  return 3 + random.int(maxLength - 3);
}

/** Pads an event of `currentSize` bytes to about `averageSize` (±20%): the `extra` length. */
function extraLength(random: EventRandom, currentSize: number, averageSize: number): number {
  if (currentSize > averageSize) return 0;
  const desired = averageSize - currentSize;
  const delta = Math.round(desired * 0.2);
  return desired - delta + (delta === 0 ? 0 : random.int(2 * delta));
}

function writeLetters(w: Text, random: EventRandom, length: number): void {
  const start = random.int(POOL_SIZE - length);
  if (w) {
    w.letters(start, length);
    w.end();
  }
}

/** Writes the person of `eventId`, happening at `timeMs`. */
export function writePerson(eventId: number, timeMs: number, random: EventRandom, w: PersonWriters): void {
  random.seed(eventId);
  w.id?.push(FIRST_PERSON_ID + lastPersonId(eventId));
  const first = FIRST_NAMES[random.int(FIRST_NAMES.length)]!;
  const last = LAST_NAMES[random.int(LAST_NAMES.length)]!;
  if (w.name) {
    w.name.bytes(first);
    w.name.byte(32);
    w.name.bytes(last);
    w.name.end();
  }
  const userLength = stringLength(random, 7);
  const userStart = random.int(POOL_SIZE - userLength);
  const hostLength = stringLength(random, 5);
  const hostStart = random.int(POOL_SIZE - hostLength);
  if (w.email_address) {
    w.email_address.letters(userStart, userLength);
    w.email_address.byte(64);
    w.email_address.letters(hostStart, hostLength);
    w.email_address.bytes(DOT_COM);
    w.email_address.end();
  }
  for (let group = 0; group < 4; group++) {
    const digits = random.int(10_000);
    if (w.credit_card) {
      if (group > 0) w.credit_card.byte(32);
      w.credit_card.digits(digits, 4);
    }
  }
  w.credit_card?.end();
  const city = CITIES[random.int(CITIES.length)]!;
  const state = STATES[random.int(STATES.length)]!;
  if (w.city) {
    w.city.bytes(city);
    w.city.end();
  }
  if (w.state) {
    w.state.bytes(state);
    w.state.end();
  }
  w.date_time?.push(timeMs * 1000);
  const size = NUMBER_BYTES + first.length + 1 + last.length + userLength + hostLength + 5 + 19 + city.length + state.length;
  writeLetters(w.extra, random, extraLength(random, size, AVG_PERSON_BYTES));
}

/**
 * Writes the auction of `eventId`, happening at `timeMs`; it expires within about twice
 * `horizonMs` (the time IN_FLIGHT_AUCTIONS auctions take to be created).
 */
export function writeAuction(eventId: number, timeMs: number, horizonMs: number, random: EventRandom, w: AuctionWriters): void {
  random.seed(eventId);
  const initialBid = random.price();
  const seller = random.int(HOT_SELLER_RATIO) > 0
    ? Math.floor(lastPersonId(eventId) / HOT_ID_MODULUS) * HOT_ID_MODULUS
    : nextPersonId(eventId, random);
  w.id?.push(FIRST_AUCTION_ID + lastAuctionId(eventId));
  const itemLength = stringLength(random, 20);
  writeLetters(w.item_name, random, itemLength);
  const descriptionLength = stringLength(random, 100);
  writeLetters(w.description, random, descriptionLength);
  w.initial_bid?.push(initialBid);
  const reserve = initialBid + random.price();
  w.reserve?.push(reserve);
  w.date_time?.push(timeMs * 1000);
  const lengthMs = 1 + random.int(Math.max(horizonMs * 2, 1));
  w.expires?.push((timeMs + lengthMs) * 1000);
  w.seller?.push(FIRST_PERSON_ID + seller);
  const category = FIRST_CATEGORY_ID + random.int(NUM_CATEGORIES);
  w.category?.push(category);
  const size = NUMBER_BYTES * 7 + itemLength + descriptionLength;
  writeLetters(w.extra, random, extraLength(random, size, AVG_AUCTION_BYTES));
}

/** Writes the bid of `eventId`, happening at `timeMs`. */
export function writeBid(eventId: number, timeMs: number, random: EventRandom, w: BidWriters): void {
  random.seed(eventId);
  const auction = random.int(HOT_AUCTION_RATIO) > 0
    ? Math.floor(lastAuctionId(eventId) / HOT_ID_MODULUS) * HOT_ID_MODULUS
    : nextAuctionId(eventId, random);
  const bidder = random.int(HOT_BIDDER_RATIO) > 0
    ? Math.floor(lastPersonId(eventId) / HOT_ID_MODULUS) * HOT_ID_MODULUS + 1
    : nextPersonId(eventId, random);
  w.auction?.push(FIRST_AUCTION_ID + auction);
  w.bidder?.push(FIRST_PERSON_ID + bidder);
  w.price?.push(random.price());
  if (random.int(HOT_CHANNEL_RATIO) > 0) {
    const index = random.int(HOT_CHANNELS.length);
    if (w.channel) {
      w.channel.bytes(HOT_CHANNELS[index]!);
      w.channel.end();
    }
    if (w.url) {
      w.url.bytes(HOT_URLS[index]!);
      w.url.end();
    }
  } else {
    writeColdChannel(random, w.channel, w.url);
  }
  w.date_time?.push(timeMs * 1000);
  writeLetters(w.extra, random, extraLength(random, NUMBER_BYTES * 4, AVG_BID_BYTES));
}

/** `channel-k` and a url with three random directories, carrying `channel_id=k` 9 times in 10. */
function writeColdChannel(random: EventRandom, channel: Text, url: Text): void {
  const k = random.int(CHANNEL_NUMBER);
  if (channel) {
    channel.bytes(CHANNEL_PREFIX);
    channel.digits(k);
    channel.end();
  }
  url?.bytes(URL_PREFIX);
  for (let dir = 0; dir < 3; dir++) {
    const length = stringLength(random, 6);
    const start = random.int(POOL_SIZE - length);
    if (url) {
      if (dir > 0) url.byte(47);
      url.letters(start, length);
    }
  }
  const withId = random.int(10) > 0;
  if (url) {
    url.bytes(URL_SUFFIX);
    if (withId) {
      url.bytes(CHANNEL_ID);
      url.digits(k);
    }
    url.end();
  }
}
