/**
 * `connector = 'nexmark'`: the Nexmark auction events (Person, Auction, Bid), generated inside
 * the engine. Options (RisingWave's names): `nexmark.table.type` ('Person' | 'Auction' | 'Bid',
 * any case; absent: the combined stream, see nexmark-schema.ts), `nexmark.event.num` (total
 * events of all kinds; bounded when set), `nexmark.event.rate` (events per second of event
 * time, default 10,000), `nexmark.max.rate` (wall-clock events per second; absent: as fast as
 * polled), `nexmark.out.of.order.group.size`, `nexmark.base.time`, `nexmark.first.event.id`.
 * Other `nexmark.*` options (`nexmark.split.num`, ...) are accepted and ignored.
 *
 * A poll covers up to `maxRows` event numbers and returns the rows of the source's kind among
 * them, so three sources of one query (person, auction, bid) advance through event time in
 * step. Offsets: `{ events }`, the event numbers consumed; `seek` replays from there.
 */
import type { Options } from '@sluice/sql';
import type { SourceBatch, SourceConnector, SourceContext, SourceErrorCounters, SourceReader } from '../source.js';
import { readNexmarkConfig, type NexmarkConfig } from './nexmark-config.js';
import { NexmarkGenerator } from './nexmark-generator.js';
import { readTableType } from './nexmark-schema.js';

/** The `nexmark` source connector. */
export const nexmarkSourceConnector: SourceConnector = {
  name: 'nexmark',
  validate(ctx) {
    new NexmarkGenerator(readNexmarkConfig(ctx.options), readTableType(ctx.options), ctx.schema);
  },
  isBounded(options: Options) {
    const count = options['nexmark.event.num'];
    return count !== undefined && Number(count) > 0;
  },
  createReader(ctx) {
    return new NexmarkSourceReader(ctx);
  },
};

/** Generates events on `poll`; see the module comment. */
export class NexmarkSourceReader implements SourceReader {
  private readonly config: NexmarkConfig;
  private generator: NexmarkGenerator;
  private consumed = 0;
  private consumedAtOpen = 0;
  private openedAtMs = 0;
  private readonly counters: SourceErrorCounters = { malformedRows: 0 };

  constructor(ctx: SourceContext) {
    this.config = readNexmarkConfig(ctx.options);
    this.generator = new NexmarkGenerator(this.config, readTableType(ctx.options), ctx.schema);
  }

  /** Columns nobody reads are NULL: the generator skips their text (the same events otherwise). */
  readColumns(columns: readonly number[]): void {
    this.generator = new NexmarkGenerator(this.config, this.generator.kind, this.generator.schema, columns);
  }

  get ended(): boolean {
    return this.config.eventCount !== null && this.consumed >= this.config.eventCount;
  }

  get errors(): SourceErrorCounters {
    return this.counters;
  }

  async open(): Promise<void> {
    this.openedAtMs = Date.now();
    this.consumedAtOpen = this.consumed;
  }

  /** Continues after `offset` (`{ events }`); a wall-clock rate then counts from now. */
  async seek(offset: unknown): Promise<void> {
    this.consumed = (offset as { events: number }).events;
    this.consumedAtOpen = this.consumed;
    this.openedAtMs = Date.now();
  }

  async poll(maxRows: number): Promise<SourceBatch | null> {
    let n = Math.min(maxRows, (this.config.eventCount ?? Infinity) - this.consumed);
    const rate = this.config.maxRate;
    if (rate !== null) {
      const due = Math.floor(((Date.now() - this.openedAtMs) / 1000) * rate);
      n = Math.min(n, due - (this.consumed - this.consumedAtOpen));
    }
    if (n <= 0) return null;
    const delta = this.generator.generate(this.consumed, this.consumed + n);
    this.consumed += n;
    return { delta, offset: { events: this.consumed } };
  }

  async close(): Promise<void> {}
}
