/**
 * An event-time watermark for an input that has none of its own: a table declared with
 * `WATERMARK FOR ts AS ts - INTERVAL ...`. Like a source's, the watermark is the largest event
 * time handed out so far minus the declared delay (null before any row; infinity once the
 * input has ended). Everything else is the wrapped input's.
 *
 * Without it, a pipeline joining such a table with a source would take the source's watermark
 * alone, and evict state the table's rows still need (interval and window joins).
 *
 * The largest event time is part of the input's position (`WatermarkedPosition`), so a
 * pipeline's checkpoint holds it and a restore continues with the watermark it had: without
 * it, a pipeline reading two such tables would, after a restart, take the watermark of the
 * first table to receive rows alone, close windows early and drop rows an uninterrupted run
 * keeps. Rows of logged batches replayed after the checkpoint are observed as they were.
 */
import type { Schema, WatermarkSpec } from '@sluice/sql';
import type { Delta } from '../delta.js';
import { maxTimestampUs } from './event-time.js';
import type { InputIntent, PipelineInput } from './pipeline-input.js';

/** The position of a watermarked input: the wrapped input's, and the largest event time handed out. */
export interface WatermarkedPosition {
  readonly at: unknown;
  /** µs; null before any row */
  readonly maxEventTimeUs: number | null;
}

function isWatermarkedPosition(position: unknown): position is WatermarkedPosition {
  return typeof position === 'object' && position !== null && 'at' in position && 'maxEventTimeUs' in position;
}

/**
 * The wrapped input's position inside a position this input handed out. A bare position (a
 * checkpoint written before positions carried the event time) is the wrapped input's own.
 */
export function innerPosition(position: unknown): unknown {
  return isWatermarkedPosition(position) ? position.at : position;
}

function innerIntent(intent: InputIntent): InputIntent {
  return { ...intent, start: innerPosition(intent.start), end: innerPosition(intent.end) };
}

/** `inner[name]` bound to `inner`, when the input has that optional member. */
function member(inner: PipelineInput, name: string): ((...args: unknown[]) => unknown) | null {
  const value: unknown = Reflect.get(inner, name);
  return typeof value === 'function' ? (...args: unknown[]) => value.apply(inner, args) as unknown : null;
}

export class WatermarkedInput implements PipelineInput {
  private maxEventTimeUs = -Infinity;
  constructor(private readonly inner: PipelineInput, private readonly watermark: WatermarkSpec) {
    // Optional members exist here exactly when the wrapped input has them, so that wrapping
    // never takes a capability away (durability needs position and replay).
    const effectiveMaxRows = member(inner, 'effectiveMaxRows');
    if (effectiveMaxRows) Reflect.set(this, 'effectiveMaxRows', effectiveMaxRows);
    const position = member(inner, 'position');
    if (position) {
      Reflect.set(this, 'position', (): WatermarkedPosition => ({
        at: position(), maxEventTimeUs: this.maxEventTimeUs === -Infinity ? null : this.maxEventTimeUs,
      }));
    }
    const replayReady = member(inner, 'replayReady');
    if (replayReady) Reflect.set(this, 'replayReady', (intent: InputIntent) => replayReady(innerIntent(intent)));
    const replay = member(inner, 'replay');
    if (replay) Reflect.set(this, 'replay', async (intent: InputIntent) => this.observe((await replay(innerIntent(intent))) as Delta | null));
    const release = member(inner, 'release');
    if (release) Reflect.set(this, 'release', (p: unknown) => release(innerPosition(p)));
  }

  get description(): string {
    return this.inner.description;
  }

  get schema(): Schema {
    return this.inner.schema;
  }

  open(position?: unknown): Promise<void> {
    if (isWatermarkedPosition(position)) this.maxEventTimeUs = position.maxEventTimeUs ?? -Infinity;
    return this.inner.open(innerPosition(position));
  }

  async poll(maxRows: number): Promise<Delta | null> {
    return this.observe(await this.inner.poll(maxRows));
  }

  get ended(): boolean {
    return this.inner.ended;
  }

  get caughtUp(): boolean {
    return this.inner.caughtUp;
  }

  get watermarkUs(): number | null {
    if (this.inner.ended) return Infinity;
    return this.maxEventTimeUs === -Infinity ? null : this.maxEventTimeUs - this.watermark.delayUs;
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  private observe(delta: Delta | null): Delta | null {
    if (delta && delta.length > 0) {
      const max = maxTimestampUs(delta.columns[this.watermark.column]!);
      if (max > this.maxEventTimeUs) this.maxEventTimeUs = max;
    }
    return delta;
  }
}
