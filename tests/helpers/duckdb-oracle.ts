import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { normalizeRow, type NormalRow } from './normalize-rows.js';

const sqlString = (text: string): string => `'${text.replaceAll("'", "''")}'`;

/** Column types DuckDB reads a generated event file with (see event-file.ts). */
const EVENT_FILE_COLUMNS =
  "{ts: 'VARCHAR', user_id: 'BIGINT', item: 'VARCHAR', price: 'BIGINT', qty: 'INTEGER', category: 'VARCHAR', line: 'VARCHAR'}";

/**
 * A batch engine giving the reference answers: an in-memory DuckDB database. Queries return
 * normalized rows (see normalizeRow), sorted, ready for rowsDifference.
 */
export class DuckDbOracle {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  /** Opens an empty in-memory database. */
  static async open(): Promise<DuckDbOracle> {
    const instance = await DuckDBInstance.create(':memory:');
    return new DuckDbOracle(instance, await instance.connect());
  }

  /**
   * Loads a generated event file into `table` with explicit column types. `ts` is read as text
   * and then converted, so that all three spellings (ISO-8601, `YYYY-MM-DD HH:MM:SS[.ffffff]`,
   * epoch milliseconds) become the same TIMESTAMP.
   */
  async loadEventFile(filePath: string, table = 'events'): Promise<void> {
    await this.connection.run(`
      CREATE TABLE ${table} AS
      SELECT
        CASE WHEN regexp_full_match(ts, '-?[0-9]+') THEN epoch_ms(ts::BIGINT) ELSE ts::TIMESTAMP END AS ts,
        user_id, item, price, qty, category, line
      FROM read_json(${sqlString(filePath)}, format = 'newline_delimited', columns = ${EVENT_FILE_COLUMNS})`);
  }

  /** Runs a query and returns its rows normalized and sorted. */
  async query(sql: string): Promise<NormalRow[]> {
    const reader = await this.connection.runAndReadAll(sql);
    const rows = reader.getRowObjectsJS().map((row) => normalizeRow(row));
    const keyed = rows.map((row) => ({ key: JSON.stringify(row), row }));
    keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return keyed.map(({ row }) => row);
  }

  /** Closes the database. */
  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}
