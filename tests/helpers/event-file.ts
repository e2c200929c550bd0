import { writeFile } from 'node:fs/promises';
import { SeededRandom } from './seeded-random.js';
import { formatSqlTimestamp } from './timestamps.js';

/** One generated event, as the tests reason about it (before it is spelled as JSON). */
export interface EventRow {
  /** Event time, epoch milliseconds (UTC). */
  readonly tsMs: number;
  readonly userId: number;
  readonly item: string;
  readonly price: number;
  readonly qty: number;
  /** NULL for a few rows, so that three-valued logic and NULL groups are exercised. */
  readonly category: string | null;
  /** Words separated mostly by one space, sometimes by two spaces or a tab. */
  readonly line: string;
}

/** How an event's `ts` is written in the file. All three must be accepted by the reader. */
export type TimestampSpelling = 'iso' | 'sql' | 'epoch-ms';

/** Options of generateEvents; every field has a default. */
export interface EventGeneratorOptions {
  /** Number of rows (default 10,000). */
  readonly rows?: number;
  /** PRNG seed (default 42). */
  readonly seed?: number;
  /** Event time of the first row, epoch ms (default 2024-03-01 12:00:00 UTC). */
  readonly startMs?: number;
  /** Event times spread over this many ms (default 20 minutes). */
  readonly spanMs?: number;
  /**
   * Rows are out of order by less than this many ms (default 3,000). Keep it below the source's
   * watermark delay (5 s in the tests) so that no row is late and a streaming run must give the
   * batch answer.
   */
  readonly maxDisorderMs?: number;
}

/** The SQL column list matching the generated rows, for `CREATE SOURCE`. */
export const EVENT_COLUMNS_SQL =
  'ts TIMESTAMP, user_id BIGINT, item VARCHAR, price BIGINT, qty INT, category VARCHAR, line VARCHAR';

export const ITEMS: readonly string[] = ['apple', 'bread', 'cheese', 'coffee', 'tea', 'milk'];
export const CATEGORIES: readonly string[] = ['food', 'drink', 'home', 'toys'];
const WORDS: readonly string[] = [
  'the', 'river', 'flows', 'into', 'a', 'sluice', 'gate', 'water', 'stream', 'of', 'events',
  'window', 'time', 'late', 'early', 'batch', 'row', 'count', 'word', 'and', 'or', 'not', 'Stream', 'TIME',
];
const FIRST_USER_ID = 10_000_000_000;

/**
 * Generates events deterministically from the seed: event times rise steadily over the span,
 * each pulled back by a random amount below maxDisorderMs (so rows are slightly out of order);
 * user ids are skewed (low ids are frequent) and exceed 32 bits; about 3% of categories are NULL.
 */
export function generateEvents(options: EventGeneratorOptions = {}): EventRow[] {
  const rowCount = options.rows ?? 10_000;
  const random = new SeededRandom(options.seed ?? 42);
  const startMs = options.startMs ?? Date.UTC(2024, 2, 1, 12, 0, 0);
  const spanMs = options.spanMs ?? 20 * 60_000;
  const maxDisorderMs = options.maxDisorderMs ?? 3_000;
  const rows: EventRow[] = [];
  for (let i = 0; i < rowCount; i++) {
    const baseMs = startMs + maxDisorderMs + Math.floor((i * spanMs) / rowCount);
    const skew = random.next();
    rows.push({
      tsMs: baseMs - random.int(0, maxDisorderMs - 1),
      userId: FIRST_USER_ID + Math.floor(skew * skew * 400),
      item: random.pick(ITEMS),
      price: random.chance(0.1) ? random.int(100, 250) : random.int(1, 99),
      qty: random.int(1, 5),
      category: random.chance(0.03) ? null : random.pick(CATEGORIES),
      line: generateLine(random),
    });
  }
  return rows;
}

function generateLine(random: SeededRandom): string {
  const wordCount = random.int(1, 8);
  let line = random.pick(WORDS);
  for (let w = 1; w < wordCount; w++) {
    const separator = random.chance(0.03) ? '  ' : random.chance(0.02) ? '\t' : ' ';
    line += separator + random.pick(WORDS);
  }
  return line;
}

/** Spells the event time of a row; the spellings rotate so the file holds all three. */
export function spellTimestamp(tsMs: number, spelling: TimestampSpelling): string | number {
  switch (spelling) {
    case 'iso':
      return new Date(tsMs).toISOString();
    case 'sql':
      return formatSqlTimestamp(tsMs);
    case 'epoch-ms':
      return tsMs;
    default:
      return spelling satisfies never;
  }
}

const SPELLINGS: readonly TimestampSpelling[] = ['iso', 'sql', 'epoch-ms'];

/** One JSON line for a row, with snake_case keys as in the SQL schema. */
export function eventToJsonLine(row: EventRow, spelling: TimestampSpelling): string {
  return JSON.stringify({
    ts: spellTimestamp(row.tsMs, spelling),
    user_id: row.userId,
    item: row.item,
    price: row.price,
    qty: row.qty,
    category: row.category,
    line: row.line,
  });
}

/** Writes rows as JSON lines (row i uses spelling i mod 3) and returns the lines written. */
export async function writeEventFile(filePath: string, rows: readonly EventRow[]): Promise<string[]> {
  const lines = rows.map((row, i) => eventToJsonLine(row, SPELLINGS[i % SPELLINGS.length]!));
  await writeFile(filePath, lines.join('\n') + '\n', 'utf8');
  return lines;
}
