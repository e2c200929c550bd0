/**
 * `connector = 'console'`: prints each committed change to stdout, one line per change:
 * `{"op":"+","row":{...}}` (values in their JSON form, see formats/value-text.ts), preceded by
 * `prefix` and a space when the `prefix` option is set. Lines of a batch are held until its
 * `commit`, so a batch that is retried is not printed twice.
 */
import type { Delta } from '../delta.js';
import { rowObject } from './change-encoder.js';
import type { SinkConnector, SinkContext, SinkWriter } from './sink.js';

/** The `console` sink connector. */
export const consoleSinkConnector: SinkConnector = {
  name: 'console',
  validate() {},
  createWriter(ctx) {
    return new ConsoleSinkWriter(ctx);
  },
};

/** Writes committed changes as lines to `out` (stdout unless given, e.g. by tests). */
export class ConsoleSinkWriter implements SinkWriter {
  private pending: { batchId: number; lines: string[] } | null = null;
  private readonly prefix: string;

  constructor(ctx: SinkContext, private readonly out: (line: string) => void = (line) => process.stdout.write(`${line}\n`)) {
    this.prefix = ctx.options['prefix'] ? `${ctx.options['prefix']} ` : '';
  }

  async open(): Promise<void> {}

  async write(batchId: number, deltas: readonly Delta[]): Promise<void> {
    if (this.pending?.batchId !== batchId) this.pending = { batchId, lines: [] };
    for (const delta of deltas) {
      for (let i = 0; i < delta.length; i++) {
        const op = delta.ops && delta.ops[i]! < 0 ? '-' : '+';
        this.pending.lines.push(`${this.prefix}${JSON.stringify({ op, row: rowObject(delta, i) })}`);
      }
    }
  }

  async commit(batchId: number): Promise<void> {
    if (this.pending?.batchId !== batchId) return;
    for (const line of this.pending.lines) this.out(line);
    this.pending = null;
  }

  async close(): Promise<void> {
    this.pending = null;
  }
}
