/**
 * `npm run bench -- checkpoint [--quick]`: what durability costs (docs/operations.md).
 *
 * A GROUP BY over a generated stream whose keys are all distinct builds a view with 1,000,000
 * groups (200,000 with --quick), read 100,000 rows per batch. The view also reads a table,
 * `touch`, into the same aggregate, so that once the stream is in, a batch can change a small
 * fraction of the groups. The job runs:
 * - in memory (checkpoints off) and with a data directory (a checkpoint after every batch),
 *   reporting the load's throughput for each;
 * - then, with the data directory, `ROUNDS` batches that each update 1% of the groups (an
 *   INSERT into `touch`): per round the checkpoint's time (`checkpoint_ms`) and the bytes it
 *   wrote (the files of its own folder and its output file), split into rounds where the
 *   aggregate's state went as changes and rounds that wrote a full base (every 10 checkpoints);
 * - then the recovery time: opening the engine on the data directory until the view answers.
 */
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Sluice } from '@sluice/engine';
import { machine } from './report.js';

interface RoundsSummary {
  readonly rounds: number;
  readonly median_ms: number;
  readonly median_bytes: number;
}

interface CheckpointResult {
  readonly machine: ReturnType<typeof machine>;
  readonly groups: number;
  readonly rows_per_batch: number;
  readonly groups_per_update: number;
  readonly throughput_off_rows_per_s: number;
  readonly throughput_on_rows_per_s: number;
  /** checkpoints after an update batch that wrote only changes (aggregate state and view rows) */
  readonly incremental: RoundsSummary;
  /** checkpoints after an update batch that wrote the aggregate's full base */
  readonly state_base: RoundsSummary;
  /** checkpoints after an update batch that wrote the view's rows in full */
  readonly view_base: RoundsSummary;
  readonly data_dir_bytes: number;
  readonly recovery_ms: number;
}

const ROWS_PER_BATCH = 100_000;
/** Update batches after the load: more than 10, so that one writes a full base. */
const ROUNDS = 12;
/** Share of the groups one update batch touches. */
const UPDATE_FRACTION = 0.01;

function script(groups: number): string {
  return `
    CREATE SOURCE events (k BIGINT, v BIGINT) WITH (
      connector = 'datagen', number_of_rows = '${groups}', datagen.seed = '7',
      fields.k.kind = 'sequence', fields.k.start = '1', fields.v.min = '0', fields.v.max = '1000',
      max_rows_per_batch = '${ROWS_PER_BATCH}');
    CREATE TABLE touch (k BIGINT, v BIGINT);
    CREATE MATERIALIZED VIEW per_key AS SELECT k, count(*) AS n, sum(v) AS total
      FROM (SELECT k, v FROM events UNION ALL SELECT k, v FROM touch) AS e GROUP BY k;`;
}

