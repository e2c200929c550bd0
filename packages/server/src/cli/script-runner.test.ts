import { Writable } from 'node:stream';
import type { ChangeBatch, ChangeStream, ResultColumn, StatementResult } from '@sluice/engine';
import { schemaOf, T, type Statement } from '@sluice/sql';
import { afterEach, describe, expect, it } from 'vitest';
import { OutputChannel } from './cli-io.js';
import { watchInterrupts, type Interrupts } from './interrupts.js';
import { createResultPrinter } from './result-printer.js';
import { ScriptRunner } from './script-runner.js';

const columns: ResultColumn[] = [{ name: 'n', type: T.int }];

/** A stream whose batches the test pushes; `end()` finishes it, `cancel()` too. */
class ManualStream implements ChangeStream {
  readonly schema = schemaOf([]);
  cancelled = false;
  private queue: (ChangeBatch | 'end')[] = [];
  private wake: (() => void) | undefined;

  push(n: number): void {
    this.queue.push({ batchId: n, watermarkUs: null, changes: [{ op: '+', values: [n] }] });
    this.wake?.();
  }

  end(): void {
    this.queue.push('end');
    this.wake?.();
  }

  cancel(): void {
    this.cancelled = true;
    this.end();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<ChangeBatch> {
    for (;;) {
      while (this.queue.length === 0) await new Promise<void>((resolve) => (this.wake = resolve));
      const next = this.queue.shift()!;
      if (next === 'end') return;
      yield next;
    }
  }
}

function collector(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString('utf8'));
      callback();
    },
  });
  return { stream, text: () => chunks.join('') };
}

let interrupts: Interrupts | undefined;
afterEach(() => interrupts?.dispose());

/** A runner over a fake engine that answers each statement's text from `results`. */
function setup(results: Record<string, StatementResult | Error>) {
  const out = collector();
  const err = collector();
  const controller = new AbortController();
  interrupts = watchInterrupts(controller.signal);
  const executed: string[] = [];
  const engine = {
    async execute(statement: Statement): Promise<StatementResult> {
      executed.push(statement.sql);
      const result = results[statement.sql];
      if (result === undefined) throw new Error(`unexpected statement ${statement.sql}`);
      if (result instanceof Error) throw result;
      return result;
    },
  };
  const messages = new OutputChannel(err.stream);
  const printer = createResultPrinter('jsonl', { data: new OutputChannel(out.stream), messages });
  const runner = new ScriptRunner({ engine, printer, messages, interrupts });
  return { runner, executed, stdout: out.text, stderr: err.text, interrupt: () => controller.abort() };
}

const script = (text: string) => ({ name: '-c', text, file: false });

describe('ScriptRunner', () => {
  it('runs statements in order and prints each result, notices on stderr', async () => {
    const { runner, executed, stdout, stderr } = setup({
      'SELECT 1': { kind: 'rows', columns, rows: [[1]], notices: ['one notice'] },
      FLUSH: { kind: 'command', tag: 'FLUSH', notices: [] },
    });
    expect(await runner.run(script('SELECT 1; FLUSH;'))).toBe('ok');
    expect(executed).toEqual(['SELECT 1', 'FLUSH']);
    expect(stdout()).toBe('{"n":1}\n');
    expect(stderr()).toBe('NOTICE:  one notice\nFLUSH\n');
  });

  it('holds the next statement back until a stream ends', async () => {
    const stream = new ManualStream();
    const { runner, executed, stdout } = setup({
      'SUBSCRIBE v': { kind: 'stream', columns, stream, notices: [] },
      FLUSH: { kind: 'command', tag: 'FLUSH', notices: [] },
    });
    const running = runner.run(script('SUBSCRIBE v; FLUSH'));
    stream.push(1);
    stream.push(2);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(executed).toEqual(['SUBSCRIBE v']);
    expect(stdout()).toBe('{"op":"+","row":{"n":1}}\n{"op":"+","row":{"n":2}}\n');
    stream.end();
    expect(await running).toBe('ok');
    expect(executed).toEqual(['SUBSCRIBE v', 'FLUSH']);
    expect(stream.cancelled).toBe(false);
  });

  it('cancels a running stream and skips the rest when interrupted', async () => {
    const stream = new ManualStream();
    const { runner, executed, interrupt } = setup({
      'SUBSCRIBE v': { kind: 'stream', columns, stream, notices: [] },
      FLUSH: { kind: 'command', tag: 'FLUSH', notices: [] },
    });
    const running = runner.run(script('SUBSCRIBE v; FLUSH'));
    await new Promise((resolve) => setTimeout(resolve, 10));
    interrupt();
    expect(await running).toBe('stopped');
    expect(stream.cancelled).toBe(true);
    expect(executed).toEqual(['SUBSCRIBE v']);
  });

  it('reports the first error and runs nothing after it', async () => {
    const { runner, executed, stderr } = setup({
      'SELECT 1': new Error('boom'),
      FLUSH: { kind: 'command', tag: 'FLUSH', notices: [] },
    });
    expect(await runner.run(script('SELECT 1; FLUSH'))).toBe('failed');
    expect(executed).toEqual(['SELECT 1']);
    expect(stderr()).toMatch(/^ERROR: {2}boom\n/);
  });

  it('runs nothing from a script that does not parse', async () => {
    const { runner, executed, stderr } = setup({});
    expect(await runner.run(script('FLUSH; SELEC 1'))).toBe('failed');
    expect(executed).toEqual([]);
    expect(stderr()).toMatch(/^ERROR: {2}unsupported statement 'SELEC'\nLINE 1: FLUSH; SELEC 1\n {15}\^\n/);
  });
});
