/**
 * Restart equivalence, fuzzed: the same seeded INSERT / UPDATE / DELETE statements go to an
 * engine that never stops (in memory) and to one on a data directory that is closed and
 * opened again at random steps — sometimes several times in a row, sometimes right after a
 * FLUSH, sometimes with batches still to run — with small checkpoint intervals and table
 * log compaction sizes, so operator state bases, change files and table snapshots all occur.
 * After every step both are flushed and every table and view must hold the same rows, and the
 * file sink's committed part files must add up to its view's rows (no batch lost or written
 * twice). The job and the statements are in restart-fuzz-workload.ts.
 *
 * A mismatch names the seed, the step and the statements so far, restarts included; run one
 * seed again with SLUICE_FUZZ_SEED=<seed>. SLUICE_FUZZ_SEEDS=<n> runs n seeds (from
 * SLUICE_FUZZ_FIRST, default 1) instead of the regular ones, SLUICE_FUZZ_STEPS the steps of each.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sluice } from '@sluice/engine';
import { SeededRandom } from '../helpers/seeded-random.js';
import { BAD_NOTICE, contents, differences, jobSql, SINK_VIEW, sinkContents, unhealthyPipelines, Workload } from './restart-fuzz-workload.js';

const STEPS = Number(process.env['SLUICE_FUZZ_STEPS'] ?? 30);
/** Seeds run by default; seeds that once found a defect stay here as regular cases. */
const REGULAR_SEEDS = [16, 109, 1];

function seeds(): number[] {
  if (process.env['SLUICE_FUZZ_SEED']) return [Number(process.env['SLUICE_FUZZ_SEED'])];
  const count = Number(process.env['SLUICE_FUZZ_SEEDS'] ?? 0);
  if (count <= 0) return REGULAR_SEEDS;
  const first = Number(process.env['SLUICE_FUZZ_FIRST'] ?? 1);
  return Array.from({ length: count }, (_, i) => first + i);
}

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'sluice-restart-fuzz-'));
});
afterAll(async () => {
  if (process.env['SLUICE_FUZZ_KEEP']) return console.log(`kept ${work}`);
  await rm(work, { recursive: true, force: true });
});

/** How the restarted engine is set up (drawn per seed; SET is not persisted, so every open sets it again). */
interface Setup {
  readonly batchIntervalMs: number;
  readonly compaction: string;
  checkpointInterval: number;
}

async function runSeed(seed: number): Promise<void> {
  const folder = path.join(work, `seed-${seed}`);
  const dataDir = path.join(folder, 'data');
  const plan = new SeededRandom(seed * 7919 + 1);
  const setup: Setup = {
    batchIntervalMs: plan.pick([5, 50, 200]), compaction: plan.pick(['300B', '1KB', '4KB']), checkpointInterval: plan.int(1, 3),
  };
  const log: string[] = [`-- seed ${seed}: batch interval ${setup.batchIntervalMs} ms, compaction ${setup.compaction}`];
  const notices: string[] = [];
  const fail = (step: number, what: string): never => {
    throw new Error(`restart fuzz, seed ${seed}, step ${step}: ${what}\n(SLUICE_FUZZ_SEED=${seed} runs it again)\nstatements:\n${log.join('\n')}`);
  };
  const settings = (): string => `SET checkpoint_interval = ${setup.checkpointInterval}; SET ingest_log_compaction_size = '${setup.compaction}';`;
  const open = async (): Promise<Sluice> => {
    const engine = await Sluice.open({ dataDir, batchIntervalMs: setup.batchIntervalMs, onNotice: (n) => notices.push(n) });
    await engine.executeScript(settings());
    return engine;
  };

  const reference = await Sluice.open({ batchIntervalMs: 5 });
  let restarted = await open();
  try {
    await reference.executeScript(jobSql(path.join(folder, 'reference-out')));
    log.push(settings());
    await restarted.executeScript(jobSql(path.join(folder, 'out')));
    const workload = new Workload(seed);
    for (let step = 1; step <= STEPS; step++) {
      const statements = plan.chance(0.1) ? ['FLUSH'] : Array.from({ length: plan.int(1, 3) }, () => workload.next());
      for (const sql of statements) {
        log.push(`${sql};`);
        const run = async (engine: Sluice, which: string): Promise<void> => {
          try {
            await engine.executeScript(sql);
          } catch (e) {
            fail(step, `${which} engine: ${sql}: ${(e as Error).message}`);
          }
        };
        await run(reference, 'the uninterrupted');
        await run(restarted, 'the restarted');
      }
      if (plan.chance(0.35)) {
        // sometimes right after a FLUSH, sometimes with the last statements' batches under way
        if (plan.chance(0.3)) {
          await restarted.executeScript('FLUSH');
          log.push('FLUSH; -- the restarted engine only');
        }
        const times = plan.chance(0.25) ? plan.int(2, 3) : 1;
        for (let i = 0; i < times; i++) {
          await restarted.close();
          if (plan.chance(0.3)) setup.checkpointInterval = plan.int(1, 4);
          restarted = await open();
          log.push(`-- restart; ${settings()}`);
        }
      }
      await reference.flush().catch((e: Error) => fail(step, `the uninterrupted engine: FLUSH: ${e.message}`));
      await restarted.flush().catch((e: Error) => fail(step, `the restarted engine: FLUSH: ${e.message}`));
      const bad = notices.filter((n) => BAD_NOTICE.test(n));
      if (bad.length > 0) fail(step, `notices:\n${bad.join('\n')}`);
      const stopped = await unhealthyPipelines(restarted);
      if (stopped.length > 0) fail(step, `pipelines not running: ${stopped.join(', ')}`);
      const expected = await contents(reference);
      const actual = await contents(restarted);
      const diff = differences(expected, actual);
      if (diff.length > 0) fail(step, `the restarted engine differs:\n${diff.join('\n')}`);
      const sink = await sinkContents(path.join(folder, 'out')).catch((e: Error) => fail(step, `the file sink: ${e.message}`));
      if (JSON.stringify(sink) !== JSON.stringify(actual[SINK_VIEW])) {
        fail(step, `the file sink's committed rows differ from ${SINK_VIEW}:\n${differences({ [SINK_VIEW]: actual[SINK_VIEW]! }, { [SINK_VIEW]: sink }).join('\n')}`);
      }
    }
    const referenceSink = await sinkContents(path.join(folder, 'reference-out'));
    expect(await sinkContents(path.join(folder, 'out'))).toEqual(referenceSink);
  } finally {
    await reference.close();
    await restarted.close();
  }
  await rm(folder, { recursive: true, force: true });
}

describe('recovery: restarts at random steps of a random workload', () => {
  for (const seed of seeds()) {
    it(`seed ${seed}: every view and the sink equal an uninterrupted run`, async () => {
      await runSeed(seed);
    }, 120_000);
  }
});
