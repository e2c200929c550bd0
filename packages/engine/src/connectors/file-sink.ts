/**
 * `connector = 'file'` as a sink: `path` names a folder (created if missing) that receives one
 * part file per committed batch with changes, `part-<batch id, 10 digits>.jsonl` (`.csv` with
 * `ENCODE CSV`). The batch is written to `.part-<id>.<ext>.tmp` (a name folder readers skip, this
 * engine's file source included), flushed to disk, and renamed to its final name on
 * `commit(batchId)`: a part file is visible complete or not at all, and a batch replayed after a
 * crash rewrites the same file, so results are exactly once. Line format: change-encoder.ts.
 *
 * Options: `path` (required), `format.ops` ('true' | 'false', default 'false'), and for CSV
 * `csv.delimiter`/`delimiter` (default ','). `ENCODE PARQUET` writes Parquet instead, with
 * rolling and partitioning: parquet/parquet-sink.ts.
 */
import { mkdir, open, readdir, rename, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { Delta } from '../delta.js';
import { EngineError } from '../errors.js';
import { csvOptions } from '../formats/csv-decoder.js';
import { encodeChanges, type ChangeEncoding } from './change-encoder.js';
import { ParquetSinkWriter, parquetSinkSettings } from './parquet/parquet-sink.js';
import { invalidOption, mergedOptions, readBoolean, requireOption } from './options.js';
import type { SinkConnector, SinkContext, SinkWriter } from './sink.js';

/** The `file` sink connector. */
export const fileSinkConnector: SinkConnector = {
  name: 'file',
  validate(ctx) {
    requireOption(ctx.options, 'path', "path = '/data/out' (a folder for part files)");
    if (ctx.format.encode.toLowerCase() === 'parquet') parquetSinkSettings(ctx);
    else sinkEncoding(ctx);
  },
  createWriter(ctx) {
    if (ctx.format.encode.toLowerCase() === 'parquet') return new ParquetSinkWriter(ctx);
    return new FileSinkWriter(ctx);
  },
};

function sinkEncoding(ctx: SinkContext): ChangeEncoding {
  const encode = ctx.format.encode.toLowerCase();
  if (encode !== 'json' && encode !== 'csv') throw invalidOption('encode', `the file sink writes JSON, CSV or PARQUET, not ${ctx.format.encode}`);
  const options = mergedOptions(ctx);
  return { encode, ops: readBoolean(options, 'format.ops', false), delimiter: encode === 'csv' ? csvOptions(options).delimiter : ',' };
}

/** Part file name of a batch. */
export function partFileName(batchId: number, extension: string): string {
  return `part-${String(batchId).padStart(10, '0')}.${extension}`;
}

/** Writes part files; see the module comment. */
export class FileSinkWriter implements SinkWriter {
  private readonly folder: string;
  private readonly encoding: ChangeEncoding;
  private readonly extension: string;
  private pending: { batchId: number; handle: FileHandle; tempPath: string } | null = null;

  constructor(private readonly ctx: SinkContext) {
    this.folder = requireOption(ctx.options, 'path');
    this.encoding = sinkEncoding(ctx);
    this.extension = this.encoding.encode === 'csv' ? 'csv' : 'jsonl';
  }

  /** Creates the folder and removes temporary files a crash left behind. */
  async open(): Promise<void> {
    await this.guard('open', async () => {
      await mkdir(this.folder, { recursive: true });
      for (const name of await readdir(this.folder)) {
        if (name.startsWith('.part-') && name.endsWith('.tmp')) await rm(join(this.folder, name), { force: true });
      }
    });
  }

  async write(batchId: number, deltas: readonly Delta[]): Promise<void> {
    const lines: string[] = [];
    for (const delta of deltas) for (const line of encodeChanges(delta, this.encoding, this.ctx.name)) lines.push(line);
    if (lines.length === 0) return;
    await this.guard('write', async () => {
      if (this.pending && this.pending.batchId !== batchId) await this.discardPending();
      if (!this.pending) {
        const tempPath = join(this.folder, `.${partFileName(batchId, this.extension)}.tmp`);
        this.pending = { batchId, tempPath, handle: await open(tempPath, 'w') };
      }
      await this.pending.handle.write(`${lines.join('\n')}\n`);
    });
  }

  async commit(batchId: number): Promise<void> {
    const pending = this.pending;
    if (!pending || pending.batchId !== batchId) return;
    await this.guard('commit', async () => {
      await pending.handle.sync();
      await pending.handle.close();
      this.pending = null;
      await rename(pending.tempPath, join(this.folder, partFileName(batchId, this.extension)));
    });
  }

  async close(): Promise<void> {
    await this.discardPending();
  }

  private async discardPending(): Promise<void> {
    const pending = this.pending;
    this.pending = null;
    if (!pending) return;
    await pending.handle.close();
    await rm(pending.tempPath, { force: true });
  }

  /** File system failures are external and worth retrying (a full disk may be freed). */
  private async guard(action: string, body: () => Promise<void>): Promise<void> {
    try {
      await body();
    } catch (e) {
      if (e instanceof EngineError) throw e;
      throw new EngineError('sink-write-failed', `sink ${this.ctx.name}: cannot ${action} in '${this.folder}': ${(e as Error).message}`, 'external', {
        retryable: true, operator: `sink ${this.ctx.name}`, cause: e,
      });
    }
  }
}
