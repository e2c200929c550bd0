/**
 * `connector = 'postgres'` feeding a TABLE: a reference table copied from PostgreSQL, loaded
 * when the table is created and re-read every `refresh.interval`; each refresh applies the
 * difference between the PostgreSQL rows and the table's rows (deletions and insertions), so
 * views over the table see only what changed.
 *
 * Options: `url` (required), `table` (required; `schema.table`), `refresh.interval` (default
 * '60s'; '0s' loads once). Columns are read by the table's column names; values travel as
 * PostgreSQL text. A refresh that fails (PostgreSQL away) is reported once
 * (`source-disconnected`) and retried at the next interval; the table keeps its rows meanwhile.
 * There is no position to seek to: with a data directory the refreshes go through the ingest
 * log, and the first refresh after a restart compares with the restored rows.
 */
import pg from 'pg';
import type { SqlValue } from '@sluice/sql';
import { deltaFromRows, type Op } from '../delta.js';
import { EngineError } from '../errors.js';
import { parseTextValue } from '../formats/value-parse.js';
import { rowKey } from '../runtime/row-key.js';
import { invalidOption, readDurationMs, requireOption } from './options.js';
import type { SourceBatch, SourceConnector, SourceContext, SourceErrorCounters, SourceReader } from './source.js';

/** The `postgres` source connector (tables only). */
export const postgresSourceConnector: SourceConnector = {
  name: 'postgres',
  validate(ctx) {
    settingsOf(ctx);
    if (!ctx.currentRows) {
      throw new EngineError('invalid-option', "connector = 'postgres' copies a reference table: use CREATE TABLE, not CREATE SOURCE", 'user', {
        hint: "CREATE TABLE t (...) WITH (connector = 'postgres', url = '...', table = '...')",
      });
    }
  },
  isBounded() {
    return false;
  },
  createReader(ctx) {
    return new PostgresTableReader(ctx);
  },
};

function settingsOf(ctx: SourceContext): { url: string; table: string; refreshMs: number } {
  const url = requireOption(ctx.options, 'url', "url = 'postgres://user@127.0.0.1:5432/db'");
  if (!/^postgres(ql)?:\/\//i.test(url)) throw invalidOption('url', `must start with postgres://, got '${url}'`);
  return { url, table: requireOption(ctx.options, 'table', "table = 'public.products'"), refreshMs: readDurationMs(ctx.options, 'refresh.interval', 60_000) };
}

const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** Loads and refreshes; see the module comment. */
export class PostgresTableReader implements SourceReader {
  readonly ended = false;
  readonly errors: SourceErrorCounters = { malformedRows: 0 };
  private readonly settings: ReturnType<typeof settingsOf>;
  private client: pg.Client | null = null;
  private nextRefreshAt = 0;
  private refreshes = 0;
  private outageReported = false;
  private loadedOnce = false;

  constructor(private readonly ctx: SourceContext) {
    this.settings = settingsOf(ctx);
  }

  /** Connects and checks the table can be read, so CREATE TABLE fails on a bad url or table. */
  async open(): Promise<void> {
    try {
      await this.query();
    } catch (e) {
      await this.dropClient();
      throw new EngineError('source-unavailable', `table ${this.ctx.name}: cannot read PostgreSQL table ${this.settings.table}: ${(e as Error).message}`, 'external', {
        retryable: true, operator: `table ${this.ctx.name}`, cause: e,
      });
    }
  }

  get caughtUp(): boolean {
    return this.loadedOnce;
  }

  metrics(): Readonly<Record<string, number>> {
    return { refreshes: this.refreshes };
  }

  async poll(): Promise<SourceBatch | null> {
    const now = performance.now();
    if (now < this.nextRefreshAt || (this.loadedOnce && this.settings.refreshMs === 0)) return null;
    this.nextRefreshAt = now + this.settings.refreshMs;
    let rows: SqlValue[][];
    try {
      rows = await this.query();
      this.outageReported = false;
    } catch (e) {
      await this.dropClient();
      if (!this.outageReported) {
        this.outageReported = true;
        this.ctx.report({ code: 'source-disconnected', message: `cannot refresh from PostgreSQL (${(e as Error).message}); retrying in ${this.settings.refreshMs / 1000}s`, position: this.settings.table });
      }
      return null;
    }
    this.loadedOnce = true;
    this.refreshes++;
    return { delta: this.difference(rows), offset: { refreshes: this.refreshes } };
  }

  async close(): Promise<void> {
    await this.dropClient();
  }

  /** Deletions of rows PostgreSQL no longer has, then insertions of rows the table lacks (multisets). */
  private difference(fresh: readonly SqlValue[][]) {
    const counts = new Map<string, { values: readonly SqlValue[]; n: number }>();
    for (const values of this.ctx.currentRows!()) {
      const key = rowKey(values);
      const e = counts.get(key);
      if (e) e.n--;
      else counts.set(key, { values, n: -1 });
    }
    for (const values of fresh) {
      const key = rowKey(values);
      const e = counts.get(key);
      if (e) e.n++;
      else counts.set(key, { values, n: 1 });
    }
    const rows: (readonly SqlValue[])[] = [];
    const ops: Op[] = [];
    for (const sign of [-1, 1] as const) {
      for (const { values, n } of counts.values()) {
        if (Math.sign(n) !== sign) continue;
        for (let i = 0; i < Math.abs(n); i++) {
          rows.push(values);
          ops.push(sign);
        }
      }
    }
    return deltaFromRows(this.ctx.schema, rows, ops);
  }

  private async query(): Promise<SqlValue[][]> {
    if (!this.client) {
      const client = new pg.Client({ connectionString: this.settings.url, connectionTimeoutMillis: 10_000 });
      client.on('error', () => undefined);
      await client.connect();
      this.client = client;
    }
    const fields = this.ctx.schema.fields;
    const table = this.settings.table.split('.').map(quoteIdent).join('.');
    const text = `SELECT ${fields.map((f) => `${quoteIdent(f.name)}::text`).join(', ')} FROM ${table}`;
    const result = await this.client.query<(string | null)[]>({ text, rowMode: 'array' });
    return result.rows.map((row) => row.map((v, c) => {
      if (v === null) return null;
      const value = parseTextValue(v, fields[c]!.type);
      if (value === undefined) throw new EngineError('bad-input-row', `column '${fields[c]!.name}': '${v}' is not a valid value`, 'user');
      return value;
    }));
  }

  private async dropClient(): Promise<void> {
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }
}
