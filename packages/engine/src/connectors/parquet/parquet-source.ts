/**
 * `connector = 'file'` with `ENCODE PARQUET`: rows from a Parquet file, or from every Parquet
 * file under a folder (Spark's file-stream semantics as in file-source.ts: each file once, in
 * path order, names starting with `.` or `_` skipped, new files picked up). Folders are walked
 * into, and Hive-style folder names (`auction=7/`) fill the column of that name when the file
 * lacks it. Columns are matched by name (case-insensitively); missing ones are NULL.
 *
 * Offsets: `{ file, row, done }`: the file being read (its path under the folder), the next
 * row in it, and the finished files.
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects, type AsyncBuffer } from 'hyparquet';
import type { SqlValue } from '@sluice/sql';
import { emptyDelta } from '../../delta.js';
import { EngineError } from '../../errors.js';
import { RowsBuilder, badRow } from '../../formats/row-decoder.js';
import { parseTextValue } from '../../formats/value-parse.js';
import { globMatcher } from '../file-source.js';
import { readOnError, requireOption } from '../options.js';
import { ProblemPolicy } from '../problem-policy.js';
import type { InputProblem, SourceBatch, SourceContext, SourceErrorCounters, SourceReader } from '../source.js';
import { fromParquetValue, PARQUET_PARSERS } from './parquet-values.js';

/** Where a Parquet source is. */
export interface ParquetSourceOffset {
  readonly file: string | null;
  readonly row: number;
  readonly done: readonly string[];
}

interface OpenFile {
  readonly name: string;
  readonly buffer: AsyncBuffer;
  readonly rows: number;
  /** column name (lower case) -> value from a `name=value` folder */
  readonly partitionValues: ReadonlyMap<string, string>;
}

/** Reads Parquet files; see the module comment. */
export class ParquetSourceReader implements SourceReader {
  private readonly path: string;
  private readonly problems: ProblemPolicy;
  private readonly matches: (name: string) => boolean;
  private readonly rows: RowsBuilder;
  private folder = false;
  private current: OpenFile | null = null;
  private offset: ParquetSourceOffset = { file: null, row: 0, done: [] };
  private readonly done = new Set<string>();
  private finished = false;

