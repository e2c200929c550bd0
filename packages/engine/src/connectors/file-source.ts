/**
 * `connector = 'file'`: rows from a file or a folder of files, one record per line.
 *
 * - `path` names a file: the source is bounded and ends after the file's last line.
 * - `path` names a folder: the source is unbounded, with Spark's file-stream semantics: every
 *   file in it, present at start or appearing later, is read once, in name order among those
 *   waiting. Names starting with `.` or `_` are skipped, so a writer can create a file under a
 *   temporary name and rename it in when complete. `pattern` (e.g. `*.jsonl`) narrows the names.
 *
 * Options: `path` (required), `pattern`, `on_error`; the encoding comes from `ENCODE JSON`
 * (default), `CSV`, `TEXT` or `PARQUET` (parquet/parquet-source.ts; default pattern `*.parquet`). Offsets: `{ file, byteOffset, line, done }` where
 * `done` lists the folder's finished files.
 */
import { statSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Options } from '@sluice/sql';
import type { Delta } from '../delta.js';
import { EngineError } from '../errors.js';
import { csvOptions } from '../formats/csv-decoder.js';
import { createRowDecoder } from '../formats/decoder-factory.js';
import type { RowDecoder } from '../formats/row-decoder.js';
import { concatDeltas } from './concat-deltas.js';
import { FileLineReader, type RecordChunk } from './file-line-reader.js';
import { invalidOption, mergedOptions, readOnError, requireOption } from './options.js';
import { ParquetSourceReader } from './parquet/parquet-source.js';
import { ProblemPolicy } from './problem-policy.js';
import type { SourceBatch, SourceConnector, SourceContext, SourceErrorCounters, SourceReader } from './source.js';

/** Where a file source is: the file being read (null between files) and what is finished. */
export interface FileSourceOffset {
  readonly file: string | null;
  readonly byteOffset: number;
  readonly line: number;
  readonly done: readonly string[];
}

/** The `file` source connector. */
export const fileSourceConnector: SourceConnector = {
  name: 'file',
  validate(ctx) {
    requireOption(ctx.options, 'path', "path = '/data/events.jsonl' (a file) or '/data/incoming' (a folder)");
    readOnError(ctx.options);
    if (ctx.options['pattern'] !== undefined && ctx.options['pattern'].includes('/')) {
      throw invalidOption('pattern', 'matches file names, so it cannot contain /');
    }
    if (!isParquet(ctx)) createRowDecoder(ctx.schema, ctx.format.encode, mergedOptions(ctx));
  },
  isBounded(options) {
    return !isFolder(options);
  },
  createReader(ctx) {
    if (isParquet(ctx)) return new ParquetSourceReader({ ...ctx, options: { pattern: '*.parquet', ...ctx.options } });
    return new FileSourceReader(ctx);
  },
};

/** `ENCODE PARQUET`: read by parquet/parquet-source.ts. */
function isParquet(ctx: SourceContext): boolean {
  return ctx.format.encode.toLowerCase() === 'parquet';
}

function isFolder(options: Options): boolean {
  const path = options['path'] ?? '';
  try {
    return statSync(path).isDirectory();
  } catch {
    return path.endsWith('/') || options['pattern'] !== undefined;
  }
}

/** Reads a file or folder; see the module comment. */
export class FileSourceReader implements SourceReader {
  private readonly path: string;
  private readonly decoder: RowDecoder;
  private readonly problems: ProblemPolicy;
  private readonly matches: (name: string) => boolean;
  private folder = false;
  private current: { name: string; reader: FileLineReader } | null = null;
  private offset: FileSourceOffset = { file: null, byteOffset: 0, line: 1, done: [] };
  private readonly done = new Set<string>();
  private finished = false;
  private readonly csv: boolean;
  private readonly csvHeader: boolean;

  constructor(private readonly ctx: SourceContext) {
    this.path = requireOption(ctx.options, 'path');
    this.decoder = createRowDecoder(ctx.schema, ctx.format.encode, mergedOptions(ctx));
    this.csv = ctx.format.encode.toLowerCase() === 'csv';
    this.csvHeader = this.csv && csvOptions(mergedOptions(ctx)).header;
    this.problems = new ProblemPolicy(readOnError(ctx.options), ctx.report, ctx.name);
    this.matches = globMatcher(ctx.options['pattern']);
  }

  get ended(): boolean {
    return this.finished;
  }

  get errors(): SourceErrorCounters {
    return this.problems.counters;
  }

