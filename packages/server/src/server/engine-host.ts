/**
 * The engine as the server shares it between clients. Statements that change or read data run
 * one at a time (a statement lock), so two clients' DDL and INSERTs never interleave halfway;
 * SHOW and DESCRIBE, which only read the catalog and metrics, skip the queue so the dashboard
 * stays live during a long FLUSH. Every SQL text is size-checked before it is parsed.
 */
import { EngineError, type Sluice, type StatementResult } from '@sluice/engine';
import { parse, type Statement } from '@sluice/sql';
import type { ServerLimits } from './server-options.js';

/** Runs statements for all clients of one server. */
export class EngineHost {
  private queue: Promise<unknown> = Promise.resolve();
  private closing = false;

  constructor(
    readonly engine: Sluice,
    readonly limits: ServerLimits,
  ) {}

  /** true once `close` has begun: new statements are refused */
  get isClosing(): boolean {
    return this.closing;
  }

  /**
   * Parses `text` into statements. Throws `statement-too-large` past the size limit and the
   * parser's SqlError for bad SQL.
   */
  parse(text: string): Statement[] {
    this.checkSize(text);
    return parse(text);
  }

  /** Throws `statement-too-large` when `text` is over the size limit. */
  checkSize(text: string): void {
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > this.limits.maxStatementBytes) {
      throw new EngineError('statement-too-large', `the SQL text is ${bytes} bytes; this server accepts at most ${this.limits.maxStatementBytes}`, 'user', {
        hint: 'send fewer statements at a time, or raise --max-statement-bytes',
      });
    }
  }

  /** Runs one statement, in turn with the other clients' statements (see the file comment). */
  async execute(statement: Statement): Promise<StatementResult> {
    if (this.closing) throw new EngineError('server-shutting-down', 'the server is shutting down', 'external', { retryable: true });
    if (statement.kind === 'Show' || statement.kind === 'Describe') return this.engine.execute(statement);
    const run = this.queue.then(() => this.engine.execute(statement));
    this.queue = run.catch(() => {});
    return run;
  }

  /** Runs the statements of `text` in order and returns every result; stops at the first error. */
  async executeText(text: string): Promise<StatementResult[]> {
    const results: StatementResult[] = [];
    for (const statement of this.parse(text)) results.push(await this.execute(statement));
    return results;
  }

  /** Refuses new statements, waits for the running one to finish, then closes the engine. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    await this.queue;
    await this.engine.close();
  }
}
