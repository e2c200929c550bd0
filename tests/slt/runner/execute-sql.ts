/**
 * Runs the SQL of one record on an engine and brings the answer into the form records compare:
 * rows of cell text. A continuous result (a SELECT over a source) is read until it ends, its
 * changes applied in order. Everything is bounded by a timeout, so a hang fails one record
 * instead of the run.
 */
import { parse, type DataType, type SqlValue } from '@sluice/sql';
import type { ChangeStream, Sluice, StatementResult } from '@sluice/engine';
import { cellText } from './cell-text.js';

export interface SqlAnswer {
  /** null for a command */
  readonly columns: readonly { readonly name: string; readonly type: DataType }[] | null;
  readonly rows: readonly (readonly string[])[];
}

export class RecordTimeoutError extends Error {
  override readonly name = 'RecordTimeoutError';
  readonly code = 'timeout';
}

/** Runs every statement of `sql`; the answer is the last statement's. */
export async function executeSql(engine: Sluice, sql: string, timeoutMs: number): Promise<SqlAnswer> {
  const streams: ChangeStream[] = [];
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RecordTimeoutError(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([runStatements(engine, sql, streams), timeout]);
  } finally {
    clearTimeout(timer);
    for (const stream of streams) stream.cancel();
  }
}

async function runStatements(engine: Sluice, sql: string, streams: ChangeStream[]): Promise<SqlAnswer> {
  let answer: SqlAnswer = { columns: null, rows: [] };
  const statements = parse(sql);
  for (const [i, statement] of statements.entries()) {
    const result = await engine.execute(statement);
    answer = await toAnswer(result, streams, i === statements.length - 1);
  }
  return answer;
}

async function toAnswer(result: StatementResult, streams: ChangeStream[], wanted: boolean): Promise<SqlAnswer> {
  switch (result.kind) {
    case 'command': return { columns: null, rows: [] };
    case 'rows': return { columns: result.columns, rows: result.rows.map((row) => formatRow(row, result.columns)) };
    case 'stream': {
      streams.push(result.stream);
      if (!wanted) return { columns: result.columns, rows: [] };
      const rows = await drainStream(result.stream);
      return { columns: result.columns, rows: rows.map((row) => formatRow(row, result.columns)) };
    }
    default: {
      const unknown: never = result;
      throw new Error(`unexpected result ${String(unknown)}`);
    }
  }
}

/** Reads a change stream to its end and returns the rows it leaves (a multiset). */
async function drainStream(stream: ChangeStream): Promise<SqlValue[][]> {
  const live = new Map<string, { row: SqlValue[]; count: number }>();
  for await (const batch of stream) {
    for (const change of batch.changes) {
      const key = JSON.stringify(change.values, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
      const entry = live.get(key) ?? { row: [...change.values], count: 0 };
      entry.count += change.op === '+' ? 1 : -1;
      if (entry.count === 0) live.delete(key);
      else live.set(key, entry);
    }
  }
  const rows: SqlValue[][] = [];
  for (const { row, count } of live.values()) for (let i = 0; i < count; i++) rows.push(row);
  return rows;
}

function formatRow(row: readonly SqlValue[], columns: readonly { readonly type: DataType }[]): string[] {
  return row.map((value, i) => cellText(value, columns[i]!.type));
}
