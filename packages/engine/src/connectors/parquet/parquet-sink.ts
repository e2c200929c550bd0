/**
 * `connector = 'file'` with `FORMAT PLAIN ENCODE PARQUET` as a sink: Parquet part files in
 * `path`, optionally in Hive-style partition folders (`partition_by = 'col'` -> `col=value/`;
 * the column is then left out of the files, as Hive and Spark expect; NULL is
 * `__HIVE_DEFAULT_PARTITION__`).
 *
 * Rolling: without `rollover.size` / `rollover.interval`, every committed batch with rows
 * becomes a part file per partition. With them, rows collect per partition until the open
 * part holds `rollover.size` bytes (estimated from the rows' text, e.g. '64MB') or has been
 * open for `rollover.interval` (e.g. '10s', checked at each batch commit), and at close.
 *
 * Exactly once: a committed batch is first appended to the partition's staging file
 * (`.staging.jsonl`, fsynced; readers skip dot files); a part file is written as
 * `.part-*.tmp`, fsynced and renamed to `part-<first batch>-<last batch>.parquet`, then the
 * staging file is removed. At open, staging files are read back (or dropped when their part
 * exists), and batches at or below the newest staged or written batch id are skipped when a
 * restart replays them. Deletions need `format.ops = 'true'` (an `__op` column of '+'/'-'),
 * else the sink fails with `sink-needs-ops`.
 */
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { T, type DataType, type Field, type SqlValue } from '@sluice/sql';
import { deltaRows, type Delta } from '../../delta.js';
import { EngineError } from '../../errors.js';
import { parseTextValue } from '../../formats/value-parse.js';
import { formatValue } from '../../formats/value-text.js';
import { invalidOption, mergedOptions, readBoolean, readDurationMs, requireOption } from '../options.js';
import type { SinkContext, SinkWriter } from '../sink.js';
import { HIVE_NULL } from './parquet-source.js';
import { parquetColumn, toParquetValue } from './parquet-values.js';

const STAGING = '.staging.jsonl';

interface ParquetSinkSettings {
  readonly folder: string;
  readonly partition: number | null;
  readonly rolloverBytes: number;
  readonly rolloverMs: number;
  readonly rolls: boolean;
  readonly ops: boolean;
}

/** Checks the sink's options; throws EngineError('invalid-option'). */
export function parquetSinkSettings(ctx: SinkContext): ParquetSinkSettings {
  const options = mergedOptions(ctx);
  const folder = requireOption(ctx.options, 'path', "path = '/data/out' (a folder for part files)");
  let partition: number | null = null;
  if (options['partition_by'] !== undefined) {
    const name = options['partition_by'].trim().toLowerCase();
    partition = ctx.schema.fields.findIndex((f) => f.name === name);
    if (partition < 0) throw invalidOption('partition_by', `"${name}" is not a column of the sink's rows (${ctx.schema.fields.map((f) => f.name).join(', ')})`);
  }
  const rolloverBytes = options['rollover.size'] === undefined ? Infinity : parseSize(options['rollover.size']);
  const rolloverMs = readDurationMs(options, 'rollover.interval', Infinity);
  return { folder, partition, rolloverBytes, rolloverMs, rolls: rolloverBytes !== Infinity || rolloverMs !== Infinity, ops: readBoolean(options, 'format.ops', false) };
}

function parseSize(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|kib|mb|mib|gb|gib)?\s*$/i.exec(text);
  if (!m) throw invalidOption('rollover.size', `must be a size such as '64MB' or '1000000', got '${text}'`);
  const unit = (m[2] ?? 'b').toLowerCase();
  const scale = unit.startsWith('k') ? 1024 : unit.startsWith('m') ? 1024 ** 2 : unit.startsWith('g') ? 1024 ** 3 : 1;
  return Number(m[1]) * scale;
}

interface OpenPart {
  rows: (string | null)[][];
  bytes: number;
  openedAt: number;
  firstBatch: number;
  lastBatch: number;
}

/** Writes Parquet part files; see the module comment. */
export class ParquetSinkWriter implements SinkWriter {
  private readonly settings: ParquetSinkSettings;
  /** partition folder ('' without partitioning) -> rows staged and not yet in a part file */
  private readonly parts = new Map<string, OpenPart>();
  private pending: { batchId: number; deltas: Delta[] } | null = null;
  private lastBatch = 0;
  private readonly fileFields: Field[];

  constructor(private readonly ctx: SinkContext) {
    this.settings = parquetSinkSettings(ctx);
    this.fileFields = ctx.schema.fields.filter((_, i) => i !== this.settings.partition);
    if (this.settings.ops) this.fileFields.push({ name: '__op', type: T.varchar, nullable: false } as Field);
  }

  async open(): Promise<void> {
    await this.guard('open', async () => {
      await mkdir(this.settings.folder, { recursive: true });
      await this.recover(this.settings.folder, '');
    });
  }

  async write(batchId: number, deltas: readonly Delta[]): Promise<void> {
    if (this.pending?.batchId !== batchId) this.pending = { batchId, deltas: [] };
    this.pending.deltas.push(...deltas);
  }

  async commit(batchId: number): Promise<void> {
    const deltas = this.pending?.batchId === batchId ? this.pending.deltas : [];
    this.pending = null;
    if (batchId <= this.lastBatch) return; // staged or written before a restart
    await this.guard('commit', async () => {
      const byPartition = this.partitionRows(deltas);
      for (const [dir, rows] of byPartition) await this.stage(dir, batchId, rows);
      this.lastBatch = batchId;
      const now = performance.now();
      for (const [dir, part] of this.parts) {
        if (!this.settings.rolls || part.bytes >= this.settings.rolloverBytes || now - part.openedAt >= this.settings.rolloverMs) await this.roll(dir, part);
      }
    });
  }

