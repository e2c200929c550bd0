/**
 * `connector = 'postgres'` as a sink: each batch's rows and the batch id are written to a
 * PostgreSQL table in one transaction, so the table holds every committed batch exactly once.
 *
 * Options: `url` ('postgres://user@host:port/db', required), `table` (required; may be
 * `schema.table`), `type` ('append-only', the default, or 'upsert'), `primary_key` ('a,b';
 * required for upsert), `create_table` ('true' creates the table if missing; default 'false').
 *
 * Progress lives in `sluice_sink_progress(sink, batch_id)` in the same database: a commit first
 * reads the sink's row (locking it); a batch at or below the stored id was committed before a
 * crash and is skipped. A sink created by a statement resets its row; one restored after a
 * restart keeps it.
 *
 * Append-only: inserts rows; a retraction deletes one identical row. Upsert: per key the last
 * change of the batch wins — `INSERT ... ON CONFLICT (pk) DO UPDATE` for a new row, `DELETE`
 * for a retracted one. A connection failure at commit is retried with back-off (1 s doubling to
 * 30 s, each retry reported as a notice) until PostgreSQL is back; other errors (a missing
 * table, a type mismatch) fail the pipeline with `sink-write-failed`.
 */
import pg from 'pg';
import type { DataType, Schema, SqlValue } from '@sluice/sql';
import { deltaRows, type Delta } from '../delta.js';
import { EngineError } from '../errors.js';
import { formatValue } from '../formats/value-text.js';
import { invalidOption, readBoolean, requireOption } from './options.js';
import type { SinkConnector, SinkContext, SinkWriter } from './sink.js';

const PROGRESS_TABLE = 'sluice_sink_progress';
const ROWS_PER_STATEMENT = 500;
const FIRST_RETRY_MS = 1000;
const MAX_RETRY_MS = 30_000;

interface PostgresSinkSettings {
  readonly url: string;
  readonly table: string;
  readonly upsert: boolean;
  /** column positions of the primary key */
  readonly key: readonly number[];
  readonly createTable: boolean;
}

/** The `postgres` sink connector. */
export const postgresSinkConnector: SinkConnector = {
  name: 'postgres',
  validate(ctx) {
    settingsOf(ctx);
  },
  createWriter(ctx) {
    return new PostgresSinkWriter(ctx, settingsOf(ctx));
  },
};

