/**
 * The `nexmark` part of `npm run bench`: every runnable query measured in a child process
 * (measure-query.ts), a table with ratios on stdout, results as JSON, and BENCHMARKS.md.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MeasureSettings, QueryResult } from './measure-query.js';
import { ALL_QUERIES } from './query-files.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** Options of the part, from the command line. */
export interface NexmarkPartOptions {
  readonly quick: boolean;
  readonly queries: readonly string[] | null;
}

/** The sizes of a run: --quick keeps the whole part under about 5 minutes on 2 cores. */
export function settingsFor(quick: boolean): MeasureSettings {
  return quick
    ? { events: 300_000, baselineEvents: 300_000, batchEvents: 100_000, latencyRate: 20_000, latencySeconds: 2, latencyBatchIntervalMs: 10 }
    : { events: 2_000_000, baselineEvents: 2_000_000, batchEvents: 100_000, latencyRate: 50_000, latencySeconds: 10, latencyBatchIntervalMs: 10 };
}

function measureInChild(query: string, settings: MeasureSettings, timeoutMs: number): Promise<QueryResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...process.execArgv, path.join(HERE, 'measure-query.ts'), query, JSON.stringify(settings)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
      if (line) return resolve(JSON.parse(line.slice(7)) as QueryResult);
      const why = code === null ? `timed out after ${timeoutMs / 1000} s` : `exited with ${code}: ${stderr.trim().split('\n').slice(-1)[0] ?? ''}`;
      resolve({
        query, end_to_end_eps: null, engine_eps: null, hand_loop_eps: null, duckdb_eps: null, rows_per_object_eps: null,
        p50_ms: null, p99_ms: null, rss_mb: null, state_rows: null, result_rows: null, error: why,
      });
    });
  });
}

/** Runs the part; returns the results in query order. */
export async function runNexmarkPart(options: NexmarkPartOptions, log: (line: string) => void): Promise<{ settings: MeasureSettings; results: QueryResult[] }> {
  const settings = settingsFor(options.quick);
  const queries = options.queries ?? ALL_QUERIES;
  const results: QueryResult[] = [];
  const timeoutMs = options.quick ? 60_000 : 600_000;
  for (const query of queries) {
    const started = performance.now();
    const result = await measureInChild(query, settings, timeoutMs);
    results.push(result);
    const eps = result.end_to_end_eps === null ? '-' : result.end_to_end_eps.toLocaleString('en-US');
    log(`${query}: ${eps} events/s end to end${result.error ? ` (${result.error})` : ''} [${((performance.now() - started) / 1000).toFixed(1)} s]`);
  }
  return { settings, results };
}
