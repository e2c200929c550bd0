/**
 * `npm run nexmark -- --events N [--rate R] [--table person|auction|bid] [--out file.jsonl]`:
 * writes generated Nexmark events as JSON lines (stdout without --out). Without --table, one
 * line per event in RisingWave's combined form `{"event_type":0|1|2,"person":{..}|null,
 * "auction":..,"bid":..}`; with it, flat rows of that table. Same events as the `nexmark`
 * source with the same options.
 */
import { createWriteStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { field, schemaOf } from '@sluice/sql';
import {
  deltaRows, NEXMARK_DEFAULT_CONFIG, NEXMARK_FIELDS, NexmarkEventKind, NexmarkGenerator, toJsonValue, type NexmarkConfig,
} from '@sluice/engine/internal';

const CHUNK_EVENTS = 50_000;
const KINDS = { person: NexmarkEventKind.Person, auction: NexmarkEventKind.Auction, bid: NexmarkEventKind.Bid } as const;
const KIND_NAMES = ['person', 'auction', 'bid'] as const;

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '100000' },
    rate: { type: 'string', default: String(NEXMARK_DEFAULT_CONFIG.eventRate) },
    table: { type: 'string' },
    out: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  process.stdout.write('usage: npm run nexmark -- --events N [--rate R] [--table person|auction|bid] [--out file.jsonl]\n');
  process.exit(0);
}

const events = Number(values.events);
const rate = Number(values.rate);
if (!Number.isInteger(events) || events <= 0 || !(rate > 0)) {
  process.stderr.write('--events must be a positive integer and --rate a positive number\n');
  process.exit(2);
}
const config: NexmarkConfig = { ...NEXMARK_DEFAULT_CONFIG, eventCount: events, eventRate: rate };
const table = values.table?.toLowerCase();
if (table !== undefined && !(table in KINDS)) {
  process.stderr.write(`--table must be person, auction or bid, not '${values.table}'\n`);
  process.exit(2);
}

/** One generator per kind, each with its table's full schema. */
const generators = KIND_NAMES.map((name) => {
  const kind = KINDS[name];
  return new NexmarkGenerator(config, kind, schemaOf(NEXMARK_FIELDS[kind].map((f) => field(f.name, f.type))));
});

/** The rows of events [from, to) as JSON lines, in event order. */
function chunkLines(from: number, to: number): string[] {
  const kinds = table === undefined ? [0, 1, 2] : [KINDS[table as keyof typeof KINDS]];
  const rows: { time: number; order: number; line: string }[] = [];
  for (const kind of kinds) {
    const delta = generators[kind]!.generate(from, to);
    const fields = delta.schema.fields;
    deltaRows(delta).forEach(({ values: row }, i) => {
      const object = Object.fromEntries(fields.map((f, c) => [f.name, toJsonValue(row[c]!, f.type)]));
      const payload = table !== undefined ? object
        : { event_type: kind, person: kind === 0 ? object : null, auction: kind === 1 ? object : null, bid: kind === 2 ? object : null };
      const timeColumn = fields.findIndex((f) => f.name === 'date_time');
      rows.push({ time: Number(row[timeColumn]), order: kind * 1e9 + i, line: JSON.stringify(payload) });
    });
  }
  // the per-kind generators each keep event order; merge them back by event time (stable)
  if (kinds.length > 1) rows.sort((a, b) => a.time - b.time || a.order - b.order);
  return rows.map((r) => r.line);
}

const out: NodeJS.WritableStream = values.out ? createWriteStream(values.out) : process.stdout;
for (let from = 0; from < events; from += CHUNK_EVENTS) {
  const text = chunkLines(from, Math.min(events, from + CHUNK_EVENTS)).join('\n') + '\n';
  if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
}
if (out !== process.stdout) out.end();
