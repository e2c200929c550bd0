/**
 * Websocket load: many subscribers on one materialized view while rows stream in.
 *
 *   npm run build && npx tsx bench/ws-load.ts [--subscribers 500] [--rate 10000] [--seconds 60]
 *
 * Starts `sluice serve` as a child process (so its memory is its own), creates
 *
 *   events (slot INT PRIMARY KEY, k INT, sent_ms BIGINT)        -- upserts keep it at 5,000 rows
 *   latest = SELECT k, count(*) AS n, max(sent_ms) AS last_sent FROM events GROUP BY k  -- 50 groups
 *
 * opens N websocket subscribers on `SUBSCRIBE latest` plus one on `SUBSCRIBE events` (every row
 * change, about 0.8 MB/s) that stops reading, and inserts
 * `rate` rows per second over REST (batches every 50 ms, each row stamped with its send time).
 * Delivery latency is the receive time minus the newest `last_sent` in a changes message. At
 * the end every subscriber's applied changes are compared with a fresh SELECT, and the report
 * gives latency percentiles, the server's memory over time, and what became of the stalled
 * subscriber (it must be disconnected at its buffer bound, without the server's memory growing).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';

const { values: flags } = parseArgs({
  options: {
    subscribers: { type: 'string', default: '500' },
    rate: { type: 'string', default: '10000' },
    seconds: { type: 'string', default: '60' },
    'max-buffered-bytes': { type: 'string', default: String(4 * 1024 * 1024) },
  },
});
const SUBSCRIBERS = Number(flags.subscribers);
const RATE = Number(flags.rate);
const SECONDS = Number(flags.seconds);
const TICK_MS = 50;
const SLOTS = 5000;
const GROUPS = 50;

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sluiceBin = path.join(repoRoot, 'packages', 'server', 'bin', 'sluice.js');

interface Subscriber {
  readonly ws: WebSocket;
  readonly rows: Map<string, number>;
  ready: boolean;
  messages: number;
  closedWith?: number;
  closedAtMs?: number;
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'sluice-ws-load-'));
  const server = spawn(process.execPath, [sluiceBin, 'serve', '--data-dir', dataDir, '--http-port', '0', '--pg-port', 'off', '--batch-interval', '100',
    '--max-connections', String(SUBSCRIBERS + 100), '--max-buffered-bytes', flags['max-buffered-bytes']!], { stdio: ['ignore', 'pipe', 'pipe'] });
  let serverLog = '';
  let loadStartedMs = Date.now();
  server.stderr.setEncoding('utf8').on('data', (d: string) => {
    for (const line of d.split('\n').filter(Boolean)) serverLog += `[${((Date.now() - loadStartedMs) / 1000).toFixed(1)} s] ${line}\n`;
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    server.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const match = /dashboard and REST: (http:\/\/\S+)\//.exec(out);
      if (match) resolve(match[1]!);
    });
    server.on('exit', (code) => reject(new Error(`server exited ${code}: ${serverLog}`)));
  });
  const post = async (route: string, body: unknown): Promise<{ rows?: unknown[][] }> => {
    const response = await fetch(`${url}${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const json = (await response.json()) as { rows?: unknown[][] };
    if (!response.ok) throw new Error(JSON.stringify(json));
    return json;
  };
  try {
    await post('/v1/sql', { sql: `CREATE TABLE events (slot INT PRIMARY KEY, k INT, sent_ms BIGINT);
      CREATE MATERIALIZED VIEW latest AS SELECT k, count(*) AS n, max(sent_ms) AS last_sent FROM events GROUP BY k;` });

    const latencies: number[] = [];
    const wsUrl = `${url.replace(/^http/, 'ws')}/v1/ws`;
    const subscribers: Subscriber[] = [];
    for (let i = 0; i < SUBSCRIBERS; i++) subscribers.push(await subscribe(wsUrl, latencies, 'SUBSCRIBE latest'));
    await waitUntil(() => subscribers.every((s) => s.ready), 30_000);
    const stalled = await subscribe(wsUrl, [], 'SUBSCRIBE events');
    await waitUntil(() => stalled.ready, 10_000);
    (stalled.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    console.log(`${SUBSCRIBERS} subscribers and 1 stalled subscriber connected; inserting ${RATE} rows/s for ${SECONDS} s`);

    const memory: { t: number; rssMb: number; heapMb: number }[] = [];
    const started = Date.now();
    loadStartedMs = started;
    const sampleMemory = async () => {
      const text = await (await fetch(`${url}/metrics`)).text();
      const read = (name: string) => Number(new RegExp(`^${name} (\\S+)`, 'm').exec(text)?.[1] ?? NaN) / 1024 / 1024;
      memory.push({ t: Math.round((Date.now() - started) / 1000), rssMb: read('sluice_process_resident_memory_bytes'), heapMb: read('sluice_nodejs_heap_size_used_bytes') });
    };
    await sampleMemory();
    const memoryTimer = setInterval(() => void sampleMemory(), 5000);

    let seq = 0;
    let inserted = 0;
    const perTick = Math.round((RATE * TICK_MS) / 1000);
    const end = started + SECONDS * 1000;
    let next = started;
    while (Date.now() < end) {
      const now = Date.now();
      const rows = Array.from({ length: perTick }, () => {
        const n = seq++;
        return [n % SLOTS, n % GROUPS, now];
      });
      await post('/v1/tables/events/rows', rows);
      inserted += rows.length;
      next += TICK_MS;
      const wait = next - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    const elapsed = (Date.now() - started) / 1000;
    clearInterval(memoryTimer);
    // let the stalled client read again, so it sees how the server left it
    (stalled.ws as unknown as { _socket: { resume(): void } })._socket.resume();
    await post('/v1/sql', { sql: 'FLUSH' });
    const fresh = (await post('/v1/sql', { sql: 'SELECT * FROM latest' })).rows as unknown[][];
    const expected = JSON.stringify(fresh.map((r) => JSON.stringify(r)).sort());
    await waitUntil(() => subscribers.every((s) => JSON.stringify(expand(s.rows)) === expected), 20_000).catch(() => {});
    await sampleMemory();
    const matching = subscribers.filter((s) => JSON.stringify(expand(s.rows)) === expected).length;

    latencies.sort((a, b) => a - b);
    const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
    const messages = subscribers.reduce((sum, s) => sum + s.messages, 0);
    const report = {
      subscribers: SUBSCRIBERS,
      rowsInserted: inserted,
      insertRowsPerSecond: Math.round(inserted / elapsed),
      changesMessagesDelivered: messages,
      latencyMs: { p50: pct(50), p90: pct(90), p99: pct(99), max: latencies[latencies.length - 1], samples: latencies.length },
      subscribersMatchingFreshSelect: `${matching}/${SUBSCRIBERS}`,
      stalledSubscriber: stalled.closedWith === undefined ? 'still connected' : `disconnected, close code ${stalled.closedWith}`,
      serverMemoryMb: memory,
      serverLog: serverLog.split('\n').filter((l) => /disconnecting/.test(l)).map((l) => l.replace(/websocket [^:]+:\d+: /, '')),
      stalledDisconnectedAt: stalled.closedAtMs === undefined ? null : `${((stalled.closedAtMs - started) / 1000).toFixed(1)} s (seen by the client once it read again)`,
    };
    console.log(JSON.stringify(report, null, 2));
    for (const s of subscribers) s.ws.terminate();
    stalled.ws.terminate();
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    await rm(dataDir, { recursive: true, force: true });
  }
}

function subscribe(url: string, latencies: number[], sql: string): Promise<Subscriber> {
  const ws = new WebSocket(url);
  const subscriber: Subscriber = { ws, rows: new Map(), ready: false, messages: 0 };
  ws.on('message', (data) => {
    const m = JSON.parse(String(data));
    if (m.type === 'snapshot') {
      for (const values of m.rows) apply(subscriber.rows, '+', values);
      subscriber.ready = true;
    } else if (m.type === 'changes') {
      const received = Date.now();
      subscriber.messages++;
      let newest = 0;
      for (const change of m.rows) {
        apply(subscriber.rows, change.op, change.values);
        if (change.op === '+') newest = Math.max(newest, Number(change.values[2]));
      }
      if (newest > 0) latencies.push(received - newest);
    }
  });
  ws.on('close', (code) => {
    subscriber.closedWith = code;
    subscriber.closedAtMs = Date.now();
  });
  return new Promise((resolve, reject) => {
    ws.once('open', () => {
      ws.send(JSON.stringify({ type: 'subscribe', id: 'q', sql }));
      resolve(subscriber);
    });
    ws.once('error', reject);
  });
}

function apply(rows: Map<string, number>, op: string, values: unknown[]): void {
  const key = JSON.stringify(values);
  const count = (rows.get(key) ?? 0) + (op === '+' ? 1 : -1);
  if (count === 0) rows.delete(key);
  else rows.set(key, count);
}

function expand(rows: Map<string, number>): string[] {
  return [...rows].flatMap(([key, count]) => Array.from({ length: count }, () => key)).sort();
}

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

await main();
