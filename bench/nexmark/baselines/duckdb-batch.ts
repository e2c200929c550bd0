/**
 * DuckDB computing each query's answer as one batch over the same events: the tables are
 * loaded first (not timed), then `CREATE TEMP TABLE result AS <query>` is timed.
 */
import { DuckDBInstance, DuckDBTimestampValue, type DuckDBConnection } from '@duckdb/node-api';
import type { Delta } from '@sluice/engine/internal';
import { NEXMARK_REFERENCES } from '../duckdb-queries.js';

const decoder = new TextDecoder();

async function load(connection: DuckDBConnection, table: string, batches: readonly Delta[]): Promise<void> {
  const fields = batches[0]!.schema.fields;
  const types = fields.map((f) => (f.type.kind === 'scalar' ? f.type.name : 'VARCHAR'));
  await connection.run(`CREATE TABLE ${table} (${fields.map((f, i) => `${f.name} ${types[i]}`).join(', ')})`);
  const appender = await connection.createAppender(table);
  for (const delta of batches) {
    const columns = delta.columns;
    for (let row = 0; row < delta.length; row++) {
      for (let c = 0; c < fields.length; c++) {
        const data = columns[c]!;
        if (types[c] === 'VARCHAR') {
          const offsets = data.valueOffsets as Int32Array;
          appender.appendVarchar(decoder.decode((data.values as Uint8Array).subarray(offsets[row], offsets[row + 1])));
        } else if (types[c] === 'TIMESTAMP') {
          appender.appendTimestamp(new DuckDBTimestampValue((data.values as BigInt64Array)[row]!));
        } else {
          appender.appendBigInt((data.values as BigInt64Array)[row]!);
        }
      }
      appender.endRow();
    }
  }
  appender.closeSync();
}

/** Loads the sources' batches into DuckDB and times query `name`'s reference; null without one. */
export async function runDuckDb(name: string, sources: ReadonlyMap<string, readonly Delta[]>): Promise<{ seconds: number } | null> {
  const reference = NEXMARK_REFERENCES.find((r) => r.query === name);
  if (!reference || reference.summary) return null;
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    for (const [table, batches] of sources) await load(connection, table, batches);
    const started = performance.now();
    await connection.run(`CREATE TEMP TABLE result AS ${reference.duckdb}`);
    return { seconds: (performance.now() - started) / 1000 };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