  constructor(private readonly ctx: SourceContext) {
    this.path = requireOption(ctx.options, 'path');
    this.problems = new ProblemPolicy(readOnError(ctx.options), ctx.report, ctx.name);
    this.matches = globMatcher(ctx.options['pattern']);
    this.rows = new RowsBuilder(ctx.schema);
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

  async seek(offset: unknown): Promise<void> {
    const o = offset as ParquetSourceOffset;
    this.current = null;
    this.offset = { file: o.file, row: o.row, done: [...o.done] };
    this.done.clear();
    for (const name of o.done) this.done.add(name);
    this.finished = !this.folder && o.done.length > 0;
  }

  async poll(maxRows: number): Promise<SourceBatch | null> {
    if (this.finished) return null;
    let wanted = maxRows;
    let consumed = false;
    const problems: InputProblem[] = [];
    while (wanted > 0) {
      const file = await this.currentFile();
      if (!file) break;
      consumed = true;
      const end = Math.min(file.rows, this.offset.row + wanted);
      if (end > this.offset.row) {
        const objects = await this.read(file, this.offset.row, end);
        objects.forEach((object, i) => this.appendRow(object, file, this.offset.row + i, problems));
        wanted -= end - this.offset.row;
      }
      this.offset = { file: file.name, row: end, done: this.offset.done };
      if (end >= file.rows) this.finishFile(file.name);
    }
    if (!consumed) return null;
    this.problems.handle(problems);
    const delta = this.rows.finish();
    return { delta: delta.length > 0 ? delta : emptyDelta(this.ctx.schema), offset: this.offset };
  }

  async close(): Promise<void> {
    this.current = null;
  }

  private appendRow(object: Record<string, unknown>, file: OpenFile, row: number, problems: InputProblem[]): void {
    const fields = this.ctx.schema.fields;
    const values: SqlValue[] = new Array<SqlValue>(fields.length).fill(null);
    const byName = new Map<string, unknown>();
    for (const key of Object.keys(object)) byName.set(key.toLowerCase(), object[key]);
    for (let c = 0; c < fields.length; c++) {
      const f = fields[c]!;
      let value: SqlValue | undefined;
      if (byName.has(f.name)) value = fromParquetValue(byName.get(f.name), f.type);
      else if (file.partitionValues.has(f.name)) value = partitionValue(file.partitionValues.get(f.name)!, f.type);
      else value = null;
      if (value === undefined) {
        problems.push(badRow(file.name, row + 1, `column '${f.name}': ${String(byName.get(f.name) ?? file.partitionValues.get(f.name))} does not fit the column's type`));
        return;
      }
      values[c] = value;
    }
    this.rows.append(values);
  }

  private async read(file: OpenFile, rowStart: number, rowEnd: number): Promise<Record<string, unknown>[]> {
    try {
      return await parquetReadObjects({ file: file.buffer, rowStart, rowEnd, utf8: false, parsers: PARQUET_PARSERS });
    } catch (e) {
      throw new EngineError('file-read-failed', `source ${this.ctx.name}: cannot read Parquet file '${file.name}': ${(e as Error).message}`, 'external', {
        retryable: false, operator: `source ${this.ctx.name}`, cause: e,
      });
    }
  }

  private async currentFile(): Promise<OpenFile | null> {
    if (this.current) return this.current;
    let name = this.offset.file;
    if (!this.folder) {
      if (this.done.size > 0) return null;
      name = basename(this.path);
    } else {
      name ??= await this.nextWaitingFile();
      if (name === null) return null;
    }
    const fullPath = this.folder ? join(this.path, name) : this.path;
    try {
      const buffer = await asyncBufferFromFile(fullPath);
      const metadata = await parquetMetadataAsync(buffer);
      const resume = this.offset.file === name ? this.offset.row : 0;
      this.offset = { file: name, row: resume, done: this.offset.done };
      this.current = { name, buffer, rows: Number(metadata.num_rows), partitionValues: hivePartitions(name) };
      return this.current;
    } catch (e) {
      throw new EngineError('file-read-failed', `source ${this.ctx.name}: cannot read Parquet file '${fullPath}': ${(e as Error).message}`, 'external', {
        retryable: true, operator: `source ${this.ctx.name}`, cause: e,
      });
    }
  }

  /** The first waiting file in path order, walking into folders. */
  private async nextWaitingFile(): Promise<string | null> {
    const names: string[] = [];
    const walk = async (folder: string): Promise<void> => {
      for (const entry of await readdir(folder, { withFileTypes: true })) {
        if (entry.name.startsWith('.') || entry.name.startsWith('_')) continue;
        const full = join(folder, entry.name);
        if (entry.isDirectory()) await walk(full);
        else if (this.matches(entry.name)) names.push(relative(this.path, full).split(sep).join('/'));
      }
    };
    await walk(this.path);
    names.sort();
    return names.find((n) => !this.done.has(n)) ?? null;
  }

  private finishFile(name: string): void {
    this.current = null;
    this.done.add(name);
    this.offset = { file: null, row: 0, done: [...this.offset.done, name] };
    if (!this.folder) this.finished = true;
  }
}

/** `a=1/b=x/part.parquet` -> {a: '1', b: 'x'} (names lower case, values URI-decoded). */
export function hivePartitions(path: string): Map<string, string> {
  const out = new Map<string, string>();
  const parts = path.split('/');
  for (const part of parts.slice(0, -1)) {
    const eq = part.indexOf('=');
    if (eq > 0) out.set(part.slice(0, eq).toLowerCase(), decodeURIComponent(part.slice(eq + 1)));
  }
  return out;
}

function partitionValue(text: string, type: import('@sluice/sql').DataType): SqlValue | undefined {
  return text === HIVE_NULL ? null : parseTextValue(text, type);
}

/** Hive's folder name for a NULL partition value. */
export const HIVE_NULL = '__HIVE_DEFAULT_PARTITION__';
