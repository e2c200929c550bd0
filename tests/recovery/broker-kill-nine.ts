/**
 * `kill -9` of `sluice --data-dir D -f job.sql` while it reads a broker source (Kafka, NATS
 * JetStream), shared by the per-broker tests. The job: a source over the topic or stream, a
 * GROUP BY view, and a file sink of every raw record. Records `{id, grp, v}` are published
 * before the first start and while the job runs; the job is SIGKILLed at random moments and
 * started again with the same command (IF NOT EXISTS makes it re-runnable). A last run
 * appends `FLUSH; SELECT ... FROM per_group` and is stopped with SIGINT once the SELECT has
 * printed. An uninterrupted run over the same (by then complete) topic does the same. The two
 * must agree with each other and with the totals computed from the published ids: every
 * record in the sink exactly once, the view's counts and sums exact.
 */
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'vitest';
import { sluiceBin } from '../helpers/repo-paths.js';
import { SeededRandom } from '../helpers/seeded-random.js';
import { expectedGroups, sorted } from '../connectors/services.js';
import { committedLines } from './recovery-helpers.js';

/** What a broker brings to the test. */
export interface BrokerJob {
  /** the source's WITH entries for a run (connector, address, topic/stream; distinct consumer per run) */
  readonly sourceOptions: (run: string) => string;
  /** publishes the records with ids in [from, to), each acknowledged by the broker */
  readonly publish: (from: number, to: number) => Promise<void>;
}

/** How the test is sized. */
export interface KillNinePlan {
  /** records published before the first start */
  readonly before: number;
  /** all records (the rest are published while the killed runs go on) */
  readonly total: number;
  /** the rest is published over about this long */
  readonly publishOverMs: number;
  /** SIGKILLs to deliver (at least) */
  readonly kills: number;
  /** a killed run lives a random time in [minMs, maxMs] */
  readonly minMs: number;
  readonly maxMs: number;
  readonly seed: number;
}

/** The last statement of a final run: its row on stdout says the view has been printed. */
const END_MARKER = "SELECT 'printed' AS marker;";

interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the whole scenario in `work` (a fresh folder) and checks the outcome with `expect`. */
export async function killNineAgainstBroker(broker: BrokerJob, plan: KillNinePlan, work: string): Promise<void> {
  for (const run of ['plain', 'killed']) {
    await mkdir(path.join(work, run), { recursive: true });
    await writeFile(path.join(work, run, 'job.sql'), job(broker, work, run));
    await writeFile(path.join(work, run, 'final.sql'), `${job(broker, work, run)}\nFLUSH;\nSELECT grp, n, s FROM per_group ORDER BY grp;\n${END_MARKER}\n`);
  }
  await broker.publish(0, plan.before);
  // the rest arrives while the job is being killed and restarted
  const publishing = publishSlowly(broker, plan.before, plan.total, plan.publishOverMs);

  const random = new SeededRandom(plan.seed);
  let killed = 0;
  /** records in the killed run's sink after each kill */
  const progress: number[] = [];
  // On a busy machine a restart can take longer than the kill window; a kill that found no
  // progress lengthens the later windows, so the kills keep landing on a job at work.
  let slowdownMs = 0;
  for (let attempt = 0; killed < plan.kills && attempt < plan.kills * 3; attempt++) {
    const exit = await runSluice(work, 'killed', 'job.sql', { killAfterMs: random.int(plan.minMs, plan.maxMs) + slowdownMs });
    // over an unbounded source only the kill ends a run; anything else is a failure to report
    expect(exit.signal, `run ended by itself (code ${exit.code}): ${exit.stderr}`).toBe('SIGKILL');
    const lines = (await committedLines(path.join(work, 'killed', 'out'))).length;
    if (progress.length > 0 && lines === progress[progress.length - 1]) slowdownMs += plan.maxMs;
    progress.push(lines);
    killed++;
  }
  expect(killed).toBeGreaterThanOrEqual(plan.kills);
  // the kills must have hit a job at work, not only ones still starting up
  expect(new Set(progress).size, `records in the sink after each kill: ${progress.join(', ')}`).toBeGreaterThanOrEqual(3);
  await publishing;

  const last = await runSluice(work, 'killed', 'final.sql', { stopAfterSelect: true });
  const plain = await runSluice(work, 'plain', 'final.sql', { stopAfterSelect: true });
  for (const exit of [last, plain]) expect(exit.code, exit.stderr).toBe(0);

  const ids = Array.from({ length: plan.total }, (_, i) => i);
  const want = expectedGroups(ids);
  expect(viewRows(plain.stdout)).toEqual(want);
  expect(viewRows(last.stdout)).toEqual(want);

  const plainLines = await committedLines(path.join(work, 'plain', 'out'));
  const killedLines = await committedLines(path.join(work, 'killed', 'out'));
  expect(plainLines.length).toBe(plan.total);
  expect(killedLines.length, duplicatesAndGaps(killedLines, plan.total)).toBe(plan.total);
  expect(killedLines).toEqual(plainLines);
}

