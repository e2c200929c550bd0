/**
 * The ingest log of an object fed by pushes that cannot be read again (INSERT into a table,
 * a socket source): `<dataDir>/ingest/<object>/<seq>.arrow`, one Arrow IPC file per accepted
 * batch, written and flushed before the push is acknowledged (Spark's receiver write-ahead
 * log). A restart reads the files in order to rebuild what they fed. Files are numbered by
 * sequence (zero-padded to 10 digits) and written atomically, so a crash leaves a whole file
 * or none; a damaged file stops the restore with `ingest-log-corrupt` naming it.
 *
 * What precedes a point no reader goes back to is removed (`removeThrough`): for a push
 * source, the oldest kept checkpoint of its pipeline; for a table, a snapshot of its rows
 * (runtime/table-log.ts).
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Schema } from '@sluice/sql';
import type { Delta } from '../delta.js';
import { EngineError } from '../errors.js';
import { listFolder, removeDurably, writeFileAtomic } from './atomic-file.js';
import { decodeDelta, encodeDelta } from './delta-ipc.js';

/** One logged batch. */
export interface IngestEntry {
  readonly seq: number;
  readonly delta: Delta;
  /** size of the batch's file */
  readonly bytes: number;
}

export class IngestLog {
  constructor(readonly folder: string) {}

  private file(seq: number): string {
    return join(this.folder, `${String(seq).padStart(10, '0')}.arrow`);
  }

  /** Appends batch `seq` durably; resolves with the file's size once it is on disk. */
  async append(seq: number, delta: Delta): Promise<number> {
    const data = encodeDelta(delta);
    await writeFileAtomic(this.file(seq), data);
    return data.byteLength;
  }

  /** Sequence numbers on disk, ascending. */
  async sequences(): Promise<number[]> {
    return (await listFolder(this.folder))
      .map((n) => /^(\d+)\.arrow$/.exec(n))
      .filter((m) => m !== null)
      .map((m) => Number(m[1]))
      .sort((a, b) => a - b);
  }

  /** Every logged batch, in order. */
  async readAll(schema: Schema): Promise<IngestEntry[]> {
    const entries: IngestEntry[] = [];
    for (const seq of await this.sequences()) entries.push(await this.readEntry(seq, schema));
    return entries;
  }

  /** One logged batch. */
  async read(seq: number, schema: Schema): Promise<Delta> {
    return (await this.readEntry(seq, schema)).delta;
  }

  /** One logged batch, with its file's size. */
  async readEntry(seq: number, schema: Schema): Promise<IngestEntry> {
    const path = this.file(seq);
    try {
      const data = await readFile(path);
      return { seq, delta: decodeDelta(data, schema), bytes: data.byteLength };
    } catch (e) {
      throw new EngineError('ingest-log-corrupt', `cannot read the ingest log file '${path}': ${(e as Error).message}`, 'external', {
        hint: 'restore the file from a backup; removing it loses the rows it holds',
        cause: e,
      });
    }
  }

  /** Removes the logged batches with sequence numbers up to `seq`. */
  async removeThrough(seq: number): Promise<void> {
    for (const s of await this.sequences()) if (s <= seq) await rm(this.file(s), { force: true });
  }

  /** Removes the log (the object was dropped). */
  async removeAll(): Promise<void> {
    await removeDurably(this.folder);
  }
}
