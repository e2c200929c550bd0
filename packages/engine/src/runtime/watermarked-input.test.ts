import { describe, expect, it } from 'vitest';
import { field, schemaOf, T } from '@sluice/sql';
import { deltaFromRows, type Delta } from '../delta.js';
import type { InputIntent, PipelineInput } from './pipeline-input.js';
import { innerPosition, WatermarkedInput } from './watermarked-input.js';

const schema = schemaOf([field('id', T.int), field('ts', T.timestamp)]);

/** An input handing out queued deltas, ending when told; its position counts the deltas taken. */
class QueueInput implements PipelineInput {
  readonly description = 'queue';
  readonly schema = schema;
  readonly queue: Delta[] = [];
  ended = false;
  caughtUp = true;
  readonly watermarkUs = null;
  taken = 0;
  openedAt: unknown = undefined;
  async open(position?: unknown): Promise<void> {
    this.openedAt = position;
    if (typeof position === 'number') this.taken = position;
  }
  async poll(): Promise<Delta | null> {
    const next = this.queue.shift() ?? null;
    if (next) this.taken++;
    return next;
  }
  position(): number {
    return this.taken;
  }
  async replay(intent: InputIntent): Promise<Delta | null> {
    expect(intent.start).toBe(this.taken);
    return this.poll();
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

  it('keeps the largest event time in its position, and continues from it when opened there', async () => {
    const inner = new QueueInput();
    const input = new WatermarkedInput(inner, { column: 1, delayUs: 1_000 });
    await input.open();
    inner.queue.push(deltaFromRows(schema, [[1, 9_000]]));
    await input.poll(100);
    const position = input.position!();
    expect(position).toEqual({ at: 1, maxEventTimeUs: 9_000 });
    expect(JSON.parse(JSON.stringify(position))).toEqual(position);

    const restoredInner = new QueueInput();
    const restored = new WatermarkedInput(restoredInner, { column: 1, delayUs: 1_000 });
    await restored.open(JSON.parse(JSON.stringify(position)));
    expect(restoredInner.openedAt).toBe(1);
    expect(restored.watermarkUs).toBe(8_000);
    // a logged batch replayed after the checkpoint: the wrapped input gets its own positions
    restoredInner.queue.push(deltaFromRows(schema, [[2, 12_000]]));
    await restored.replay!({ start: position, end: { at: 2, maxEventTimeUs: 12_000 }, maxRows: null, rows: 1 });
    expect(restored.watermarkUs).toBe(11_000);
    expect(innerPosition(restored.position!())).toBe(2);
  });

  it('opens at a bare position of the wrapped input (a checkpoint without the event time) with no watermark yet', async () => {
    const inner = new QueueInput();
    const input = new WatermarkedInput(inner, { column: 1, delayUs: 1_000 });
    await input.open(3);
    expect(inner.openedAt).toBe(3);
    expect(input.watermarkUs).toBeNull();
  });
});
