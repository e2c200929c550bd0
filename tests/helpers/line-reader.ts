import type { Readable } from 'node:stream';

/**
 * Splits a readable stream into text lines and hands them out one at a time, each wait bounded
 * by a timeout. Every line is also kept in `seen` for failure messages.
 */
export class LineReader {
  /** All complete lines read so far, in order. */
  readonly seen: string[] = [];
  private readonly queue: string[] = [];
  private partial = '';
  private ended = false;
  private waiter: (() => void) | undefined;

  constructor(stream: Readable) {
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const parts = (this.partial + chunk).split('\n');
      this.partial = parts.pop()!;
      for (const line of parts) {
        const text = line.replace(/\r$/, '');
        this.seen.push(text);
        this.queue.push(text);
      }
      this.wake();
    });
    stream.on('end', () => {
      if (this.partial !== '') {
        this.seen.push(this.partial);
        this.queue.push(this.partial);
        this.partial = '';
      }
      this.ended = true;
      this.wake();
    });
  }

  private wake(): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.();
  }

  /** The next line; rejects if none arrives within timeoutMs or the stream ends first. */
  async next(timeoutMs: number): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const line = this.queue.shift();
      if (line !== undefined) return line;
      if (this.ended) throw new Error('the stream ended before another line arrived');
      const remainingMs = deadline - Date.now();
      if (remainingMs <= 0) throw new Error(`no line arrived within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remainingMs);
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /**
   * Reads lines, giving each to `onLine`, until `done()` is true (checked before each read);
   * rejects after timeoutMs in all, with the condition still false.
   */
  async readUntil(onLine: (line: string) => void, done: () => boolean, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      const remainingMs = deadline - Date.now();
      if (remainingMs <= 0) throw new Error(`condition not met within ${timeoutMs} ms`);
      onLine(await this.next(remainingMs));
    }
  }
}