function job(broker: BrokerJob, work: string, run: string): string {
  return `
    CREATE SOURCE IF NOT EXISTS ev (id BIGINT, grp VARCHAR, v BIGINT)
      WITH (${broker.sourceOptions(run)}, max_rows_per_batch = '1500');
    CREATE MATERIALIZED VIEW IF NOT EXISTS per_group AS SELECT grp, count(*) AS n, sum(v) AS s FROM ev GROUP BY grp;
    CREATE SINK IF NOT EXISTS raw_out AS SELECT id, grp, v FROM ev
      WITH (connector = 'file', path = '${path.join(work, run, 'out')}');
  `;
}

/** Publishes [from, to) in 40 chunks spread over about `overMs`. */
async function publishSlowly(broker: BrokerJob, from: number, to: number, overMs: number): Promise<void> {
  const chunk = Math.ceil((to - from) / 40);
  for (let start = from; start < to; start += chunk) {
    await broker.publish(start, Math.min(to, start + chunk));
    await new Promise((r) => setTimeout(r, overMs / 40));
  }
}

/**
 * Runs `sluice --data-dir <work>/<run>/data -f <script>`: SIGKILLed after `killAfterMs`, or,
 * with `stopAfterSelect`, sent SIGINT once the end marker's row is on stdout (bounded by 45 s).
 */
function runSluice(work: string, run: string, script: string, how: { killAfterMs?: number; stopAfterSelect?: boolean }): Promise<Exit> {
  const args = ['--data-dir', path.join(work, run, 'data'), '--format', 'jsonl', '--batch-interval', '100', '-f', path.join(work, run, script)];
  const child = spawn(process.execPath, [sluiceBin, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    // jsonl prints no statement tags on stdout: the marker's row follows the view's rows
    if (how.stopAfterSelect && stdout.includes('{"marker":"printed"}')) child.kill('SIGINT');
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
  const timer = setTimeout(() => child.kill('SIGKILL'), how.killAfterMs ?? 45_000);
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** The per_group rows printed as JSON lines, in the form of `expectedGroups`. */
function viewRows(stdout: string): unknown[][] {
  const rows = stdout.split('\n').filter((l) => l !== '' && !l.includes('"marker"')).map((l) => JSON.parse(l) as { grp: string; n: number; s: number });
  return sorted(rows.map((r) => [r.grp, BigInt(r.n), BigInt(r.s)]));
}

/** For a failure message: which ids the sink holds twice and which it lacks. */
function duplicatesAndGaps(lines: readonly string[], total: number): string {
  const seen = new Map<number, number>();
  for (const line of lines) {
    const id = (JSON.parse(line) as { id: number }).id;
    seen.set(id, (seen.get(id) ?? 0) + 1);
  }
  const twice = [...seen].filter(([, n]) => n > 1).map(([id]) => id);
  const missing: number[] = [];
  for (let id = 0; id < total; id++) if (!seen.has(id)) missing.push(id);
  return `${twice.length} ids twice (${twice.slice(0, 10).join(', ')}), ${missing.length} missing (${missing.slice(0, 10).join(', ')})`;
}
