/**
 * Services the connector tests talk to: the machine's Redis, NATS, Mosquitto and PostgreSQL,
 * brokers the tests start themselves on free ports (for stop/restart tests), and librdkafka's
 * mock Kafka cluster started through `kcat`.
 *
 * A missing service skips its tests with the reason, except with SLUICE_REQUIRE_SERVICES=1
 * (CI), where it is an error.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Sluice, type StatementResult } from '@sluice/engine';

const required = process.env['SLUICE_REQUIRE_SERVICES'] === '1';

/** null when usable; else why not (or throws, when services are required). */
export async function unavailable(what: string, check: () => Promise<boolean>): Promise<string | null> {
  let ok = false;
  try {
    ok = await check();
  } catch {
    ok = false;
  }
  if (ok) return null;
  const reason = `${what} is not available`;
  if (required) throw new Error(`${reason} (SLUICE_REQUIRE_SERVICES=1)`);
  return reason;
}

/** Whether something accepts TCP connections at host:port. */
export function reachable(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.createConnection({ host, port });
    socket.setTimeout(1000);
    socket.on('connect', () => { socket.destroy(); resolve(true); });
    socket.on('error', () => resolve(false));
    socket.on('timeout', () => { socket.destroy(); resolve(false); });
  });
}

/** Whether `binary` is on the PATH. */
export function installed(binary: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${binary}`]).status === 0;
}

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

export async function waitFor(condition: () => Promise<boolean> | boolean, timeoutMs = 20_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A child process the test owns; `stop` ends it (by its pid) and waits. */
export class OwnedProcess {
  constructor(readonly child: ChildProcess) {}

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill(signal);
    await exited;
  }
}

/** librdkafka's mock cluster (one broker), kept up by a `kcat` consumer; resolves to its address. */
export async function startKafkaMock(): Promise<{ bootstrap: string; process: OwnedProcess }> {
  const child = spawn('kcat', ['-C', '-b', 'dummy:9092', '-t', 'sluice-mock-keepalive', '-X', 'test.mock.num.brokers=1', '-d', 'generic'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const owned = new OwnedProcess(child);
  const bootstrap = await new Promise<string>((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => reject(new Error(`kcat did not start the mock cluster: ${log.slice(0, 500)}`)), 10_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      const m = /replaced with (127\.0\.0\.1:\d+)/.exec(log);
      if (m) {
        clearTimeout(timer);
        child.stderr!.removeAllListeners('data');
        child.stderr!.resume();
        resolve(m[1]!);
      }
    });
    child.on('error', reject);
  });
  return { bootstrap, process: owned };
}

/** A redis-server of our own on a free port (no persistence files outside `dir`). */
export async function startRedis(port: number, dir: string): Promise<OwnedProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'yes', '--appendfsync', 'always'], { stdio: 'ignore' });
  await waitFor(() => reachable(port), 10_000, `redis-server on ${port}`);
  return new OwnedProcess(child);
}

/** A nats-server with JetStream of our own on a free port, storing in `dir`. */
export async function startNats(port: number, dir: string): Promise<OwnedProcess> {
  const child = spawn('nats-server', ['-p', String(port), '-a', '127.0.0.1', '-js', '-sd', dir], { stdio: 'ignore' });
  await waitFor(() => reachable(port), 10_000, `nats-server on ${port}`);
  return new OwnedProcess(child);
}

/** A mosquitto of our own on a free port, without in-flight or queue limits (config in `dir`). */
export async function startMosquitto(port: number, dir: string): Promise<OwnedProcess> {
  const config = path.join(dir, 'mosquitto.conf');
  await writeFile(config, [
    `listener ${port} 127.0.0.1`, 'allow_anonymous true', 'max_inflight_messages 0', 'max_queued_messages 0',
    'persistence true', `persistence_location ${dir}/`,
  ].join('\n') + '\n');
  // started as root, mosquitto drops to its own user, which must be able to write the sessions
  await chmod(dir, 0o777);
  const child = spawn('mosquitto', ['-c', config], { stdio: 'ignore' });
  await waitFor(() => reachable(port), 10_000, `mosquitto on ${port}`);
  return new OwnedProcess(child);
}

/** A temporary folder, removed by the returned function. */
export async function tempDir(prefix: string): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `sluice-${prefix}-`));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Rows of a SELECT, as JS values. */
export async function query(engine: Sluice, sql: string): Promise<unknown[][]> {
  const results = await engine.executeScript(sql);
  const last = results[results.length - 1] as StatementResult;
  if (last.kind !== 'rows') throw new Error(`expected rows from ${sql}`);
  return last.rows.map((r) => [...r]);
}

/** Sorts rows by their JSON text, for order-free comparison. */
export function sorted(rows: unknown[][]): unknown[][] {
  const text = (r: unknown[]): string => JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
  return [...rows].sort((a, b) => (text(a) < text(b) ? -1 : text(a) > text(b) ? 1 : 0));
}

/** Expected per-group count and sum of generated records `{id, grp, v}` (v = id % 97, grp = g<id % 7>). */
export function expectedGroups(ids: Iterable<number>): unknown[][] {
  const groups = new Map<string, { n: bigint; s: bigint }>();
  for (const id of ids) {
    const g = `g${id % 7}`;
    const e = groups.get(g) ?? { n: 0n, s: 0n };
    e.n += 1n;
    e.s += BigInt(id % 97);
    groups.set(g, e);
  }
  return sorted([...groups].map(([g, e]) => [g, e.n, e.s]));
}

/** The JSON record with id `id` (see `expectedGroups`). */
export function record(id: number): string {
  return JSON.stringify({ id, grp: `g${id % 7}`, v: id % 97 });
}

/** Opens an engine that collects notices (problems, outages). */
export async function openEngine(): Promise<{ engine: Sluice; notices: string[] }> {
  const notices: string[] = [];
  const engine = await Sluice.open({ batchIntervalMs: 50, onNotice: (m) => notices.push(m) });
  return { engine, notices };
}
