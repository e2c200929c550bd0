/**
 * A live result as an async iterable of ChangeBatches (results.ts). The producer pushes
 * batches and finally ends the stream (or fails it); the consumer iterates, or cancels.
 * Batches queue without bound only as long as the consumer keeps up: the producer checks
 * `backlog` to slow down (the CLI and embedding programs consume promptly).
 */
import type { Schema } from '@sluice/sql';
import type { ChangeBatch, ChangeStream } from '../results.js';

export class QueuedChangeStream implements ChangeStream {
  private readonly queue: ChangeBatch[] = [];
  private waiting: ((r: IteratorResult<ChangeBatch>) => void) | null = null;
  private failWaiting: ((e: unknown) => void) | null = null;
  private done = false;
  private error: unknown = null;

  constructor(
    readonly schema: Schema,
    private readonly onCancel: () => void,
  ) {}

  get backlog(): number {
    return this.queue.length;
  }

  get closed(): boolean {
    return this.done;
  }

  push(batch: ChangeBatch): void {
    if (this.done) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = this.failWaiting = null;
      resolve({ value: batch, done: false });
    } else {
      this.queue.push(batch);
    }
  }

  end(): void {
    if (this.done) return;
    this.done = true;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = this.failWaiting = null;
      resolve({ value: undefined, done: true });
    }
  }

  fail(error: unknown): void {
    if (this.done) return;
    this.error = error;
    this.done = true;
    if (this.failWaiting) {
      const reject = this.failWaiting;
      this.waiting = this.failWaiting = null;
      reject(error);
    }
  }

  cancel(): void {
    if (this.done) return;
    this.onCancel();
    this.end();
  }

  [Symbol.asyncIterator](): AsyncIterator<ChangeBatch> {
    return {
      next: () => {
        const batch = this.queue.shift();
        if (batch) return Promise.resolve({ value: batch, done: false });
        if (this.error !== null) return Promise.reject(this.error);
        if (this.done) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve, reject) => {
          this.waiting = resolve;
          this.failWaiting = reject;
        });
      },
      return: () => {
        this.cancel();
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }
}
