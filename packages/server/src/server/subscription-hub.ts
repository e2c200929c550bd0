/**
 * Where subscriptions come from. `SUBSCRIBE name` on a table or materialized view shares one
 * feed per (object, value format) across every client of the server: the engine follows the
 * object's change feed once, and the server fans the batches out. Any other streaming
 * statement (a continuous SELECT over a source) gets a feed of its own.
 */
import type { StatementResult } from '@sluice/engine';
import type { Statement } from '@sluice/sql';
import type { EngineHost } from './engine-host.js';
import { SharedFeed } from './shared-feed.js';
import type { ValueFormat } from './wire-values.js';

/** What opening a subscription gave: a feed to join, or a finite result (a snapshot read). */
export type Opened =
  | { readonly kind: 'feed'; readonly feed: SharedFeed }
  | { readonly kind: 'rows'; readonly result: Extract<StatementResult, { kind: 'rows' }> }
  | { readonly kind: 'command'; readonly tag: string };

/** The server's shared feeds. */
export class SubscriptionHub {
  private readonly shared = new Map<string, Promise<SharedFeed>>();
  private readonly own = new Set<SharedFeed>();

  constructor(private readonly host: EngineHost) {}

  /** Number of engine streams the hub holds (shared and own). */
  get feedCount(): number {
    return this.shared.size + this.own.size;
  }

  /**
   * Opens `statement` as a subscription. A `SUBSCRIBE name` reuses the shared feed when there
   * is one; a statement that turns out to be finite comes back as rows or a command.
   */
  async open(statement: Statement, format: ValueFormat): Promise<Opened> {
    if (statement.kind === 'Subscribe' && statement.target !== undefined) {
      const key = `${format}\u0000${statement.target.toLowerCase()}`;
      for (let attempt = 0; attempt < 3; attempt++) {
        let pending = this.shared.get(key);
        if (!pending) {
          pending = this.startShared(key, statement, format);
          this.shared.set(key, pending);
          pending.catch(() => this.shared.delete(key));
        }
        const feed = await pending;
        // a feed that ended between lookup and join is replaced by a fresh one
        if (!feed.isEnded) return { kind: 'feed', feed };
        if (this.shared.get(key) === pending) this.shared.delete(key);
      }
    }
    const result = await this.host.execute(statement);
    if (result.kind === 'rows') return { kind: 'rows', result };
    if (result.kind === 'command') return { kind: 'command', tag: result.tag };
    return { kind: 'feed', feed: await this.adopt(result, format) };
  }

  /** A feed of its own for a stream the caller already started (a continuous SELECT). */
  async adopt(result: Extract<StatementResult, { kind: 'stream' }>, format: ValueFormat): Promise<SharedFeed> {
    const feed = await SharedFeed.start(result, format, false, (ended) => void this.own.delete(ended));
    this.own.add(feed);
    return feed;
  }

  /** Cancels every engine stream (server shutdown). */
  async close(): Promise<void> {
    const shared = await Promise.allSettled([...this.shared.values()]);
    for (const outcome of shared) if (outcome.status === 'fulfilled') outcome.value.stop();
    for (const feed of [...this.own]) feed.stop();
    this.shared.clear();
  }

  private async startShared(key: string, statement: Statement, format: ValueFormat): Promise<SharedFeed> {
    const result = await this.host.execute(statement);
    if (result.kind !== 'stream') throw new Error(`SUBSCRIBE returned ${result.kind}`);
    const onIdle = (feed: SharedFeed): void => {
      // only forget the feed if the map still holds this one
      void this.shared.get(key)?.then((current) => {
        if (current === feed) this.shared.delete(key);
      });
    };
    return SharedFeed.start(result, format, true, onIdle);
  }
}
