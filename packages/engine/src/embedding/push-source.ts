/**
 * `connector = 'push'`: a source fed from code with `engine.push(source, rows)` — Spark's
 * queue of RDDs, for tests and for programs that receive events themselves. Every pipeline
 * reading the source has its own reader; pushed rows go to every reader open at the time
 * (rows pushed while nothing reads the source are not kept, as for a socket). The source
 * never ends. Readers cannot seek, so with a data directory each reading pipeline logs what
 * it polls in its ingest log before processing it (logged-reader.ts).
 */
import type { Delta } from '../delta.js';
import { EngineError } from '../errors.js';
import type { SourceBatch, SourceConnector, SourceContext, SourceErrorCounters, SourceReader } from '../connectors/source.js';
import { concatDeltas } from '../connectors/concat-deltas.js';
import { readOnError } from '../connectors/options.js';

/** The readers open on one push source (one source's `SourceContext`). */
class PushHub {
  readonly readers = new Set<PushSourceReader>();

  push(delta: Delta): void {
    for (const reader of this.readers) reader.enqueue(delta);
  }
}

/** Hubs by the source's context: the engine hands the same context to every reader it creates. */
const hubs = new WeakMap<SourceContext, PushHub>();

function hubOf(ctx: SourceContext): PushHub {
  let hub = hubs.get(ctx);
  if (!hub) hubs.set(ctx, (hub = new PushHub()));
  return hub;
}

/** Hands `delta` (rows of the source's schema) to every open reader of the push source `ctx`. */
export function pushRows(ctx: SourceContext, delta: Delta): void {
  hubOf(ctx).push(delta);
}

/** The `push` source connector. */
export const pushSourceConnector: SourceConnector = {
  name: 'push',
  validate(ctx) {
    for (const key of Object.keys(ctx.options)) {
      // on_error: pushed rows are checked by push itself; it routes rows user functions fail on
      if (key !== 'connector' && key !== 'on_error') throw new EngineError('invalid-option', `the push connector takes no option ${key}`);
    }
    readOnError(ctx.options);
  },
  isBounded() {
    return false;
  },
  createReader(ctx) {
    return new PushSourceReader(hubOf(ctx));
  },
};

class PushSourceReader implements SourceReader {
  private queue: Delta[] = [];
  private queuedRows = 0;
  private handedOut = 0;
  readonly ended = false;
  readonly errors: SourceErrorCounters = { malformedRows: 0 };

  constructor(private readonly hub: PushHub) {}

  async open(): Promise<void> {
    this.hub.readers.add(this);
  }

  enqueue(delta: Delta): void {
    if (delta.length === 0) return;
    this.queue.push(delta);
    this.queuedRows += delta.length;
  }

  get caughtUp(): boolean {
    return this.queuedRows === 0;
  }

  async poll(maxRows: number): Promise<SourceBatch | null> {
    if (this.queuedRows === 0) return null;
    const parts: Delta[] = [];
    let rows = 0;
    while (this.queue.length > 0 && rows + this.queue[0]!.length <= maxRows) {
      const part = this.queue.shift()!;
      parts.push(part);
      rows += part.length;
    }
    // a pushed batch larger than maxRows still goes whole: rows are never split across batches
    if (parts.length === 0) {
      parts.push(this.queue.shift()!);
      rows = parts[0]!.length;
    }
    this.queuedRows -= rows;
    this.handedOut += rows;
    return { delta: parts.length === 1 ? parts[0]! : concatDeltas(parts), offset: { rows: this.handedOut } };
  }

  metrics(): Readonly<Record<string, number>> {
    return { buffered_rows: this.queuedRows };
  }

  async close(): Promise<void> {
    this.hub.readers.delete(this);
    this.queue = [];
    this.queuedRows = 0;
  }
}