function settingsOf(ctx: SinkContext): PostgresSinkSettings {
  const url = requireOption(ctx.options, 'url', "url = 'postgres://user@127.0.0.1:5432/db'");
  if (!/^postgres(ql)?:\/\//i.test(url)) throw invalidOption('url', `must start with postgres://, got '${url}'`);
  const table = requireOption(ctx.options, 'table', "table = 'results'");
  const type = (ctx.options['type'] ?? 'append-only').toLowerCase();
  if (type !== 'append-only' && type !== 'upsert') throw invalidOption('type', `must be 'append-only' or 'upsert', got '${ctx.options['type']}'`);
  const keyNames = (ctx.options['primary_key'] ?? '').split(',').map((k) => k.trim().toLowerCase()).filter((k) => k !== '');
  if (type === 'upsert' && keyNames.length === 0) throw invalidOption('primary_key', "is required for type = 'upsert'", "primary_key = 'window_start,auction'");
  const key = keyNames.map((name) => {
    const index = ctx.schema.fields.findIndex((f) => f.name === name);
    if (index < 0) throw invalidOption('primary_key', `"${name}" is not a column of the sink's rows (${ctx.schema.fields.map((f) => f.name).join(', ')})`);
    return index;
  });
  return { url, table, upsert: type === 'upsert', key, createTable: readBoolean(ctx.options, 'create_table', false) };
}

/** Writes batches transactionally; see the module comment. */
export class PostgresSinkWriter implements SinkWriter {
  private client: pg.Client | null = null;
  private pending: { batchId: number; rows: { op: 1 | -1; values: SqlValue[] }[] } | null = null;
  private closed = false;
  private wake: (() => void) | null = null;

  constructor(private readonly ctx: SinkContext, private readonly settings: PostgresSinkSettings) {}

  /** A sink created by a statement connects now (a bad URL fails the statement) and resets its progress. */
  async open(): Promise<void> {
    if (this.ctx.restored) return; // connect at the first commit, retrying while PostgreSQL is away
    const client = await this.guard('connect to', () => this.connect());
    await this.guard('reset the progress of', () => client.query(`DELETE FROM ${PROGRESS_TABLE} WHERE sink = $1`, [this.ctx.name]));
  }

  async write(batchId: number, deltas: readonly Delta[]): Promise<void> {
    if (this.pending?.batchId !== batchId) this.pending = { batchId, rows: [] };
    for (const delta of deltas) for (const row of deltaRows(delta)) this.pending.rows.push(row);
  }

  async commit(batchId: number): Promise<void> {
    const rows = this.pending?.batchId === batchId ? this.pending.rows : [];
    this.pending = null;
    let delayMs = FIRST_RETRY_MS;
    for (;;) {
      try {
        await this.commitOnce(batchId, rows);
        return;
      } catch (e) {
        await this.dropClient();
        if (!isConnectionError(e) || this.closed) throw this.failure('commit a batch to', e);
        this.ctx.notice?.(`sink ${this.ctx.name}: PostgreSQL is unreachable (${(e as Error).message}); retrying batch ${batchId} in ${delayMs / 1000}s`);
        await this.sleep(delayMs);
        if (this.closed) throw this.failure('commit a batch to', e);
        delayMs = Math.min(delayMs * 2, MAX_RETRY_MS);
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wake?.();
    await this.dropClient();
  }

  private async commitOnce(batchId: number, rows: readonly { op: 1 | -1; values: SqlValue[] }[]): Promise<void> {
    const client = this.client ?? (await this.connect());
    await client.query('BEGIN');
    try {
      const done = await client.query<{ batch_id: string }>(`SELECT batch_id FROM ${PROGRESS_TABLE} WHERE sink = $1 FOR UPDATE`, [this.ctx.name]);
      if (done.rows.length > 0 && Number(done.rows[0]!.batch_id) >= batchId) {
        await client.query('ROLLBACK'); // committed before a restart: the replayed batch is the same
        return;
      }
      if (this.settings.upsert) await this.applyUpserts(client, rows);
      else await this.applyAppends(client, rows);
      await client.query(
        `INSERT INTO ${PROGRESS_TABLE} (sink, batch_id) VALUES ($1, $2) ON CONFLICT (sink) DO UPDATE SET batch_id = EXCLUDED.batch_id`,
        [this.ctx.name, batchId],
      );
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    }
  }

  private async applyAppends(client: pg.Client, rows: readonly { op: 1 | -1; values: SqlValue[] }[]): Promise<void> {
    const inserts: SqlValue[][] = [];
    for (const row of rows) {
      if (row.op === 1) {
        inserts.push(row.values);
        continue;
      }
      await this.insertRows(client, inserts.splice(0), false);
      const fields = this.ctx.schema.fields;
      const match = fields.map((f, i) => `${quoteIdent(f.name)} IS NOT DISTINCT FROM $${i + 1}${castOf(f.type)}`).join(' AND ');
      const table = this.tableName();
      await client.query(`DELETE FROM ${table} WHERE ctid = (SELECT ctid FROM ${table} WHERE ${match} LIMIT 1)`, this.params(row.values));
    }
    await this.insertRows(client, inserts, false);
  }

  private async applyUpserts(client: pg.Client, rows: readonly { op: 1 | -1; values: SqlValue[] }[]): Promise<void> {
    const last = new Map<string, { op: 1 | -1; values: SqlValue[] }>();
    for (const row of rows) last.set(JSON.stringify(this.settings.key.map((k) => textOf(row.values[k]!, this.ctx.schema.fields[k]!.type))), row);
    const upserts: SqlValue[][] = [];
    const deletes: SqlValue[][] = [];
    for (const row of last.values()) (row.op === 1 ? upserts : deletes).push(row.values);
    const fields = this.ctx.schema.fields;
    for (const values of deletes) {
      const match = this.settings.key.map((k, i) => `${quoteIdent(fields[k]!.name)} = $${i + 1}${castOf(fields[k]!.type)}`).join(' AND ');
      await client.query(`DELETE FROM ${this.tableName()} WHERE ${match}`, this.settings.key.map((k) => textOf(values[k]!, fields[k]!.type)));
    }
    await this.insertRows(client, upserts, true);
  }

  private async insertRows(client: pg.Client, rows: readonly SqlValue[][], upsert: boolean): Promise<void> {
    const fields = this.ctx.schema.fields;
    const columns = fields.map((f) => quoteIdent(f.name)).join(', ');
    let conflict = '';
    if (upsert) {
      const keys = this.settings.key.map((k) => quoteIdent(fields[k]!.name)).join(', ');
      const others = fields.filter((_, i) => !this.settings.key.includes(i)).map((f) => `${quoteIdent(f.name)} = EXCLUDED.${quoteIdent(f.name)}`);
      conflict = ` ON CONFLICT (${keys}) DO ${others.length > 0 ? `UPDATE SET ${others.join(', ')}` : 'NOTHING'}`;
    }
    for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
      const chunk = rows.slice(start, start + ROWS_PER_STATEMENT);
      const params: (string | null)[] = [];
      const tuples = chunk.map((values) => {
        const slots = fields.map((f, c) => {
          params.push(textOf(values[c]!, f.type));
          return `$${params.length}${castOf(f.type)}`;
        });
        return `(${slots.join(', ')})`;
      });
      await client.query(`INSERT INTO ${this.tableName()} (${columns}) VALUES ${tuples.join(', ')}${conflict}`, params);
    }
  }

  private params(values: readonly SqlValue[]): (string | null)[] {
    return this.ctx.schema.fields.map((f, i) => textOf(values[i]!, f.type));
  }

  private tableName(): string {
    return this.settings.table.split('.').map(quoteIdent).join('.');
  }

  private async connect(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.settings.url, connectionTimeoutMillis: 10_000 });
    client.on('error', () => undefined); // a dropped connection surfaces at the next query
    await client.connect();
    await client.query(`CREATE TABLE IF NOT EXISTS ${PROGRESS_TABLE} (sink TEXT PRIMARY KEY, batch_id BIGINT NOT NULL)`).catch(ignoreDuplicateCreate);
    if (this.settings.createTable) await client.query(createTableSql(this.tableName(), this.ctx.schema, this.settings)).catch(ignoreDuplicateCreate);
    this.client = client;
    return client;
  }

  private async dropClient(): Promise<void> {
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private async guard<T>(action: string, body: () => Promise<T>): Promise<T> {
    try {
      return await body();
    } catch (e) {
      await this.dropClient();
      throw this.failure(action, e);
    }
  }

  private failure(action: string, e: unknown): EngineError {
    if (e instanceof EngineError) return e;
    return new EngineError('sink-write-failed', `sink ${this.ctx.name}: cannot ${action} PostgreSQL table ${this.settings.table}: ${(e as Error).message}`, 'external', {
      retryable: isConnectionError(e), operator: `sink ${this.ctx.name}`, cause: e,
      ...(/does not exist/.test((e as Error).message) && !this.settings.createTable ? { hint: "create the table first, or add create_table = 'true'" } : {}),
    });
  }
}

/** Two sinks creating the same table at once: the loser's error is harmless. */
function ignoreDuplicateCreate(e: unknown): void {
  if ((e as { code?: string }).code === '23505' || (e as { code?: string }).code === '42P07') return;
  throw e;
}

/** Errors worth waiting out: the server is down, restarting, or the connection broke. */
function isConnectionError(e: unknown): boolean {
  const code = (e as { code?: string }).code ?? '';
  if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'EAI_AGAIN'].includes(code)) return true;
  if (code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03') return true; // connection exceptions, shutdown
  return /Connection terminated|not queryable|timeout expired/i.test((e as Error)?.message ?? '');
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Values travel as PostgreSQL text, which the server casts to the column's type. */
function textOf(value: SqlValue, type: DataType): string | null {
  return formatValue(value, type);
}

/** An explicit cast where the text alone would be ambiguous for the server. */
function castOf(type: DataType): string {
  return `::${pgType(type)}`;
}

/** The PostgreSQL column type of a SQL type. */
export function pgType(type: DataType): string {
  if (type.kind === 'list') return `${pgType(type.element)}[]`;
  switch (type.name) {
    case 'BOOLEAN': return 'BOOLEAN';
    case 'SMALLINT': return 'SMALLINT';
    case 'INT': return 'INTEGER';
    case 'BIGINT': return 'BIGINT';
    case 'REAL': return 'REAL';
    case 'DOUBLE':
    case 'DECIMAL': return 'DOUBLE PRECISION';
    case 'VARCHAR':
    case 'NULL': return 'TEXT';
    case 'TIMESTAMP': return 'TIMESTAMP';
    case 'TIMESTAMPTZ': return 'TIMESTAMPTZ';
    case 'DATE': return 'DATE';
    case 'TIME': return 'TIME';
    case 'INTERVAL': return 'INTERVAL';
    case 'BYTEA': return 'BYTEA';
    case 'JSONB': return 'JSONB';
    default: {
      const unknown: never = type.name;
      return String(unknown);
    }
  }
}

function createTableSql(table: string, schema: Schema, settings: PostgresSinkSettings): string {
  const columns = schema.fields.map((f) => `${quoteIdent(f.name)} ${pgType(f.type)}`);
  if (settings.upsert) columns.push(`PRIMARY KEY (${settings.key.map((k) => quoteIdent(schema.fields[k]!.name)).join(', ')})`);
  return `CREATE TABLE IF NOT EXISTS ${table} (${columns.join(', ')})`;
}
