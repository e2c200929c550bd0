/**
 * Snapshots of a table's rows beside its ingest log (`<dataDir>/ingest/<table>/`), so that
 * the log can be compacted: a restore loads a snapshot and replays only the changes logged
 * after it.
 *
 * ```
 * snapshot-<seq>.arrow   the table's rows after logged change <seq> (Arrow IPC, all inserts)
 * snapshot-<seq>.json    its manifest: sha256 and size of the rows file, the row count and the
 *                        table's largest event time; written last
 * ```
 *
 * Both files are written atomically (atomic-file.ts), the rows file first: a snapshot exists
 * once its manifest does, and is usable when the rows file has the recorded size and checksum.
 * A crash while writing leaves temporary files or a rows file without manifest, both ignored.
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Schema } from '@sluice/sql';
import type { Delta } from '../delta.js';
import { isCode, listFolder, readJsonFile, removeTempFiles, sha256, writeFileAtomic } from './atomic-file.js';
import { CorruptFileError, decodeNumber, encodeNumber, type FileEntry } from './checkpoint-store.js';
import { decodeDelta, encodeDelta } from './delta-ipc.js';

/** `snapshot-<seq>.json`. */
interface SnapshotManifest {
  readonly version: 1;
  readonly seq: number;
  readonly rows: number;
  /** the table's largest event time (µs; see table-late-rows.ts), by `encodeNumber` */
  readonly maxEventTimeUs: number | string | null;
  readonly file: FileEntry;
}

/** A snapshot read back. */
export interface TableSnapshot {
  readonly seq: number;
  readonly delta: Delta;
  readonly maxEventTimeUs: number;
  /** bytes of the rows file */
  readonly bytes: number;
}

const NAME = /^snapshot-(\d+)\.json$/;

export class TableSnapshots {
  constructor(readonly folder: string) {}

  private base(seq: number): string {
    return join(this.folder, `snapshot-${String(seq).padStart(10, '0')}`);
  }

  /** Writes the rows after change `seq` durably; resolves with the rows file's size once the manifest is on disk. */
  async write(seq: number, rows: Delta, maxEventTimeUs: number): Promise<number> {
    const data = encodeDelta(rows);
    await writeFileAtomic(`${this.base(seq)}.arrow`, data, { syncFolder: false });
    const manifest: SnapshotManifest = {
      version: 1, seq, rows: rows.length, maxEventTimeUs: encodeNumber(maxEventTimeUs),
      file: { sha256: sha256(data), bytes: data.byteLength },
    };
    // the manifest's rename and the folder flush make both files durable together
    await writeFileAtomic(`${this.base(seq)}.json`, JSON.stringify(manifest));
    return data.byteLength;
  }

  /** Sequence numbers of the snapshots with a manifest, ascending. */
  async sequences(): Promise<number[]> {
    return (await listFolder(this.folder))
      .map((n) => NAME.exec(n))
      .filter((m) => m !== null)
      .map((m) => Number(m[1]))
      .sort((a, b) => a - b);
  }

  /** Reads and checks a snapshot; a missing, damaged or mismatched file is a CorruptFileError naming it. */
  async read(seq: number, schema: Schema): Promise<TableSnapshot> {
    const manifestPath = `${this.base(seq)}.json`;
    let manifest: SnapshotManifest | null;
    try {
      manifest = await readJsonFile<SnapshotManifest>(manifestPath);
    } catch (e) {
      throw new CorruptFileError(manifestPath, `unreadable manifest (${(e as Error).message})`);
    }
    if (!manifest || manifest.seq !== seq || typeof manifest.file !== 'object') {
      throw new CorruptFileError(manifestPath, 'the manifest does not describe this snapshot');
    }
    const path = `${this.base(seq)}.arrow`;
    let data: Uint8Array;
    try {
      data = await readFile(path);
    } catch (e) {
      throw new CorruptFileError(path, isCode(e, 'ENOENT') ? 'missing' : (e as Error).message);
    }
    if (data.byteLength !== manifest.file.bytes) throw new CorruptFileError(path, `${data.byteLength} bytes, expected ${manifest.file.bytes} (truncated?)`);
    if (sha256(data) !== manifest.file.sha256) throw new CorruptFileError(path, 'checksum mismatch');
    let delta: Delta;
    try {
      delta = decodeDelta(data, schema);
    } catch (e) {
      throw new CorruptFileError(path, `not a readable Arrow file (${(e as Error).message})`);
    }
    return { seq, delta, maxEventTimeUs: decodeNumber(manifest.maxEventTimeUs), bytes: data.byteLength };
  }

  /** The size its manifest records for a snapshot's rows file (0 when unreadable). */
  async size(seq: number): Promise<number> {
    try {
      return (await readJsonFile<SnapshotManifest>(`${this.base(seq)}.json`))?.file.bytes ?? 0;
    } catch {
      return 0; // only sizes the next compaction; a damaged manifest is reported when a restore reads it
    }
  }

  /** Removes a snapshot, manifest first (so a crash never leaves a manifest without its rows). */
  async remove(seq: number): Promise<void> {
    await rm(`${this.base(seq)}.json`, { force: true });
    await rm(`${this.base(seq)}.arrow`, { force: true });
  }

  /** Removes what a crash while writing left: temporary files, rows files without a manifest. */
  async removeLeftovers(): Promise<void> {
    await removeTempFiles(this.folder);
    const names = await listFolder(this.folder);
    for (const name of names) {
      const m = /^(snapshot-\d+)\.arrow$/.exec(name);
      if (m && !names.includes(`${m[1]}.json`)) await rm(join(this.folder, name), { force: true });
    }
  }
}
