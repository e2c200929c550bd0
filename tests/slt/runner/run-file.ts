/**
 * Runs one .slt file (its includes spliced in) in a fresh engine, record by record, and
 * returns what happened to each counted record. The engine is closed at the end, also after
 * a failure; a record that does not answer within `recordTimeoutMs` fails alone.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Sluice } from '@sluice/engine';
import { compareResults, describeDifference } from './compare-results.js';
import { conditionsAllow } from './conditions.js';
import { executeSql, type SqlAnswer } from './execute-sql.js';
import { createdObjectName, errorFailure, errorMessage } from './failure-cause.js';
import { loadSltFile } from './load-file.js';
import { ObjectLineage } from './object-lineage.js';
import type { FileResult, Outcome, RecordResult } from './outcomes.js';
import { SltParseError } from './parse-slt.js';
import type { Condition, ExpectedError, SltRecord } from './records.js';
import type { SkipList } from './skip-list.js';

export interface RunOptions {
  /** how long one record may take */
  readonly recordTimeoutMs?: number;
  readonly skipList?: SkipList | null;
  /** `sleep` records sleep at most this long */
  readonly maxSleepMs?: number;
  /** a query with `retry` is retried for at most this long in total */
  readonly maxRetryMs?: number;
  /**
   * whether a query must return as many columns as its type letters (`query IIT`); on by
   * default. sqllogictest-rs does not check it, and suites written for it are not always exact.
   */
  readonly checkColumnCount?: boolean;
}

const DEFAULTS = { recordTimeoutMs: 10_000, maxSleepMs: 5_000, maxRetryMs: 2_000, checkColumnCount: true };
const CLOSE_TIMEOUT_MS = 10_000;

export async function runSltFile(file: string, options: RunOptions = {}): Promise<FileResult> {
  const started = performance.now();
  let records: SltRecord[];
  try {
    records = loadSltFile(file);
  } catch (error) {
    const line = error instanceof SltParseError ? error.line : 1;
    const origin = { file: error instanceof SltParseError ? error.file : file, line, includedFrom: [] };
    const message = errorMessage(error);
    const outcome: Outcome = { status: 'failed', failure: { message, cause: 'unreadable .slt file' } };
    return { file, records: [{ origin, text: '', outcome }], elapsedMs: performance.now() - started };
  }
  const engine = await Sluice.open();
  const run = new FileRun(engine, { ...DEFAULTS, ...options });
  try {
    await run.runAll(records);
  } finally {
    await Promise.race([engine.close().catch(() => undefined), sleep(CLOSE_TIMEOUT_MS)]);
  }
  return { file, records: run.results, elapsedMs: performance.now() - started };
}

type Settings = Required<Omit<RunOptions, 'skipList'>> & Pick<RunOptions, 'skipList'>;

class FileRun {
  readonly results: RecordResult[] = [];
  private substitution = false;
  private readonly variables = new Map<string, string>();
  /** objects whose CREATE failed, by lower-case name, with the failure's cause */
  private readonly failedObjects = new Map<string, string>();
  private readonly lineage = new ObjectLineage();

  constructor(private readonly engine: Sluice, private readonly settings: Settings) {}

  async runAll(records: readonly SltRecord[]): Promise<void> {
    for (const record of records) {
      switch (record.kind) {
        case 'control':
          if (record.setting === 'substitution') this.substitution = record.value === 'on';
          break;
        case 'hash-threshold':
          break;
        case 'halt':
          if (conditionsAllow(record.conditions)) return;
          break;
        case 'sleep':
          if (conditionsAllow(record.conditions)) await sleep(Math.min(record.durationMs, this.settings.maxSleepMs));
          break;
        case 'include':
          this.push(record, record.pattern, this.skipReason(record) ?? { status: 'failed', failure: { message: `include ${record.pattern}: no file matches`, cause: 'included file not found' } });
          break;
        case 'system':
          this.push(record, record.command, this.skipReason(record) ?? { status: 'skipped', reason: 'shell command (system ok) not run' });
          break;
        case 'statement':
        case 'query':
        case 'let': {
          const sql = this.substitute(record.sql);
          const skipped = this.skipReason(record);
          this.push(record, sql, skipped ?? (await this.runSqlRecord(record, sql)));
          break;
        }
        default: {
          const unknown: never = record;
          throw new Error(`unhandled record ${String(unknown)}`);
        }
      }
    }
  }

  private skipReason(record: Extract<SltRecord, { conditions: readonly Condition[] }>): Outcome | null {
    const listed = this.settings.skipList?.reasonFor(record.origin);
    if (listed) return { status: 'skipped', reason: listed };
    if (!conditionsAllow(record.conditions)) return { status: 'skipped', reason: 'skipif/onlyif: not for this engine' };
    return null;
  }

