/**
 * The Nexmark events of a test run, generated with the engine's own generator (the same rows
 * the `nexmark` source produces for the same options) and loaded into DuckDB as tables
 * person, auction and bid.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { field, schemaOf, type Schema } from '@sluice/sql';
import {
  deltaRows, NEXMARK_DEFAULT_CONFIG, NEXMARK_FIELDS, NexmarkEventKind, NexmarkGenerator, toJsonValue, type NexmarkConfig,
} from '@sluice/engine/internal';
import type { DuckDBConnection } from '@duckdb/node-api';

const TABLES = [
  { name: 'person', kind: NexmarkEventKind.Person },
  { name: 'auction', kind: NexmarkEventKind.Auction },
  { name: 'bid', kind: NexmarkEventKind.Bid },
] as const;

const DUCKDB_TYPES: Record<string, string> = { BIGINT: 'BIGINT', VARCHAR: 'VARCHAR', TIMESTAMP: 'VARCHAR' };

/** Generator settings of a run: `events` events at `eventRate` events/s of event time. */
export function nexmarkConfig(events: number, eventRate: number): NexmarkConfig {
  return { ...NEXMARK_DEFAULT_CONFIG, eventCount: events, eventRate };
}

function tableSchema(kind: NexmarkEventKind): Schema {
  return schemaOf(NEXMARK_FIELDS[kind].map((f) => field(f.name, f.type)));
}

/** Writes `<dir>/<table>.jsonl` for the three tables and creates them in DuckDB. */
export async function loadNexmarkIntoDuckDb(connection: DuckDBConnection, dir: string, config: NexmarkConfig): Promise<void> {
  for (const table of TABLES) {
    const schema = tableSchema(table.kind);
    const delta = new NexmarkGenerator(config, table.kind, schema).generate(0, config.eventCount!);
    const lines = deltaRows(delta).map(({ values }) =>
      JSON.stringify(Object.fromEntries(schema.fields.map((f, i) => [f.name, toJsonValue(values[i]!, f.type)]))));
    const file = path.join(dir, `${table.name}.jsonl`);
    await writeFile(file, lines.join('\n') + '\n');
    const columns = schema.fields.map((f) => `${f.name}: '${DUCKDB_TYPES[f.type.kind === 'scalar' ? f.type.name : '']}'`).join(', ');
    const select = schema.fields.map((f) => (f.type.kind === 'scalar' && f.type.name === 'TIMESTAMP' ? `${f.name}::TIMESTAMP AS ${f.name}` : f.name)).join(', ');
    await connection.run(`CREATE TABLE ${table.name} AS SELECT ${select} FROM read_json('${file}', format = 'newline_delimited', columns = {${columns}})`);
  }
}
