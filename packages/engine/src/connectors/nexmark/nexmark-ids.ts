/**
 * Ids derived from the event id (Beam/Flink generator): how many people and auctions exist by a
 * given event, and the draws of an existing (or hot) person or auction. All ids here are
 * 0-based; callers add FIRST_PERSON_ID / FIRST_AUCTION_ID.
 */
import {
  ACTIVE_PEOPLE, AUCTION_ID_LEAD, AUCTION_PROPORTION, IN_FLIGHT_AUCTIONS, PERSON_ID_LEAD, PERSON_PROPORTION,
  PROPORTION_DENOMINATOR,
} from './nexmark-config.js';
import type { EventRandom } from './nexmark-random.js';

/** The newest person id at `eventId` (a person event: its own id). */
export function lastPersonId(eventId: number): number {
  const epoch = Math.floor(eventId / PROPORTION_DENOMINATOR);
  const offset = Math.min(eventId % PROPORTION_DENOMINATOR, PERSON_PROPORTION - 1);
  return epoch * PERSON_PROPORTION + offset;
}

/** A random person among the newest ACTIVE_PEOPLE, or a few not created yet. */
export function nextPersonId(eventId: number, random: EventRandom): number {
  const people = lastPersonId(eventId) + 1;
  const active = Math.min(people, ACTIVE_PEOPLE);
  return people - active + random.int(active + PERSON_ID_LEAD);
}

/**
 * The newest auction id at `eventId` (an auction event: its own id). A person slot maps to the
 * last auction of the previous epoch, a bid slot to the last auction of this epoch.
 */
export function lastAuctionId(eventId: number): number {
  let epoch = Math.floor(eventId / PROPORTION_DENOMINATOR);
  let offset = eventId % PROPORTION_DENOMINATOR;
  if (offset < PERSON_PROPORTION) {
    epoch--;
    offset = AUCTION_PROPORTION - 1;
  } else if (offset >= PERSON_PROPORTION + AUCTION_PROPORTION) {
    offset = AUCTION_PROPORTION - 1;
  } else {
    offset -= PERSON_PROPORTION;
  }
  return epoch * AUCTION_PROPORTION + offset;
}

/** A random auction among the newest IN_FLIGHT_AUCTIONS, or a few not created yet. */
export function nextAuctionId(eventId: number, random: EventRandom): number {
  const max = lastAuctionId(eventId);
  const min = max < IN_FLIGHT_AUCTIONS ? 0 : max - IN_FLIGHT_AUCTIONS;
  return min + random.int(max - min + 1 + AUCTION_ID_LEAD);
}
