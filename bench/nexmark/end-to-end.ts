/**
 * End-to-end measurements through the public API: the generator inside the engine, a
 * materialized view (or sink) per query, FLUSH until the bounded stream has gone through.
 * Also the latency run: a fixed wall-clock rate below capacity, results read as a continuous
 * query, each micro-batch's latency measured from the arrival of its oldest event.
 */
import { Sluice, type ChangeBatch } from '@sluice/engine';
import { NEXMARK_FUNCTIONS } from './nexmark-functions.js';
import { preludeSql, querySql, resultName } from './query-files.js';

const WATERMARK_DELAY_US = 4_000_000;

/** Peak resident set size while `body` runs, sampled every 20 ms, MiB. */
export async function withPeakRss<T>(body: () => Promise<T>): Promise<{ value: T; peakRssMb: number }> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
  try {
    const value = await body();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { value, peakRssMb: peak / 2 ** 20 };
  } finally {
    clearInterval(timer);
  }
}

export interface EndToEndResult {
  readonly seconds: number;
  readonly resultRows: number | null;
  /** rows held by the operators' state at the end (EXPLAIN ANALYZE's state rows, summed) */
  readonly stateRows: number | null;
  readonly batches: number | null;
}

/** Runs query `name` over `events` generated events; time from CREATE to the flush. */
export async function runEndToEnd(name: string, events: number): Promise<EndToEndResult> {
  const engine = await Sluice.open({ batchIntervalMs: 1, functions: NEXMARK_FUNCTIONS });
  try {
    await engine.executeScript(preludeSql({ events }));
    const started = performance.now();
    await engine.executeScript(querySql(name));
    await engine.flush();
    const seconds = (performance.now() - started) / 1000;
    const isView = /CREATE MATERIALIZED VIEW/i.test(querySql(name));
    if (!isView) return { seconds, resultRows: null, stateRows: null, batches: null };
    const [count] = await engine.executeScript(`SELECT count(*) FROM ${resultName(name)};`);
    const [analyze] = await engine.executeScript(`EXPLAIN ANALYZE ${resultName(name)};`);
    const text = analyze?.kind === 'rows' ? analyze.rows.map((r) => String(r[0])).join('\n') : '';
    const stateRows = [...text.matchAll(/state rows (\d+)/g)].reduce((s, m) => s + Number(m[1]), 0);
    const batches = /(\d+) batches/.exec(text);
    return {
      seconds,
      resultRows: count?.kind === 'rows' ? Number(count.rows[0]![0]) : null,
      stateRows,
      batches: batches ? Number(batches[1]) : null,
    };
  } finally {
    await engine.close();
  }
}

/** The SELECT of a query file's view or sink, with the statements before it (setup). */
function continuousForm(name: string): { setup: string; select: string } | null {
  const text = querySql(name);
  const m = /CREATE (?:MATERIALIZED VIEW|SINK)\s+\w+\s+AS\s+([\s\S]*?)(?:\s+WITH\s*\([^)]*\))?\s*;\s*$/i.exec(text);
  if (!m) return null;
  return { setup: text.slice(0, m.index), select: m[1]! };
}

export interface LatencyResult {
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly batches: number;
}

/**
 * Runs query `name` for `seconds` at `rate` events/s of wall-clock time, with event time
 * equal to arrival time (the event rate equals the wall-clock rate, starting now). The latency
 * of a result batch is its delivery time minus the arrival of the oldest event it covers (the
 * event after the newest one of the previous batch, known from the watermark).
 */
export async function runLatency(name: string, rate: number, seconds: number, batchIntervalMs: number): Promise<LatencyResult | null> {
  const form = continuousForm(name);
  if (!form) return null;
  const engine = await Sluice.open({ batchIntervalMs, functions: NEXMARK_FUNCTIONS });
  const latencies: number[] = [];
  try {
    const base = Date.now();
    await engine.executeScript(preludeSql({
      events: Math.ceil(rate * seconds),
      extraOptions: { 'nexmark.max.rate': String(rate), 'nexmark.event.rate': String(rate), 'nexmark.base.time': String(base) },
    }));
    if (form.setup.trim()) await engine.executeScript(form.setup);
    const [result] = await engine.executeScript(`${form.select};`);
    if (result?.kind !== 'stream') return null;
    let previousNewestUs = base * 1000 - 1e6 / rate;
    // a query joining a table never ends by itself: stop reading once the events are out
    const stop = setTimeout(() => result.stream.cancel(), (seconds + 5) * 1000);
    for await (const batch of result.stream as AsyncIterable<ChangeBatch>) {
      const now = Date.now() * 1000;
      if (batch.watermarkUs === null || !Number.isFinite(batch.watermarkUs)) continue;
      const newestUs = batch.watermarkUs + WATERMARK_DELAY_US;
      latencies.push((now - (previousNewestUs + 1e6 / rate)) / 1000);
      previousNewestUs = newestUs;
      if (newestUs >= base * 1000 + seconds * 1e6 - 1e6 / rate) break;
    }
    clearTimeout(stop);
  } finally {
    await engine.close();
  }
  if (latencies.length === 0) return null;
  latencies.sort((a, b) => a - b);
  const at = (q: number): number => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  return { p50Ms: at(0.5), p99Ms: at(0.99), batches: latencies.length };
}
