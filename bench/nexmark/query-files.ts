/**
 * The Nexmark query files (queries/qN.sql) and the shared prelude of CREATE SOURCE statements,
 * with the generator options rewritten for a run.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const QUERY_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'queries');

/** Every query name, q0 .. q22. */
export const ALL_QUERIES: readonly string[] = Array.from({ length: 23 }, (_, i) => `q${i}`);

/** Options of the nexmark sources for one run. */
export interface SourceSettings {
  /** total events of all kinds (each source covers the same event numbers) */
  readonly events: number;
  /** extra `WITH` options, e.g. `nexmark.max.rate` */
  readonly extraOptions?: Readonly<Record<string, string>>;
}

/** The prelude's CREATE SOURCE statements, bounded to `settings.events` events. */
export function preludeSql(settings: SourceSettings): string {
  const text = readFileSync(path.join(QUERY_DIR, 'prelude.sql'), 'utf8');
  const extra = Object.entries(settings.extraOptions ?? {}).map(([k, v]) => `, ${k} = '${v}'`).join('');
  return text.replace(/nexmark\.event\.num = '\d+'/g, `nexmark.event.num = '${settings.events}'${extra}`);
}

/** The text of query `name` (its CREATE MATERIALIZED VIEW / SINK, and any setup before it). */
export function querySql(name: string): string {
  return readFileSync(path.join(QUERY_DIR, `${name}.sql`), 'utf8');
}

/** The one-line description at the top of a query file. */
export function queryDescription(name: string): string {
  const first = querySql(name).split('\n')[0] ?? '';
  return first.replace(/^--\s*q\d+:\s*/, '');
}

/** The view (or sink) a query file creates: `nexmark_qN`. */
export function resultName(name: string): string {
  return `nexmark_${name}`;
}