/** Loads the stream into the view; returns rows per second. */
async function load(groups: number, dataDir: string | undefined): Promise<{ rowsPerSecond: number; engine: Sluice }> {
  const engine = await Sluice.open({ batchIntervalMs: 1, ...(dataDir ? { dataDir } : {}) });
  const started = performance.now();
  await engine.executeScript(`${script(groups)} FLUSH;`);
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

interface Manifest {
  readonly batch: number;
  readonly files: Record<string, { bytes: number }>;
  readonly operators: { label: string; baseBatch?: number }[];
}

interface Round {
  readonly ms: number;
  readonly bytes: number;
  /** the aggregate's state went in full */
  readonly stateBase: boolean;
  /** the view's rows went in full */
  readonly viewBase: boolean;
}

/** The newest checkpoint: the bytes it wrote itself, and which full bases it wrote. */
async function newestCheckpoint(dataDir: string): Promise<Omit<Round, 'ms'>> {
  const stateDir = path.join(dataDir, 'pipelines', 'per_key', 'state');
  const newest = (await readdir(stateDir)).sort().pop()!;
  const manifest = JSON.parse(await readFile(path.join(stateDir, newest, 'manifest.json'), 'utf8')) as Manifest;
  const own = [`state/${newest}/`, `output/${newest}.arrow`, `output/base-${newest}.arrow`];
  const bytes = Object.entries(manifest.files).filter(([f]) => own.some((o) => f.startsWith(o))).reduce((sum, [, f]) => sum + f.bytes, 0);
  const aggregate = manifest.operators.find((o) => o.label.includes('HashAggregate'))!;
  return { bytes, stateBase: aggregate.baseBatch === manifest.batch, viewBase: `output/base-${newest}.arrow` in manifest.files };
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

function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Update batches, each touching `perUpdate` distinct groups; per round its checkpoint's figures. */
async function updateRounds(engine: Sluice, dataDir: string, groups: number, perUpdate: number): Promise<Round[]> {
  const rounds: Round[] = [];
  const stride = Math.floor(groups / perUpdate);
  for (let r = 0; r < ROUNDS; r++) {
    const rows = Array.from({ length: perUpdate }, (_, i) => ({ k: BigInt(1 + ((i * stride + r * 7) % groups)), v: BigInt(r) }));
    await engine.insert('touch', rows);
    await engine.executeScript('FLUSH');
    const ms = Number(await pipelineMetric(engine, 'checkpoint_ms'));
    rounds.push({ ms, ...(await newestCheckpoint(dataDir)) });
  }
  return rounds;
}

function summary(rounds: readonly { ms: number; bytes: number }[]): RoundsSummary {
  return { rounds: rounds.length, median_ms: Math.round(median(rounds.map((r) => r.ms))), median_bytes: median(rounds.map((r) => r.bytes)) };
}

const count = (n: number): string => n.toLocaleString('en-US');
const mb = (b: number): string => `${(b / 2 ** 20).toFixed(2)} MB`;

/** A rounds summary as `ms, MB`. */
function figures(s: RoundsSummary): string {
  return s.rounds === 0 ? 'none in these rounds' : `${count(s.median_ms)} ms, ${mb(s.median_bytes)}`;
}

function resultTable(r: CheckpointResult): string {
  return [
    '| measure | value |',
    '|---|---|',
    `| throughput of the load, checkpoints off | ${count(r.throughput_off_rows_per_s)} rows/s |`,
    `| throughput of the load, checkpoint every batch | ${count(r.throughput_on_rows_per_s)} rows/s |`,
    `| incremental checkpoint after a batch updating ${count(r.groups_per_update)} groups (median of ${r.incremental.rounds}) | ${figures(r.incremental)} |`,
    `| checkpoint writing the aggregate's full base (${count(r.groups)} groups; median of ${r.state_base.rounds}) | ${figures(r.state_base)} |`,
    `| checkpoint writing the view's rows in full (${count(r.groups)} rows; median of ${r.view_base.rounds}) | ${figures(r.view_base)} |`,
    `| data directory on disk (2 checkpoints kept, with their bases) | ${mb(r.data_dir_bytes)} |`,
    `| recovery (open until the view answers) | ${count(r.recovery_ms)} ms |`,
  ].join('\n');
}

/** The `## Checkpoint` section of BENCHMARKS.md (bench/run.ts writes it with --markdown). */
export function markdownSection(r: CheckpointResult, command: string): string {
  const m = r.machine;
  return `## Checkpoint

Generated by \`${command}\` on ${new Date().toISOString().slice(0, 10)}: ${m.cpu_model}, ${m.cores} cores, Node ${m.node}
(load average at the start: ${m.load_average_at_start}).

A view \`SELECT k, count(*), sum(v) ... GROUP BY k\` over a generated stream of ${count(r.groups)} distinct
keys, ${count(r.rows_per_batch)} rows per batch, a checkpoint after every batch. The load's throughput
is measured in memory and with a data directory (during the load every batch adds 100,000 new
groups: the change is large, and bases are frequent). Then ${ROUNDS} batches each update
${count(r.groups_per_update)} groups (1%): per checkpoint its time (\`checkpoint_ms\`) and the bytes it wrote (its
state files and output file), split into checkpoints that wrote only changes and those that wrote
a full base of the aggregate's state or of the view's rows (each at least every 10 checkpoints).
Recovery: opening the engine on the data directory (bases plus change files) until the view answers.

${resultTable(r)}
`;
}

/** The bench part: prints a table and returns the numbers. */
export async function runPart({ quick, log }: { quick: boolean; log: (line: string) => void }): Promise<CheckpointResult> {
  const groups = quick ? 200_000 : 1_000_000;
  const perUpdate = Math.round(groups * UPDATE_FRACTION);
  const work = await mkdtemp(path.join(os.tmpdir(), 'sluice-bench-checkpoint-'));
  const dataDir = path.join(work, 'data');
  try {
    const m = machine();
    log(`checkpoint: a view of ${count(groups)} groups, ${count(ROWS_PER_BATCH)} rows per batch; then ${ROUNDS} batches updating ${count(perUpdate)} groups each`);
    log(`machine: ${m.cores} cores, ${m.memory_gb} GB, ${m.cpu_model}, node ${m.node}, ${m.platform}`);

    const off = await load(groups, undefined);
    await off.engine.close();
    const on = await load(groups, dataDir);
    const rounds = await updateRounds(on.engine, dataDir, groups, perUpdate);
    await on.engine.close();
    const dataDirBytes = await folderBytes(dataDir);

    const started = performance.now();
    const restored = await Sluice.open({ dataDir, batchIntervalMs: 1 });
    const rows = await countRows(restored);
    const recoveryMs = performance.now() - started;
    await restored.close();
    if (rows !== groups) throw new Error(`the restored view has ${rows} rows, expected ${groups}`);

    const result: CheckpointResult = {
      machine: m, groups, rows_per_batch: ROWS_PER_BATCH, groups_per_update: perUpdate,
      throughput_off_rows_per_s: off.rowsPerSecond, throughput_on_rows_per_s: on.rowsPerSecond,
      incremental: summary(rounds.filter((r) => !r.stateBase && !r.viewBase)),
      state_base: summary(rounds.filter((r) => r.stateBase)), view_base: summary(rounds.filter((r) => r.viewBase)),
      data_dir_bytes: dataDirBytes, recovery_ms: Math.round(recoveryMs),
    };
    const bases = (r: Round): string => `${r.stateBase ? ' state base' : ''}${r.viewBase ? ' view base' : ''}`;
    log(`rounds (checkpoint ms, bytes written, bases): ${rounds.map((r) => `${Math.round(r.ms)} ms ${mb(r.bytes)}${bases(r)}`).join('; ')}`);
    log(resultTable(result));
    return result;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
