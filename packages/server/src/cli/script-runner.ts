/**
 * Runs scripts statement by statement and prints each result before the next statement starts.
 * A continuous result (a push query, SUBSCRIBE) holds the following statements back until its
 * input ends or the run is stopped. The first error is reported and ends the run, as
 * `psql -v ON_ERROR_STOP=1` does.
 */
import type { Sluice, StatementResult } from '@sluice/engine';
import { parse, type Statement } from '@sluice/sql';
import type { OutputChannel } from './cli-io.js';
import { formatError } from './error-report.js';
import type { Interrupts } from './interrupts.js';
import type { ResultPrinter } from './result-printer.js';
import type { SqlScript } from './sql-scripts.js';

/** How a script ended: all statements ran, one failed (and was reported), or the run was stopped. */
export type RunOutcome = 'ok' | 'failed' | 'stopped';

/** What a runner needs. */
export interface ScriptRunnerDeps {
  readonly engine: Pick<Sluice, 'execute'>;
  readonly printer: ResultPrinter;
  /** stderr: notices and errors */
  readonly messages: OutputChannel;
  readonly interrupts: Interrupts;
}

/** Runs scripts against one engine. */
export class ScriptRunner {
  private readonly stopped: Promise<'stopped'>;

  constructor(private readonly deps: ScriptRunnerDeps) {
    this.stopped = deps.interrupts.stopped().then(() => 'stopped' as const);
  }

  /** Runs every statement of `script` in order. Never throws for SQL or engine errors. */
  async run(script: SqlScript): Promise<RunOutcome> {
    let statements: Statement[];
    try {
      statements = parse(script.text);
    } catch (error) {
      await this.deps.messages.write(formatError(error, { script }));
      return 'failed';
    }
    for (const statement of statements) {
      if (this.deps.interrupts.signal.aborted) return 'stopped';
      let outcome: RunOutcome;
      try {
        const result = await this.unlessStopped(this.deps.engine.execute(statement));
        outcome = result === 'stopped' ? 'stopped' : await this.show(result);
      } catch (error) {
        await this.deps.messages.write(formatError(error, { script, statement }));
        return 'failed';
      }
      if (outcome !== 'ok') return outcome;
    }
    return 'ok';
  }

  /**
   * `execution`, or 'stopped' if the run stops first (a long FLUSH must not keep Ctrl-C
   * waiting). A stream that arrives after the stop is cancelled at once.
   */
  private async unlessStopped(execution: Promise<StatementResult>): Promise<StatementResult | 'stopped'> {
    execution.then(
      (result) => {
        if (result.kind === 'stream' && this.deps.interrupts.signal.aborted) result.stream.cancel();
      },
      // the error is reported by whoever awaits `execution`; after a stop nobody does, on purpose
      () => {},
    );
    return Promise.race([execution, this.stopped]);
  }

  /** Prints one result; for a stream, every batch until it ends. Stream errors propagate. */
  private async show(result: StatementResult): Promise<RunOutcome> {
    for (const notice of result.notices) await this.deps.messages.write(`NOTICE:  ${notice}\n`);
    switch (result.kind) {
      case 'rows':
        await this.deps.printer.rows(result.columns, result.rows);
        return 'ok';
      case 'command':
        await this.deps.printer.command(result.tag);
        return 'ok';
      case 'stream':
        return this.follow(result);
      default:
        return result satisfies never;
    }
  }

  private async follow(result: Extract<StatementResult, { kind: 'stream' }>): Promise<RunOutcome> {
    const { printer } = this.deps;
    const iterator = result.stream[Symbol.asyncIterator]();
    let ended = false;
    try {
      await printer.streamStart(result.columns);
      for (;;) {
        const pending = iterator.next();
        // if the run stops first, nobody awaits `pending`: keep its rejection from going unhandled
        pending.catch(() => {});
        const next = await Promise.race([pending, this.stopped]);
        if (next === 'stopped') return 'stopped';
        if (next.done) {
          ended = true;
          return 'ok';
        }
        await printer.streamBatch(result.columns, next.value);
      }
    } finally {
      if (!ended) result.stream.cancel();
    }
  }
}
