/**
 * The interactive prompt: psql's habits over a websocket connection to a server. Lines gather
 * into a statement until one ends with `;` (prompt `sluice=>`, continuation `sluice->`); a line
 * starting with `\` is a command. Results print as aligned tables; a continuous query prints
 * each batch as it comes until Ctrl-C cancels it, and the prompt comes back. History lives in
 * ~/.sluice_history. Lines typed while a query runs wait their turn, as in psql.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { endsStatement } from '../server/sql-splitter.js';
import type { WireColumn } from '../server/wire-values.js';
import type { QueryClient, RunningQuery } from './query-client.js';
import { runCommand, type CommandContext } from './repl-commands.js';
import { formatChanges, formatRemoteError, formatRows } from './repl-output.js';

/** Where the REPL reads and writes. */
export interface ReplIo {
  readonly input: Readable & { readonly isTTY?: boolean };
  readonly output: Writable;
  readonly errors: Writable;
  /** history file; default ~/.sluice_history, null for none */
  readonly historyFile?: string | null;
}

const HISTORY_SIZE = 1000;

/** Runs the REPL until `\q` or end of input; resolves to the exit code. */
export async function runRepl(client: QueryClient, io: ReplIo, banner: string): Promise<number> {
  const session = new ReplSession(client, io);
  return session.run(banner);
}

class ReplSession implements CommandContext {
  timing = false;
  expanded = false;
  private buffer = '';
  private running: RunningQuery | undefined;
  private readonly queue: string[] = [];
  private busy = false;
  private ended = false;
  private quit = false;
  private finished = false;
  private readonly rl: Interface;
  private readonly interactive: boolean;
  private readonly historyFile: string | null;
  private resolveExit: (code: number) => void = () => {};

  constructor(
    private readonly client: QueryClient,
    private readonly io: ReplIo,
  ) {
    this.interactive = io.input.isTTY === true;
    this.historyFile = io.historyFile === undefined ? join(homedir(), '.sluice_history') : io.historyFile;
    this.rl = createInterface({
      input: io.input, output: io.output, terminal: this.interactive, prompt: 'sluice=> ',
      history: this.interactive ? this.loadHistory() : [], historySize: HISTORY_SIZE, removeHistoryDuplicates: true,
    });
  }

  async run(banner: string): Promise<number> {
    if (this.interactive) this.out(banner);
    const exited = new Promise<number>((resolve) => {
      this.resolveExit = resolve;
    });
    this.rl.on('line', (line) => {
      this.queue.push(line);
      void this.pump();
    });
    this.rl.on('SIGINT', () => this.interrupt());
    this.rl.on('history', (history: string[]) => this.saveHistory(history));
    this.rl.on('close', () => {
      this.ended = true;
      void this.pump();
    });
    const onSignal = (): void => this.interrupt();
    process.on('SIGINT', onSignal);
    this.prompt();
    const code = await exited;
    process.off('SIGINT', onSignal);
    return code;
  }

  out(text: string): void {
    this.io.output.write(text);
  }

  err(text: string): void {
    this.io.errors.write(text);
  }

  objects(): ReturnType<QueryClient['objects']> {
    return this.client.objects();
  }

  /** Runs `sql` and prints everything that comes back, until the query is over. */
  async execute(sql: string): Promise<void> {
    const started = performance.now();
    let columns: readonly WireColumn[] = [];
    const query = this.client.run(sql, {
      rows: (cols, rows) => this.out(formatRows(cols, rows, this.expanded)),
      command: (tag) => this.out(`${tag}\n`),
      notice: (message) => this.err(`NOTICE:  ${message}\n`),
      streamStart: (cols, snapshot) => {
        columns = cols;
        if (snapshot.length > 0) this.out(formatChanges(cols, 'snapshot', null, snapshot.map((values) => ({ op: '+', values })), this.expanded));
        if (this.interactive) this.err('(continuous query: rows print as they change; Ctrl-C to stop)\n');
      },
      changes: (batch, watermark, rows) => this.out(formatChanges(columns, batch, watermark, rows, this.expanded)),
      error: (error) => this.err(formatRemoteError(error, sql)),
    });
    this.running = query;
    try {
      await query.finished;
    } finally {
      this.running = undefined;
    }
    if (this.timing) this.out(`Time: ${(performance.now() - started).toFixed(3)} ms\n`);
  }

  /** Handles queued lines one at a time; a query blocks the lines after it. */
  private async pump(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      while (this.queue.length > 0 && !this.quit) await this.handleLine(this.queue.shift()!);
    } finally {
      this.busy = false;
    }
    if (this.quit || (this.ended && this.queue.length === 0)) return this.finish();
    this.prompt();
  }

  private async handleLine(line: string): Promise<void> {
    if (this.buffer === '' && line.trim().startsWith('\\')) {
      try {
        if ((await runCommand(line, this)) === 'quit') this.quit = true;
      } catch (error) {
        this.err(`sluice: ${error instanceof Error ? error.message : String(error)}\n`);
      }
      return;
    }
    this.buffer = this.buffer === '' ? line : `${this.buffer}\n${line}`;
    if (this.buffer.trim() === '') {
      this.buffer = '';
      return;
    }
    if (!endsStatement(this.buffer)) return;
    const sql = this.buffer;
    this.buffer = '';
    await this.execute(sql);
  }

  private prompt(): void {
    if (!this.interactive || this.ended) return;
    this.rl.setPrompt(this.buffer === '' ? 'sluice=> ' : 'sluice-> ');
    this.rl.prompt();
  }

  /** Ctrl-C: cancel the running query, else drop the statement being typed. Never leaves the REPL. */
  private interrupt(): void {
    if (this.running) {
      this.err('Cancel request sent\n');
      this.running.cancel();
      return;
    }
    if (!this.interactive) {
      this.ended = true;
      this.queue.length = 0;
      void this.pump();
      return;
    }
    this.buffer = '';
    this.out('^C\n');
    this.prompt();
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.rl.close();
    if (this.interactive) this.out('\n');
    this.resolveExit(0);
  }

  private loadHistory(): string[] {
    if (!this.historyFile) return [];
    try {
      return readFileSync(this.historyFile, 'utf8').split('\n').filter((l) => l !== '').reverse().slice(0, HISTORY_SIZE);
    } catch {
      return [];
    }
  }

  private saveHistory(history: readonly string[]): void {
    if (!this.historyFile) return;
    try {
      writeFileSync(this.historyFile, `${[...history].reverse().join('\n')}\n`, { mode: 0o600 });
    } catch {
      // history is a convenience: an unwritable home directory must not break the session
    }
  }
}
