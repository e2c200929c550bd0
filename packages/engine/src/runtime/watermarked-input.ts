/**
 * An event-time watermark for an input that has none of its own: a table declared with
 * `WATERMARK FOR ts AS ts - INTERVAL ...`. Like a source's, the watermark is the largest event
 * time handed out so far minus the declared delay (null before any row; infinity once the
 * input has ended). Everything else is the wrapped input's.
 *
 * Without it, a pipeline joining such a table with a source would take the source's watermark
 * alone, and evict state the table's rows still need (interval and window joins).
 */
import type { Schema, WatermarkSpec } from '@sluice/sql';
import type { Delta } from '../delta.js';
import { maxTimestampUs } from './event-time.js';
import type { PipelineInput } from './pipeline-input.js';

/**
 * Optional members an input may have beyond reading rows (durable inputs: position, replay).
 * They are forwarded by name, whatever the wrapped input offers, so that wrapping never
 * takes a capability away; `replay` is observed like `poll`.
 */
const FORWARDED = ['position', 'effectiveMaxRows', 'replayReady'] as const;

export class WatermarkedInput implements PipelineInput {
  private maxEventTimeUs = -Infinity;
  constructor(private readonly inner: PipelineInput, private readonly watermark: WatermarkSpec) {
    for (const name of FORWARDED) {
      const member: unknown = Reflect.get(inner, name);
      if (typeof member === 'function') Reflect.set(this, name, (...args: unknown[]) => member.apply(inner, args));
    }
    const replay: unknown = Reflect.get(inner, 'replay');
    if (typeof replay === 'function') {
      Reflect.set(this, 'replay', async (...args: unknown[]) => this.observe((await replay.apply(inner, args)) as Delta | null));
    }
  }

  get description(): string {
    return this.inner.description;
  }

  get schema(): Schema {
    return this.inner.schema;
  }

  open(...args: Parameters<PipelineInput['open']>): Promise<void> {
    return this.inner.open(...args);
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
