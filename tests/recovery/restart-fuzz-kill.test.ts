/**
 * The crash variant of the restart fuzz test (restart-fuzz.test.ts): the engine on a data
 * directory runs in a child process (restart-fuzz-child.ts) and is killed with SIGKILL at
 * random steps — while the batches of its last statements are under way, after a FLUSH, and
 * sometimes again right after it has restored, while it replays — then started again. The
 * engine offers no way to stop in the middle of a batch in-process (`close` lets a batch
 * finish), hence the process. Statements are only sent between kills, so each has returned
 * (and is in its table's log) before the kill. After every step both engines are flushed and
 * every table and view must match the engine that never stopped, and the file sink's
 * committed part files must add up to its view.
 *
 * One seed by default (a child start costs about two seconds); SLUICE_FUZZ_KILL_SEEDS=<n>
 * runs n seeds from SLUICE_FUZZ_FIRST (default 1), SLUICE_FUZZ_KILL_SEED=<seed> one seed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sluice } from '@sluice/engine';
import { LineReader } from '../helpers/line-reader.js';
import { SeededRandom } from '../helpers/seeded-random.js';
import { BAD_NOTICE, contents, differences, jobSql, SINK_VIEW, sinkContents, Workload } from './restart-fuzz-workload.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const STEPS = Number(process.env['SLUICE_FUZZ_KILL_STEPS'] ?? 12);
const REGULAR_SEEDS = [101];

function seeds(): number[] {
  if (process.env['SLUICE_FUZZ_KILL_SEED']) return [Number(process.env['SLUICE_FUZZ_KILL_SEED'])];
  const count = Number(process.env['SLUICE_FUZZ_KILL_SEEDS'] ?? 0);
  if (count <= 0) return REGULAR_SEEDS;
  const first = Number(process.env['SLUICE_FUZZ_FIRST'] ?? 1);
  return Array.from({ length: count }, (_, i) => first + i);
}

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'sluice-restart-kill-'));
});
afterAll(async () => {
  if (process.env['SLUICE_FUZZ_KEEP']) return console.log(`kept ${work}`);
  await rm(work, { recursive: true, force: true });
});

/** One engine process on the data directory. */
class EngineProcess {
  private readonly lines: LineReader;
  private stderr = '';
  private readonly exited: Promise<void>;

  private constructor(private readonly child: ChildProcess, private readonly notices: string[]) {
    this.lines = new LineReader(child.stdout!);
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => { this.stderr += chunk; });
    this.exited = new Promise((resolve) => child.on('exit', () => resolve()));
  }

  static async start(dataDir: string, intervalMs: number, notices: string[]): Promise<EngineProcess> {
    const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=sluice-source', path.join(here, 'restart-fuzz-child.ts'), dataDir, String(intervalMs)], {
      cwd: here, stdio: ['pipe', 'pipe', 'pipe'],
    });
    const engine = new EngineProcess(child, notices);
    await engine.reply();
    return engine;
  }

  /** The next answer, passing notices on; throws with the child's stderr when it has none. */
  private async reply(): Promise<Record<string, unknown>> {
    for (;;) {
      let line: string;
      try {
        line = await this.lines.next(60_000);
      } catch (e) {
        throw new Error(`the engine process gave no answer (${(e as Error).message}); stderr:\n${this.stderr}`);
      }
      const message = JSON.parse(line) as Record<string, unknown>;
      if (typeof message['notice'] === 'string') this.notices.push(message['notice']);
      else return message;
    }
  }

  async request(message: object): Promise<Record<string, unknown>> {
    this.child.stdin!.write(`${JSON.stringify(message)}\n`);
    return this.reply();
  }

  async kill(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.exited;
  }
}