  private async runSqlRecord(record: Extract<SltRecord, { kind: 'statement' | 'query' | 'let' }>, sql: string): Promise<Outcome> {
    let outcome = record.kind === 'query' ? await this.runQuery(record, sql) : await this.runStatement(sql, record.kind === 'statement' ? record.expectError : null, record);
    if (record.kind === 'statement' && record.expectError === null) this.lineage.note(sql, outcome.status === 'failed' ? outcome.failure.cause : null);
    if (outcome.status === 'failed' && outcome.failure.cause.startsWith('wrong result') && !outcome.failure.cascadeFrom) {
      const missed = this.lineage.missedWrite(sql);
      if (missed) outcome = { status: 'failed', failure: { ...outcome.failure, cascadeFrom: missed } };
    }
    if (outcome.status === 'failed') {
      const created = createdObjectName(sql);
      if (created !== null) this.failedObjects.set(created, outcome.failure.cascadeFrom?.cause ?? outcome.failure.cause);
    }
    return outcome;
  }

  private async runStatement(sql: string, expectError: ExpectedError | null, record: SltRecord): Promise<Outcome> {
    let answer: SqlAnswer;
    try {
      answer = await executeSql(this.engine, sql, this.settings.recordTimeoutMs);
    } catch (error) {
      return expectError ? checkExpectedError(error, expectError) : { status: 'failed', failure: errorFailure(error, this.failedObjects) };
    }
    if (expectError) return noErrorRaised();
    if (record.kind === 'let') {
      const row = answer.rows[0];
      if (!row) return { status: 'failed', failure: { message: 'let: the query returned no rows', cause: 'wrong result: no rows' } };
      record.variables.forEach((name, i) => this.variables.set(name, row[i] ?? 'NULL'));
    }
    return { status: 'passed' };
  }

  private async runQuery(record: Extract<SltRecord, { kind: 'query' }>, sql: string): Promise<Outcome> {
    const retry = record.retry ?? { attempts: 0, backoffMs: 0 };
    const deadline = Date.now() + this.settings.maxRetryMs;
    for (let attempt = 0; ; attempt++) {
      const outcome = await this.queryOnce(record, sql);
      // only a wrong result may right itself later; an error (an unknown object, a missing feature) will not
      const again = outcome.status === 'failed' && outcome.failure.cause.startsWith('wrong result') && attempt < retry.attempts && Date.now() + retry.backoffMs <= deadline;
      if (!again) return outcome;
      await sleep(retry.backoffMs);
    }
  }

  private async queryOnce(record: Extract<SltRecord, { kind: 'query' }>, sql: string): Promise<Outcome> {
    let answer: SqlAnswer;
    try {
      answer = await executeSql(this.engine, sql, this.settings.recordTimeoutMs);
    } catch (error) {
      return record.expectError ? checkExpectedError(error, record.expectError) : { status: 'failed', failure: errorFailure(error, this.failedObjects) };
    }
    if (record.expectError) return noErrorRaised();
    if (answer.columns === null) return { status: 'failed', failure: { message: 'the statement returned no rows (not a query)', cause: 'query returned no result set' } };
    if (this.settings.checkColumnCount && record.types.length !== answer.columns.length) {
      const message = `expected ${record.types.length} columns (${record.types}), got ${answer.columns.length}`;
      return { status: 'failed', failure: { message, cause: 'wrong number of columns' } };
    }
    const comparison = compareResults(answer.rows, record.expected, record.sortMode);
    if (comparison.equal) return { status: 'passed' };
    const failure = { message: 'wrong result', cause: `wrong result: ${describeDifference(comparison)}`, expected: comparison.expected, actual: comparison.actual };
    return { status: 'failed', failure };
  }

  private push(record: SltRecord, text: string, outcome: Outcome): void {
    this.results.push({ origin: record.origin, text, outcome });
  }

  /** `${name}` and `$name` replaced by `let` variables when `control substitution on` */
  private substitute(sql: string): string {
    if (!this.substitution) return sql;
    return sql.replace(/\$\{(\w+)\}|\$(\w+)/g, (whole, braced: string | undefined, bare: string | undefined) => this.variables.get(braced ?? bare ?? '') ?? whole);
  }
}

/** An error was expected: it passes when the message matches the record's pattern, if any. */
function checkExpectedError(error: unknown, expected: ExpectedError): Outcome {
  if (expected.pattern === null) return { status: 'passed' };
  const failure = errorFailure(error, new Map());
  if (matchesPattern(failure.message, expected.pattern)) return { status: 'passed' };
  return { status: 'failed', failure: { message: `error does not match /${expected.pattern}/: ${failure.message}`, cause: 'different error message' } };
}

function matchesPattern(text: string, pattern: string): boolean {
  try {
    return new RegExp(pattern).test(text);
  } catch {
    return text.includes(pattern);
  }
}

function noErrorRaised(): Outcome {
  return { status: 'failed', failure: { message: 'an error was expected, but the statement succeeded', cause: 'no error raised' } };
}
