/**
 * The catalog and pipeline metrics as JSON, read through the same SHOW and DESCRIBE statements
 * a user can type, so the server reports exactly what the SQL interface does.
 */
import { T } from '@sluice/sql';
import { formatValue } from '../cli/values.js';
import type { EngineHost } from './engine-host.js';

/** The kinds of catalog objects, in the order they are listed. */
export const OBJECT_KINDS = [
  { kind: 'source', show: 'SHOW SOURCES' },
  { kind: 'table', show: 'SHOW TABLES' },
  { kind: 'materialized-view', show: 'SHOW MATERIALIZED VIEWS' },
  { kind: 'view', show: 'SHOW VIEWS' },
  { kind: 'sink', show: 'SHOW SINKS' },
] as const;

/** A catalog object kind. */
export type ObjectKind = (typeof OBJECT_KINDS)[number]['kind'];

/** One column of a catalog object, as DESCRIBE shows it. */
export interface ObjectColumn {
  readonly name: string;
  readonly type: string;
  readonly primaryKey: boolean;
  /** e.g. `watermark - 5s` */
  readonly watermark: string | null;
}

/** One catalog object. */
export interface ObjectInfo {
  readonly name: string;
  readonly kind: ObjectKind;
  readonly columns: readonly ObjectColumn[];
}

/** The live metrics of one running (or ended) pipeline. */
export interface PipelineInfo {
  readonly name: string;
  readonly status: string;
  readonly batches: number;
  readonly rowsIn: number;
  readonly rowsOut: number;
  /** time the last micro-batch took */
  readonly processingMs: number;
  /** how late the last micro-batch started after it was due */
  readonly schedulingDelayMs: number;
  /** event-time watermark, µs since epoch; null before any event time */
  readonly watermarkUs: number | null;
  /** the watermark as `YYYY-MM-DD HH:MM:SS[.ffffff]` */
  readonly watermark: string | null;
  /** wall clock minus watermark; null without a watermark */
  readonly watermarkLagMs: number | null;
  readonly stateRows: number;
  readonly lateRows: number;
}

/** Every catalog object with its columns, by kind then name. */
export async function listObjects(host: EngineHost): Promise<ObjectInfo[]> {
  const objects: ObjectInfo[] = [];
  for (const { kind, show } of OBJECT_KINDS) {
    for (const name of await namesOf(host, show)) objects.push({ name, kind, columns: await describeColumns(host, name) });
  }
  return objects;
}

/** The object called `name` (as DESCRIBE resolves it), or undefined. */
export async function findObject(host: EngineHost, name: string): Promise<ObjectInfo | undefined> {
  const objects = await listObjects(host);
  return objects.find((o) => o.name === name) ?? objects.find((o) => o.name.toLowerCase() === name.toLowerCase());
}

/** Metrics of every pipeline the engine runs, snapshot reads excluded (they end at once). */
export async function listPipelines(host: EngineHost, nowMs = Date.now()): Promise<PipelineInfo[]> {
  const result = await runOne(host, 'SHOW PIPELINES');
  return result
    .filter((row) => !String(row[0]).startsWith('snapshot-'))
    .map((row) => {
      const [name, status, batches, rowsIn, rowsOut, processingMs, delayMs, watermarkUs, stateRows, lateRows] = row.map((v) => (v === null ? null : String(v)));
      const watermark = watermarkUs === null || watermarkUs === undefined ? null : Number(watermarkUs);
      return {
        name: name ?? '', status: status ?? '',
        batches: Number(batches), rowsIn: Number(rowsIn), rowsOut: Number(rowsOut),
        processingMs: Number(processingMs), schedulingDelayMs: Number(delayMs),
        watermarkUs: watermark,
        watermark: watermark === null ? null : formatValue(watermark, T.timestamp),
        watermarkLagMs: watermark === null ? null : Math.max(0, nowMs - watermark / 1000),
        stateRows: Number(stateRows), lateRows: Number(lateRows),
      };
    });
}

async function namesOf(host: EngineHost, show: string): Promise<string[]> {
  return (await runOne(host, show)).map((row) => String(row[0]));
}

async function describeColumns(host: EngineHost, name: string): Promise<ObjectColumn[]> {
  try {
    const rows = await runOne(host, `DESCRIBE ${quoteIdent(name)}`);
    return rows.map((row) => ({
      name: String(row[0]), type: String(row[1]), primaryKey: row[2] !== null, watermark: row[3] === null ? null : String(row[3]),
    }));
  } catch {
    // an object dropped between SHOW and DESCRIBE: list it without columns
    return [];
  }
}

async function runOne(host: EngineHost, sql: string): Promise<unknown[][]> {
  const [statement] = host.parse(sql);
  const result = await host.execute(statement!);
  return result.kind === 'rows' ? (result.rows as unknown[][]) : [];
}

/** `name` as a quoted SQL identifier. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