async function runSeed(seed: number): Promise<void> {
  const folder = path.join(work, `seed-${seed}`);
  const dataDir = path.join(folder, 'data');
  const plan = new SeededRandom(seed * 7919 + 2);
  const intervalMs = plan.pick([5, 50]);
  const compaction = plan.pick(['300B', '1KB']);
  let checkpointInterval = plan.int(1, 3);
  const settings = (): string => `SET checkpoint_interval = ${checkpointInterval}; SET ingest_log_compaction_size = '${compaction}';`;
  const log: string[] = [`-- seed ${seed}: batch interval ${intervalMs} ms`];
  const notices: string[] = [];
  const fail = (step: number, what: string): never => {
    throw new Error(`restart fuzz (kill -9), seed ${seed}, step ${step}: ${what}\n(SLUICE_FUZZ_KILL_SEED=${seed} runs it again)\nstatements:\n${log.join('\n')}`);
  };
  const sql = async (engine: EngineProcess, text: string, step: number): Promise<void> => {
    const answer = await engine.request({ sql: text });
    if (answer['error'] !== undefined) fail(step, `the killed engine: ${text}: ${String(answer['error'])}`);
  };

  const reference = await Sluice.open({ batchIntervalMs: 5 });
  let engine: EngineProcess | null = await EngineProcess.start(dataDir, intervalMs, notices);
  try {
    await reference.executeScript(jobSql(path.join(folder, 'reference-out')));
    log.push(settings());
    await sql(engine, settings() + jobSql(path.join(folder, 'out')), 0);
    const workload = new Workload(seed);
    for (let step = 1; step <= STEPS; step++) {
      const statements = Array.from({ length: plan.int(1, 3) }, () => workload.next());
      for (const statement of statements) {
        log.push(`${statement};`);
        await reference.executeScript(statement).catch((e: Error) => fail(step, `the uninterrupted engine: ${statement}: ${e.message}`));
        await sql(engine, statement, step);
      }
      if (plan.chance(0.5)) {
        if (plan.chance(0.25)) {
          await sql(engine, 'FLUSH', step);
          log.push('FLUSH; -- the killed engine only');
        }
        // kill while the statements' batches run, and now and then again during the restore's replays
        for (let kills = plan.chance(0.25) ? 2 : 1; kills > 0; kills--) {
          await new Promise((resolve) => setTimeout(resolve, plan.int(0, 40)));
          await engine.kill();
          engine = null;
          log.push('-- kill -9');
          if (plan.chance(0.3)) checkpointInterval = plan.int(1, 4);
          engine = await EngineProcess.start(dataDir, intervalMs, notices);
          await sql(engine, settings(), step);
          log.push(`-- started again; ${settings()}`);
        }
      }
      await reference.flush();
      await sql(engine, 'FLUSH', step);
      const bad = notices.filter((n) => BAD_NOTICE.test(n));
      if (bad.length > 0) fail(step, `notices:\n${bad.join('\n')}`);
      const answer = await engine.request({ contents: true });
      const stopped = answer['unhealthy'] as string[];
      if (stopped.length > 0) fail(step, `pipelines not running: ${stopped.join(', ')}`);
      const actual = answer['contents'] as Record<string, string[]>;
      const diff = differences(await contents(reference), actual);
      if (diff.length > 0) fail(step, `the killed engine differs:\n${diff.join('\n')}`);
      const sink = await sinkContents(path.join(folder, 'out')).catch((e: Error) => fail(step, `the file sink: ${e.message}`));
      if (JSON.stringify(sink) !== JSON.stringify(actual[SINK_VIEW])) {
        fail(step, `the file sink's committed rows differ from ${SINK_VIEW}:\n${differences({ [SINK_VIEW]: actual[SINK_VIEW]! }, { [SINK_VIEW]: sink }).join('\n')}`);
      }
    }
    expect(await sinkContents(path.join(folder, 'out'))).toEqual(await sinkContents(path.join(folder, 'reference-out')));
  } finally {
    await reference.close();
    await engine?.kill();
  }
  await rm(folder, { recursive: true, force: true });
}

describe('recovery: kill -9 at random steps of a random workload', () => {
  for (const seed of seeds()) {
    it(`seed ${seed}: every view and the sink equal an uninterrupted run`, async () => {
      await runSeed(seed);
    }, 180_000);
  }
});