  /** Writes the open parts. Idempotent: the pipeline and the engine may both close the sink. */
  close(): Promise<void> {
    this.closing ??= this.guard('close', async () => {
      for (const [dir, part] of [...this.parts]) await this.roll(dir, part);
    });
    return this.closing;
  }

  private closing: Promise<void> | null = null;

  /** Rows of the batch as text per partition folder, in the file's column order. */
  private partitionRows(deltas: readonly Delta[]): Map<string, (string | null)[][]> {
    const out = new Map<string, (string | null)[][]>();
    const fields = this.ctx.schema.fields;
    for (const delta of deltas) {
      for (const { op, values } of deltaRows(delta)) {
        if (op < 0 && !this.settings.ops) {
          throw new EngineError('sink-needs-ops', `sink ${this.ctx.name} received a deletion, which Parquet without ops cannot write`, 'user', {
            operator: `sink ${this.ctx.name}`, hint: "set format.ops = 'true' to write an __op column, or sink an append-only query",
          });
        }
        const p = this.settings.partition;
        const dir = p === null ? '' : `${fields[p]!.name}=${partitionText(values[p]!, fields[p]!.type)}`;
        const row = values.flatMap((v, c) => (c === p ? [] : [formatValue(v, fields[c]!.type)]));
        if (this.settings.ops) row.push(op < 0 ? '-' : '+');
        let rows = out.get(dir);
        if (!rows) out.set(dir, (rows = []));
        rows.push(row);
      }
    }
    return out;
  }

  private async stage(dir: string, batchId: number, rows: readonly (string | null)[][]): Promise<void> {
    const folder = join(this.settings.folder, dir);
    await mkdir(folder, { recursive: true });
    const text = rows.map((r) => JSON.stringify({ b: batchId, r })).join('\n') + '\n';
    const handle = await open(join(folder, STAGING), 'a');
    try {
      await handle.write(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    let part = this.parts.get(dir);
    if (!part) this.parts.set(dir, (part = { rows: [], bytes: 0, openedAt: performance.now(), firstBatch: batchId, lastBatch: batchId }));
    part.rows.push(...rows);
    part.bytes += text.length;
    part.lastBatch = batchId;
  }

  private async roll(dir: string, part: OpenPart): Promise<void> {
    const folder = join(this.settings.folder, dir);
    const name = `part-${pad(part.firstBatch)}-${pad(part.lastBatch)}.parquet`;
    const buffer = parquetWriteBuffer({
      columnData: this.fileFields.map((f, c) => ({ name: f.name, data: part.rows.map((r) => toParquetValue(fromText(r[c]!, f.type), f.type)) as never })),
      schema: [{ name: 'root', num_children: this.fileFields.length }, ...this.fileFields.map((f) => parquetColumn(f.name, f.type))] as never,
    });
    const temp = join(folder, `.${name}.tmp`);
    const handle = await open(temp, 'w');
    try {
      await handle.write(new Uint8Array(buffer));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, join(folder, name));
    await rm(join(folder, STAGING), { force: true });
    this.parts.delete(dir);
  }

  /** Reloads staging files left by a stop or crash; learns the newest batch already written. */
  private async recover(folder: string, dir: string): Promise<void> {
    const entries = await readdir(folder, { withFileTypes: true });
    const written = new Set<number>();
    for (const entry of entries) {
      const full = join(folder, entry.name);
      if (entry.isDirectory()) await this.recover(full, dir === '' ? entry.name : `${dir}/${entry.name}`);
      else if (entry.name.endsWith('.tmp')) await rm(full, { force: true });
      const m = /^part-(\d+)-(\d+)\.parquet$/.exec(entry.name);
      if (m) {
        written.add(Number(m[1]));
        this.lastBatch = Math.max(this.lastBatch, Number(m[2]));
      }
    }
    if (!entries.some((e) => e.name === STAGING)) return;
    const lines = (await readFile(join(folder, STAGING), 'utf8')).split('\n').filter((l) => l !== '');
    const staged = lines.map((l) => JSON.parse(l) as { b: number; r: (string | null)[] });
    if (staged.length === 0 || written.has(staged[0]!.b)) {
      await rm(join(folder, STAGING), { force: true }); // its part file was renamed in before the crash
      return;
    }
    this.parts.set(dir, {
      rows: staged.map((s) => s.r), bytes: lines.reduce((n, l) => n + l.length + 1, 0), openedAt: performance.now(),
      firstBatch: staged[0]!.b, lastBatch: staged[staged.length - 1]!.b,
    });
    this.lastBatch = Math.max(this.lastBatch, staged[staged.length - 1]!.b);
  }

  private async guard(action: string, body: () => Promise<void>): Promise<void> {
    try {
      await body();
    } catch (e) {
      if (e instanceof EngineError) throw e;
      throw new EngineError('sink-write-failed', `sink ${this.ctx.name}: cannot ${action} Parquet files in '${this.settings.folder}': ${(e as Error).message}`, 'external', {
        retryable: true, operator: `sink ${this.ctx.name}`, cause: e,
      });
    }
  }
}

const pad = (n: number): string => String(n).padStart(10, '0');

function fromText(text: string | null, type: DataType): SqlValue {
  return text === null ? null : (parseTextValue(text, type) ?? null);
}

/** A partition folder's value: the value's text, URI-encoded so any text is a valid name. */
function partitionText(value: SqlValue, type: DataType): string {
  const text = formatValue(value, type);
  return text === null ? HIVE_NULL : encodeURIComponent(text);
}

