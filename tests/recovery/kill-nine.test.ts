/**
 * `kill -9` at random moments: `sluice --data-dir D -f job.sql` over a bounded JSON-lines file
 * of 200,000 rows is killed with SIGKILL at least ten times and started again with the same
 * command (the script uses IF NOT EXISTS), then left to finish. Its sinks must then hold
 * exactly what an uninterrupted run wrote: a TUMBLE aggregate with EMIT ON WINDOW CLOSE into a
 * file sink and an append-only PostgreSQL table, and a non-windowed GROUP BY into an upsert
 * PostgreSQL table. Needs PostgreSQL (skipped with a reason when it is unreachable, unless
 * SLUICE_REQUIRE_SERVICES=1).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_COLUMNS_SQL, generateEvents, writeEventFile } from '../helpers/event-file.js';
import { sluiceBin } from '../helpers/repo-paths.js';
import { SeededRandom } from '../helpers/seeded-random.js';
import { committedLines, POSTGRES_URL, postgresUnavailable, queryPostgres } from './recovery-helpers.js';

const ROWS = 200_000;
const KILLS = 10;

let work: string;
let eventsPath: string;
let skipReason: string | null = null;
const tag = `kill9_${process.pid}`;

beforeAll(async () => {
  skipReason = await postgresUnavailable();
  work = await mkdtemp(path.join(os.tmpdir(), 'sluice-kill9-'));
  eventsPath = path.join(work, 'events.jsonl');
  await writeEventFile(eventsPath, generateEvents({ rows: ROWS, seed: 11, spanMs: 30 * 60_000 }));
}, 60_000);

afterAll(async () => {
  if (!skipReason) {
    const tables = ['plain', 'killed'].flatMap((run) => [`${tag}_${run}_windows`, `${tag}_${run}_users`]);
    await queryPostgres(`DROP TABLE IF EXISTS ${tables.join(', ')}`).catch(() => undefined);
    await queryPostgres(`DELETE FROM sluice_sink_progress WHERE sink LIKE '${tag}%'`).catch(() => undefined);
  }
  // SLUICE_KILL_KEEP=1 keeps the data directories and sink folders for a post-mortem.
  if (!process.env['SLUICE_KILL_KEEP']) await rm(work, { recursive: true, force: true });
});

/** The job; `run` keeps the two runs' sinks and tables apart. */
function job(run: string): string {
  const prefix = `${tag}_${run}`;
  return `
    CREATE SOURCE IF NOT EXISTS events (${EVENT_COLUMNS_SQL}, WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
      WITH (connector = 'file', path = '${eventsPath}', max_rows_per_batch = '4000');
    CREATE MATERIALIZED VIEW IF NOT EXISTS windows AS
      SELECT window_start, window_end, item, count(*) AS n, sum(price) AS revenue, max(qty) AS top_qty
      FROM TUMBLE(events, ts, INTERVAL '10' SECOND) GROUP BY window_start, window_end, item EMIT ON WINDOW CLOSE;
    CREATE SINK IF NOT EXISTS ${prefix}_file FROM windows WITH (connector = 'file', path = '${path.join(work, run, 'out')}');
    CREATE SINK IF NOT EXISTS ${prefix}_windows FROM windows
      WITH (connector = 'postgres', url = '${POSTGRES_URL}', table = '${prefix}_windows', create_table = 'true');
    CREATE SINK IF NOT EXISTS ${prefix}_users AS
      SELECT user_id, count(*) AS n, sum(price) AS spent, max(qty) AS top_qty FROM events GROUP BY user_id
      WITH (connector = 'postgres', url = '${POSTGRES_URL}', table = '${prefix}_users', type = 'upsert', primary_key = 'user_id', create_table = 'true');
  `;
}

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** Runs the job; with `killAfterMs`, SIGKILLs it then unless it ended first. */
function runJob(run: string, killAfterMs?: number): Promise<Exit> {
  const args = ['--data-dir', path.join(work, run, 'data'), '-f', path.join(work, `${run}.sql`)];
  const child = spawn(process.execPath, [sluiceBin, ...args], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
  const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs ?? 90_000);
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stderr });
    });
  });
}

/** Share of the work still to do that the remaining kills are expected to let the job do. */
const WORK_BEFORE_LAST_KILL = 0.8;

