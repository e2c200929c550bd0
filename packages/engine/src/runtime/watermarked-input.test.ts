import { describe, expect, it } from 'vitest';
import { field, schemaOf, T } from '@sluice/sql';
import { deltaFromRows, type Delta } from '../delta.js';
import type { PipelineInput } from './pipeline-input.js';
import { WatermarkedInput } from './watermarked-input.js';

const schema = schemaOf([field('id', T.int), field('ts', T.timestamp)]);

/** An input handing out queued deltas, ending when told. */
class QueueInput implements PipelineInput {
  readonly description = 'queue';
  readonly schema = schema;
  readonly queue: Delta[] = [];
  ended = false;
  caughtUp = true;
  readonly watermarkUs = null;
  async open(): Promise<void> {}
  async poll(): Promise<Delta | null> {
    return this.queue.shift() ?? null;
  }
  async close(): Promise<void> {}
}

describe('WatermarkedInput', () => {
  it('follows the largest event time handed out, minus the delay; infinity once ended', async () => {
    const inner = new QueueInput();
    const input = new WatermarkedInput(inner, { column: 1, delayUs: 1_000 });
    await input.open();
    expect(input.watermarkUs).toBeNull();
    inner.queue.push(deltaFromRows(schema, [[1, 5_000], [2, 9_000], [3, null]]));
    await input.poll(100);
    expect(input.watermarkUs).toBe(8_000);
    inner.queue.push(deltaFromRows(schema, [[4, 7_000]]));
    await input.poll(100);
    expect(input.watermarkUs).toBe(8_000);
    inner.ended = true;
    expect(input.watermarkUs).toBe(Infinity);
  });
});
