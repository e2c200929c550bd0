/**
 * `npm run bench -- checkpoint [--quick]`: what durability costs (docs/operations.md).
 *
 * A GROUP BY over a generated stream whose keys are all distinct builds a view with 1,000,000
 * groups (200,000 with --quick), read 100,000 rows per batch. The same job runs:
 * - in memory (checkpoints off) and with a data directory (a checkpoint after every batch),
 *   reporting throughput for each;
 * - then, from the data directory, the last checkpoint's time and bytes (all groups), and the
 *   recovery time: opening the engine on the data directory until the view answers again.
 */
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Sluice } from '@sluice/engine';
import { machine } from './report.js';

interface CheckpointResult {
  readonly machine: ReturnType<typeof machine>;
  readonly groups: number;
  readonly rows_per_batch: number;
  readonly throughput_off_rows_per_s: number;
  readonly throughput_on_rows_per_s: number;
  readonly last_checkpoint_ms: number;
  readonly checkpoint_bytes: number;
  readonly data_dir_bytes: number;
  readonly recovery_ms: number;
}

const ROWS_PER_BATCH = 100_000;

function script(groups: number): string {
  return `
    CREATE SOURCE events (k BIGINT, v BIGINT) WITH (
      connector = 'datagen', number_of_rows = '${groups}', datagen.seed = '7',
      fields.k.kind = 'sequence', fields.k.start = '1', fields.v.min = '0', fields.v.max = '1000',
      max_rows_per_batch = '${ROWS_PER_BATCH}');
    CREATE MATERIALIZED VIEW per_key AS SELECT k, count(*) AS n, sum(v) AS total FROM events GROUP BY k;`;
}

/** Runs the job to its end; returns rows per second. */
async function runJob(groups: number, dataDir: string | undefined): Promise<{ rowsPerSecond: number; engine: Sluice }> {
  const engine = await Sluice.open({ batchIntervalMs: 1, ...(dataDir ? { dataDir } : {}) });
  const started = performance.now();
  await engine.executeScript(script(groups));
  await engine.whenFinished();
  const seconds = (performance.now() - started) / 1000;
  return { rowsPerSecond: Math.round(groups / seconds), engine };
}

async function pipelineMetric(engine: Sluice, column: string): Promise<string | null> {
  const [result] = await engine.executeScript('SHOW PIPELINES');
  if (!result || result.kind !== 'rows') return null;
  const index = result.columns.findIndex((c) => c.name === column);
  const row = result.rows.find((r) => r[0] === 'per_key');
  return row ? (row[index] as string | null) : null;
}

/** Bytes of the newest checkpoint: every file its manifest lists. */
async function newestCheckpointBytes(dataDir: string): Promise<number> {
  const stateDir = path.join(dataDir, 'pipelines', 'per_key', 'state');
  const newest = (await readdir(stateDir)).sort().pop()!;
  const manifest = JSON.parse(await readFile(path.join(stateDir, newest, 'manifest.json'), 'utf8')) as { files: Record<string, { bytes: number }> };
  return Object.values(manifest.files).reduce((sum, f) => sum + f.bytes, 0);
}

async function folderBytes(folder: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    total += entry.isDirectory() ? await folderBytes(full) : (await stat(full)).size;
  }
  return total;
}

async function countRows(engine: Sluice): Promise<number> {
  const [result] = await engine.executeScript('SELECT count(*) FROM per_key');
  return result?.kind === 'rows' ? Number(result.rows[0]![0]) : -1;
}

/** The bench part: prints a table and returns the numbers. */
export async function runPart({ quick, log }: { quick: boolean; log: (line: string) => void }): Promise<CheckpointResult> {
  const groups = quick ? 200_000 : 1_000_000;
  const work = await mkdtemp(path.join(os.tmpdir(), 'sluice-bench-checkpoint-'));
  const dataDir = path.join(work, 'data');
  try {
    const m = machine();
    log(`checkpoint: a view of ${groups.toLocaleString('en-US')} groups, ${ROWS_PER_BATCH.toLocaleString('en-US')} rows per batch`);
    log(`machine: ${m.cores} cores, ${m.memory_gb} GB, ${m.cpu_model}, node ${m.node}, ${m.platform}`);

    const off = await runJob(groups, undefined);
    await off.engine.close();
    const on = await runJob(groups, dataDir);
    const lastCheckpointMs = Number(await pipelineMetric(on.engine, 'checkpoint_ms'));
    await on.engine.close();
    const checkpointBytes = await newestCheckpointBytes(dataDir);
    const dataDirBytes = await folderBytes(dataDir);

    const started = performance.now();
    const restored = await Sluice.open({ dataDir, batchIntervalMs: 1 });
    const rows = await countRows(restored);
    const recoveryMs = performance.now() - started;
    await restored.close();
    if (rows !== groups) throw new Error(`the restored view has ${rows} rows, expected ${groups}`);

    const result: CheckpointResult = {
      machine: m, groups, rows_per_batch: ROWS_PER_BATCH,
      throughput_off_rows_per_s: off.rowsPerSecond, throughput_on_rows_per_s: on.rowsPerSecond,
      last_checkpoint_ms: Math.round(lastCheckpointMs), checkpoint_bytes: checkpointBytes, data_dir_bytes: dataDirBytes,
      recovery_ms: Math.round(recoveryMs),
    };
    const mb = (b: number): string => `${(b / 2 ** 20).toFixed(1)} MB`;
    log('| measure | value |');
    log('|---|---|');
    log(`| throughput, checkpoints off | ${result.throughput_off_rows_per_s.toLocaleString('en-US')} rows/s |`);
    log(`| throughput, checkpoint every batch | ${result.throughput_on_rows_per_s.toLocaleString('en-US')} rows/s |`);
    log(`| checkpoint time at ${groups.toLocaleString('en-US')} groups | ${result.last_checkpoint_ms} ms |`);
    log(`| checkpoint size (state + view rows) | ${mb(checkpointBytes)} |`);
    log(`| data directory on disk (2 checkpoints kept) | ${mb(dataDirBytes)} |`);
    log(`| recovery (open until the view answers) | ${result.recovery_ms} ms |`);
    return result;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