/**
 * The cap of a kill moment drawn uniformly from [150, cap] ms, such that `killsLeft` kills let
 * a job whose every start costs `restartMs` before it works, and whose remaining work takes
 * `workMs`, do WORK_BEFORE_LAST_KILL of it on average: a kill at t gives max(0, t - restartMs)
 * of work, whose mean over [150, cap] is (cap - restartMs)^2 / (2 (cap - 150)). At most 2.5 s.
 */
function killCapMs(restartMs: number, workMs: number, killsLeft: number): number {
  const perKill = (WORK_BEFORE_LAST_KILL * Math.max(0, workMs)) / Math.max(1, killsLeft);
  const idle = Math.max(0, restartMs - 150);
  const cap = restartMs + perKill + Math.sqrt(perKill * perKill + 2 * perKill * idle);
  return Math.round(Math.min(2500, Math.max(400, cap)));
}

/** Part files in a file sink's folder (a measure of how far the job got). */
async function partCount(run: string): Promise<number> {
  return (await readdir(path.join(work, run, 'out')).catch(() => [] as string[])).filter((n) => n.startsWith('part-')).length;
}

async function outputs(run: string): Promise<{ file: string[]; windows: string[]; users: string[] }> {
  const prefix = `${tag}_${run}`;
  const rowsOf = async (table: string): Promise<string[]> =>
    (await queryPostgres<Record<string, unknown>>(`SELECT * FROM ${table}`)).map((r) => JSON.stringify(Object.values(r).map(String))).sort();
  return { file: await committedLines(path.join(work, run, 'out')), windows: await rowsOf(`${prefix}_windows`), users: await rowsOf(`${prefix}_users`) };
}

describe('recovery: kill -9 at random moments', () => {
  it('leaves the file and PostgreSQL sinks exactly as an uninterrupted run does', async (context) => {
    if (skipReason) return context.skip(skipReason);
    for (const run of ['plain', 'killed']) await writeFile(path.join(work, `${run}.sql`), job(run));

    const plainStarted = performance.now();
    const plain = await runJob('plain');
    const plainMs = performance.now() - plainStarted;
    expect(plain.code, plain.stderr).toBe(0);
    const expected = await outputs('plain');
    expect(expected.file.length).toBeGreaterThan(500);
    expect(expected.users.length).toBeGreaterThan(100);
    // Starting the finished job again costs what each restart costs before it does any work.
    const restartStarted = performance.now();
    expect((await runJob('plain')).code).toBe(0);
    const restartMs = performance.now() - restartStarted;

    // Kill moments are drawn up to a cap fitted to the machine's speed and to the work left, so
    // that the job is still running at the tenth kill (with a fixed 2.5 s cap a fast machine
    // finished it first). A failure names the seed and the moments; SLUICE_KILL_MOMENTS=<ms,...>
    // replays exactly those moments.
    const seed = Number(process.env['SLUICE_KILL_SEED'] ?? Date.now() % 1_000_000);
    const random = new SeededRandom(seed);
    const plainParts = await partCount('plain');
    const given = process.env['SLUICE_KILL_MOMENTS']?.split(',').map(Number);
    const moments: number[] = [];
    const replay = (): string =>
      `SLUICE_KILL_SEED=${seed} (plain run ${Math.round(plainMs)} ms, restart ${Math.round(restartMs)} ms), SLUICE_KILL_MOMENTS=${moments.join(',')}`;
    let killed = 0;
    for (let attempt = 0; killed < KILLS && attempt < 40; attempt++) {
      const left = 1 - Math.min(1, (await partCount('killed')) / plainParts);
      const killAfterMs = given ? given[attempt] : random.int(150, killCapMs(restartMs, left * (plainMs - restartMs), KILLS - killed));
      if (killAfterMs === undefined) break;
      moments.push(killAfterMs);
      const exit = await runJob('killed', killAfterMs);
      if (exit.signal === 'SIGKILL') killed++;
      else expect(exit.code, `${replay()}\n${exit.stderr}`).toBe(0); // finished before the kill: restarting a finished job is fine too
    }
    expect(killed, `kills that hit the job before it finished; ${replay()}`).toBe(given ? killed : KILLS);
    const last = await runJob('killed');
    expect(last.code, `${replay()}\n${last.stderr}`).toBe(0);

    const actual = await outputs('killed');
    if (process.env['SLUICE_KILL_KEEP']) console.log(`kill-nine work folder: ${work}`);
    expect(actual.file, replay()).toEqual(expected.file);
    expect(actual.windows, replay()).toEqual(expected.windows);
    expect(actual.users, replay()).toEqual(expected.users);
  }, 150_000);
});