  async open(): Promise<void> {
    try {
      this.folder = (await stat(this.path)).isDirectory();
    } catch (e) {
      throw new EngineError('file-not-found', `source ${this.ctx.name}: cannot read '${this.path}': ${(e as Error).message}`, 'external', {
        retryable: true, operator: `source ${this.ctx.name}`, cause: e,
      });
    }
  }

  /** Continues just after `offset`, an offset this source returned earlier. */
  async seek(offset: unknown): Promise<void> {
    const o = offset as FileSourceOffset;
    await this.current?.reader.close();
    this.current = null;
    this.offset = { file: o.file, byteOffset: o.byteOffset, line: o.line, done: [...o.done] };
    this.done.clear();
    for (const name of o.done) this.done.add(name);
    this.finished = !this.folder && o.file === null && o.done.length > 0;
  }

  async poll(maxRows: number): Promise<SourceBatch | null> {
    if (this.finished) return null;
    const deltas: Delta[] = [];
    let consumed = false;
    let wanted = maxRows;
    while (wanted > 0) {
      const file = await this.currentFile();
      if (!file) break;
      const chunk = await this.readFrom(file, wanted);
      consumed ||= chunk.records.length > 0 || chunk.eof;
      const { delta, problems } = this.decoder.decode(chunk.records, { file: file.name, line: chunk.firstLine });
      this.problems.handle(problems);
      deltas.push(delta);
      wanted -= chunk.records.length;
      this.offset = { file: file.name, byteOffset: chunk.endByte, line: chunk.endLine, done: this.offset.done };
      if (chunk.eof) await this.finishFile(file.name);
    }
    if (!consumed) return null;
    return { delta: concatDeltas(deltas), offset: this.offset };
  }

  async close(): Promise<void> {
    await this.current?.reader.close();
    this.current = null;
  }

  private async readFrom(file: { name: string; reader: FileLineReader }, maxRecords: number): Promise<RecordChunk> {
    try {
      return await file.reader.read(maxRecords);
    } catch (e) {
      await file.reader.close().catch(() => undefined);
      this.current = null;
      throw new EngineError('file-read-failed', `source ${this.ctx.name}: cannot read '${file.name}': ${(e as Error).message}`, 'external', {
        retryable: true, operator: `source ${this.ctx.name}`, cause: e,
      });
    }
  }

  /** The file to read from now, opening the next waiting one in a folder; null if none. */
  private async currentFile(): Promise<{ name: string; reader: FileLineReader } | null> {
    if (this.current) return this.current;
    let name: string | null = this.offset.file;
    let fullPath: string;
    if (!this.folder) {
      if (this.done.size > 0) return null;
      name = basename(this.path);
      fullPath = this.path;
    } else {
      name ??= await this.nextWaitingFile();
      if (name === null) return null;
      fullPath = join(this.path, name);
    }
    const resume = this.offset.file === name && this.offset.byteOffset > 0;
    const reader = new FileLineReader(fullPath, resume ? this.offset.byteOffset : 0, resume ? this.offset.line : 1, this.csv);
    this.current = { name, reader };
    if (resume && this.csvHeader) await this.rereadHeader(name, fullPath);
    return this.current;
  }

  /** Resuming inside a CSV file with a header: the decoder needs the header to map columns. */
  private async rereadHeader(name: string, fullPath: string): Promise<void> {
    const headerReader = new FileLineReader(fullPath, 0, 1, true);
    try {
      const chunk = await headerReader.read(1);
      this.decoder.decode(chunk.records, { file: name, line: 1 });
    } finally {
      await headerReader.close();
    }
  }

  private async nextWaitingFile(): Promise<string | null> {
    const entries = await readdir(this.path, { withFileTypes: true });
    let next: string | null = null;
    for (const entry of entries) {
      const name = entry.name;
      if (name.startsWith('.') || name.startsWith('_') || this.done.has(name) || !this.matches(name)) continue;
      if (!entry.isFile() && !entry.isSymbolicLink()) continue;
      if (next === null || name < next) next = name;
    }
    return next;
  }

  private async finishFile(name: string): Promise<void> {
    await this.current?.reader.close();
    this.current = null;
    this.done.add(name);
    this.offset = { file: null, byteOffset: 0, line: 1, done: [...this.offset.done, name] };
    if (!this.folder) this.finished = true;
  }
}

/** `*.jsonl`-style matcher over whole file names (`*` any run, `?` one character). */
export function globMatcher(pattern: string | undefined): (name: string) => boolean {
  if (pattern === undefined || pattern === '' || pattern === '*') return () => true;
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  const re = new RegExp(`^${source}$`);
  return (name) => re.test(name);
}

