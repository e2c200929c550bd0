import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { EVENT_COLUMNS_SQL } from './event-file.js';

const sqlString = (text: string): string => `'${text.replaceAll("'", "''")}'`;

/** Options of eventSourceSql. */
export interface EventSourceOptions {
  /** Source name (default `events`). */
  readonly name?: string;
  /** Watermark delay in seconds (default 5; the generator's disorder stays below it). */
  readonly watermarkDelaySeconds?: number;
  /** Extra connector options, e.g. `{ on_error: 'fail' }`. */
  readonly options?: Readonly<Record<string, string>>;
}

/** `CREATE SOURCE` over a generated event file (file connector, JSON, watermark on `ts`). */
export function eventSourceSql(filePath: string, options: EventSourceOptions = {}): string {
  const delay = options.watermarkDelaySeconds ?? 5;
  const withOptions = { connector: 'file', path: filePath, ...options.options };
  const withList = Object.entries(withOptions).map(([key, value]) => `${key} = ${sqlString(value)}`).join(', ');
  return (
    `CREATE SOURCE ${options.name ?? 'events'} (\n  ${EVENT_COLUMNS_SQL},\n` +
    `  WATERMARK FOR ts AS ts - INTERVAL '${delay}' SECOND\n` +
    `) WITH (${withList}) FORMAT PLAIN ENCODE JSON;`
  );
}

/** `CREATE SOURCE name (line VARCHAR)` reading text lines from a TCP server. */
export function socketSourceSql(name: string, host: string, port: number): string {
  return `CREATE SOURCE ${name} (line VARCHAR) WITH (connector = 'socket', host = ${sqlString(host)}, port = '${port}');`;
}

/** `CREATE MATERIALIZED VIEW name AS query [EMIT ON WINDOW CLOSE];` */
export function materializedViewSql(name: string, query: string, emitOnWindowClose = false): string {
  return `CREATE MATERIALIZED VIEW ${name} AS ${query.trim()}${emitOnWindowClose ? '\nEMIT ON WINDOW CLOSE' : ''};`;
}

/** Writes statements (one per paragraph) to `<dir>/<fileName>` and returns the file's path. */
export async function writeJobFile(dir: string, fileName: string, statements: readonly string[]): Promise<string> {
  const filePath = path.join(dir, fileName);
  await writeFile(filePath, statements.join('\n\n') + '\n', 'utf8');
  return filePath;
}
