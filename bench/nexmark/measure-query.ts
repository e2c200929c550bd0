/**
 * Measures one Nexmark query, in a process of its own (so peak RSS and JIT state are the
 * query's): end to end, engine alone, latency at a fixed rate, and the baselines. Run by
 * nexmark-part.ts as `measure-query.ts <query> <json settings>`; prints one JSON line.
 */
import type { Delta } from '@sluice/engine/internal';
import { runDuckDb } from './baselines/duckdb-batch.js';
import { runHandLoop } from './baselines/hand-loop.js';
import { runRowObjects } from './baselines/row-objects.js';
import { NEXMARK_REFERENCES } from './duckdb-queries.js';
import { pregenerate, planQuery, runEngineAlone } from './engine-alone.js';
import { runEndToEnd, runLatency, withPeakRss } from './end-to-end.js';

/** What the parent asks for. */
export interface MeasureSettings {
  readonly events: number;
  readonly baselineEvents: number;
  readonly batchEvents: number;
  readonly latencyRate: number;
  readonly latencySeconds: number;
  readonly latencyBatchIntervalMs: number;
}

/** One query's figures; null where a measurement does not apply or failed. */
export interface QueryResult {
  query: string;
  end_to_end_eps: number | null;
  engine_eps: number | null;
  hand_loop_eps: number | null;
  duckdb_eps: number | null;
  rows_per_object_eps: number | null;
  p50_ms: number | null;
  p99_ms: number | null;
  rss_mb: number | null;
  state_rows: number | null;
  result_rows: number | null;
  error?: string;
}

const round = (x: number | null | undefined): number | null => (x === null || x === undefined ? null : Math.round(x));
const ms = (x: number | null | undefined): number | null => (x === null || x === undefined ? null : Math.round(x * 100) / 100);

function tablesOf(query: string): string[] {
  const sql = NEXMARK_REFERENCES.find((r) => r.query === query)?.duckdb ?? '';
  return [...new Set([...sql.matchAll(/\b(?:FROM|JOIN)\s+(person|auction|bid)\b/gi)].map((m) => m[1]!.toLowerCase()))];
}

export async function measure(query: string, s: MeasureSettings): Promise<QueryResult> {
  const result: QueryResult = {
    query, end_to_end_eps: null, engine_eps: null, hand_loop_eps: null, duckdb_eps: null, rows_per_object_eps: null,
    p50_ms: null, p99_ms: null, rss_mb: null, state_rows: null, result_rows: null,
  };
  try {
    const e2e = await withPeakRss(() => runEndToEnd(query, s.events));
    result.end_to_end_eps = round(s.events / e2e.value.seconds);
    result.rss_mb = round(e2e.peakRssMb);
    result.state_rows = e2e.value.stateRows;
    result.result_rows = e2e.value.resultRows;

    const planned = planQuery(query);
    const tables = [...new Set([...(planned?.inputSources ?? []), ...tablesOf(query)])];
    const batches = pregenerate(tables, s.baselineEvents, s.batchEvents);
    const alone = runEngineAlone(query, batches);
    if (alone) result.engine_eps = round(s.baselineEvents / alone.seconds);
    const bids: readonly Delta[] = batches.get('bid') ?? [];
    const hand = runHandLoop(query, bids);
    if (hand) result.hand_loop_eps = round(s.baselineEvents / hand.seconds);
    const objects = runRowObjects(query, bids);
    if (objects) result.rows_per_object_eps = round(s.baselineEvents / objects.seconds);
    const duck = await runDuckDb(query, new Map(tablesOf(query).map((t) => [t, batches.get(t)!])));
    if (duck) result.duckdb_eps = round(s.baselineEvents / duck.seconds);
    batches.clear();

    const latency = await runLatency(query, s.latencyRate, s.latencySeconds, s.latencyBatchIntervalMs);
    result.p50_ms = ms(latency?.p50Ms);
    result.p99_ms = ms(latency?.p99Ms);
  } catch (error) {
    const e = error as { code?: string; message?: string };
    result.error = `${e.code ?? 'error'}: ${String(e.message ?? error).split('\n')[0]}`;
  }
  return result;
}

// entry point when run as a child process
if (process.argv[1]?.endsWith('measure-query.ts')) {
  const [query, settings] = process.argv.slice(2);
  const result = await measure(query!, JSON.parse(settings!) as MeasureSettings);
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
  process.exit(0);
}
