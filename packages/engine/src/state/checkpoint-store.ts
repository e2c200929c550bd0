/**
 * The files of one pipeline's checkpoint folder, `<dataDir>/pipelines/<name>/` (DESIGN §6):
 *
 * ```
 * offsets/<batch>             the intent: each input's start and end position (written first)
 * output/<batch>.arrow        the batch's output rows (when it had any)
 * output/base-<batch>.arrow   a view's full rows after <batch> (every few checkpoints)
 * state/<batch>/op-<i>-<Name>/<table>.arrow   operator state (Arrow IPC): a full table
 * state/<batch>/op-<i>-<Name>/<table>.changes.arrow   a keyed change since the previous checkpoint
 * state/<batch>/manifest.json what the checkpoint holds, with a sha256 per file (written last)
 * commits/<batch>             the batch is done: every output has it
 * snapshot                    a sink FROM an object: the object's batch its first rows were
 * ```
 *
 * Batch numbers in names are zero-padded to 10 digits so names sort as numbers. Every file is
 * written atomically (atomic-file.ts). A checkpoint is complete when its manifest exists and
 * every file it lists has the recorded checksum; `CorruptFileError` names the first that does not.
 * A checkpoint may list files of older checkpoints' folders (an operator's base and the changes
 * since): pruning keeps those files while a kept manifest lists them, and removes the rest of
 * the old folder, its manifest included.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Schema } from '@sluice/sql';
import { isCode, listFolder, readJsonFile, removeDurably, removeTempFiles, sha256, syncFolder, writeFileAtomic } from './atomic-file.js';

/** A file a manifest lists, relative to the pipeline folder. */
export interface FileEntry {
  readonly sha256: string;
  readonly bytes: number;
}

/** A full state table in a checkpoint. */
export interface StateTableEntry {
  readonly name: string;
  readonly file: string;
  readonly schema: Schema;
}

/**
 * A table's change written at one checkpoint (operators/state-changes.ts): `replace` is the
 * whole table; `upsert` a keyed change stored as one delta (state/state-merge.ts).
 */
export type TableChangeEntry = StateTableEntry & (
  | { readonly kind: 'replace' }
  | { readonly kind: 'upsert'; readonly keyColumns: readonly number[] }
);

/** The changes an operator's state took at checkpoint `batch`. */
export interface StateChangeEntry {
  readonly batch: number;
  readonly tables: readonly TableChangeEntry[];
}

/** One operator's state in a checkpoint: full tables, and for incremental state the changes since. */
export interface OperatorEntry {
  /** `op-<position>-<Name>` */
  readonly label: string;
  /** the full tables: this checkpoint's, or the base that `changes` apply to */
  readonly tables: readonly StateTableEntry[];
  /** the checkpoint whose folder holds `tables`; absent: this one */
  readonly baseBatch?: number;
  /** changes after the base, oldest first; absent: none */
  readonly changes?: readonly StateChangeEntry[];
}

/** `state/<batch>/manifest.json`. Numbers that may be infinite are encoded by `encodeNumber`. */
export interface Manifest {
  readonly version: 1;
  readonly batch: number;
  readonly lastWatermarkUs: number | string | null;
  /** each input's position after the batch */
  readonly positions: readonly unknown[];
  readonly operators: readonly OperatorEntry[];
  /** a view's rows: the batch of the base file, null for pipelines without a store */
  readonly storeBase: number | null;
  /** output files with batch <= this were pruned */
  readonly outputsPrunedThrough: number;
  /** every file the checkpoint depends on (state, base, outputs), with checksums */
  readonly files: Readonly<Record<string, FileEntry>>;
}

/** A checkpoint file that is missing, truncated or changed. */
export class CorruptFileError extends Error {
  constructor(readonly file: string, reason: string) {
    super(`${file}: ${reason}`);
  }
}

/** `-Infinity`/`Infinity`-safe JSON numbers. */
export function encodeNumber(n: number): number | string | null {
  if (n === -Infinity) return null;
  if (n === Infinity) return 'Infinity';
  return n;
}

export function decodeNumber(v: number | string | null): number {
  if (v === null) return -Infinity;
  if (v === 'Infinity') return Infinity;
  return Number(v);
}

/** Zero-padded batch number, as used in file names. */
export function batchName(batch: number): string {
  return String(batch).padStart(10, '0');
}

const BASE_PREFIX = 'base-';

export class CheckpointStore {
  constructor(readonly folder: string) {}

  /** Path of a file given relative to the pipeline folder. */
  path(relative: string): string {
    return join(this.folder, relative);
  }

  outputFile(batch: number): string {
    return `output/${batchName(batch)}.arrow`;
  }

  baseFile(batch: number): string {
    return `output/${BASE_PREFIX}${batchName(batch)}.arrow`;
  }

  /** Writes a file atomically and returns its manifest entry. */
  async write(relative: string, data: Uint8Array, syncFolderNow = true): Promise<FileEntry> {
    await writeFileAtomic(this.path(relative), data, { syncFolder: syncFolderNow });
    return { sha256: sha256(data), bytes: data.byteLength };
  }

  async syncFolder(relative: string): Promise<void> {
    await syncFolder(this.path(relative));
  }

  async writeOffsets(batch: number, intent: unknown): Promise<void> {
    await writeFileAtomic(this.path(`offsets/${batchName(batch)}`), JSON.stringify(intent));
  }

  async writeCommit(batch: number): Promise<void> {
    await writeFileAtomic(this.path(`commits/${batchName(batch)}`), JSON.stringify({ batch, committedAt: new Date().toISOString() }));
  }

  async writeManifest(manifest: Manifest): Promise<void> {
    await writeFileAtomic(this.path(`state/${batchName(manifest.batch)}/manifest.json`), JSON.stringify(manifest));
  }

  /** Batch numbers present in `offsets/`, `commits/`, `state/` or `output/` (not bases), ascending. */
  async batches(kind: 'offsets' | 'commits' | 'state' | 'output'): Promise<number[]> {
    const names = await listFolder(this.path(kind));
    return names
      .map((n) => n.replace(/\.arrow$/, ''))
      .filter((n) => /^\d+$/.test(n))
      .map(Number)
      .sort((a, b) => a - b);
  }

  /** Batches of the base files in `output/`, ascending. */
  async bases(): Promise<number[]> {
    const names = await listFolder(this.path('output'));
    return names
      .filter((n) => n.startsWith(BASE_PREFIX))
      .map((n) => Number(n.slice(BASE_PREFIX.length).replace(/\.arrow$/, '')))
      .sort((a, b) => a - b);
  }

  async readOffsets<T>(batch: number): Promise<T> {
    const relative = `offsets/${batchName(batch)}`;
    try {
      const value = await readJsonFile<T>(this.path(relative));
      if (value === null) throw new CorruptFileError(this.path(relative), 'missing');
      return value;
    } catch (e) {
      if (e instanceof CorruptFileError) throw e;
      throw new CorruptFileError(this.path(relative), (e as Error).message);
    }
  }

  async hasCommit(batch: number): Promise<boolean> {
    try {
      return (await readJsonFile(this.path(`commits/${batchName(batch)}`))) !== null;
    } catch {
      return false; // a damaged commit marker: treat the batch as not committed (it is redelivered, sinks skip it)
    }
  }

  /** The manifest of a checkpoint; null when it has none (incomplete). Damaged: CorruptFileError. */
  async readManifest(batch: number): Promise<Manifest | null> {
    const relative = `state/${batchName(batch)}/manifest.json`;
    let manifest: Manifest | null;
    try {
      manifest = await readJsonFile<Manifest>(this.path(relative));
    } catch (e) {
      throw new CorruptFileError(this.path(relative), `unreadable manifest (${(e as Error).message})`);
    }
    if (manifest && (manifest.batch !== batch || typeof manifest.files !== 'object')) {
      throw new CorruptFileError(this.path(relative), 'the manifest does not describe this checkpoint');
    }
    return manifest;
  }

  /** Reads a listed file and checks its size and checksum. */
  async readVerified(relative: string, entry: FileEntry): Promise<Uint8Array> {
    let data: Uint8Array;
    try {
      data = await readFile(this.path(relative));
    } catch (e) {
      throw new CorruptFileError(this.path(relative), isCode(e, 'ENOENT') ? 'missing' : (e as Error).message);
    }
    if (data.byteLength !== entry.bytes) throw new CorruptFileError(this.path(relative), `${data.byteLength} bytes, expected ${entry.bytes} (truncated?)`);
    if (sha256(data) !== entry.sha256) throw new CorruptFileError(this.path(relative), 'checksum mismatch');
    return data;
  }

  /** Reads a file without a recorded checksum (an output written after the last checkpoint). */
  async readUnverified(relative: string): Promise<Uint8Array> {
    try {
      return await readFile(this.path(relative));
    } catch (e) {
      throw new CorruptFileError(this.path(relative), (e as Error).message);
    }
  }

  /** Removes checkpoints newer than `batch` (incomplete or unusable), and their outputs. */
  async removeAfter(batch: number): Promise<void> {
    for (const b of await this.batches('state')) if (b > batch) await removeDurably(this.path(`state/${batchName(b)}`));
    for (const b of await this.batches('output')) if (b > batch) await removeDurably(this.path(this.outputFile(b)));
    for (const b of await this.bases()) if (b > batch) await removeDurably(this.path(this.baseFile(b)));
    for (const b of await this.batches('commits')) if (b > batch) await removeDurably(this.path(`commits/${batchName(b)}`));
    for (const kind of ['offsets', 'commits', 'output']) await removeTempFiles(this.path(kind));
  }

  /**
   * Prunes what no kept checkpoint needs: state older than `oldestKept` (but for the files in
   * `keepFiles`, which kept manifests list), offsets and commits before it, outputs at or
   * below `outputsThrough`, bases older than `keepBase`.
   */
  async prune(oldestKept: number, outputsThrough: number, keepBase: number | null, keepFiles: ReadonlySet<string> = new Set()): Promise<void> {
    for (const b of await this.batches('state')) if (b < oldestKept) await this.pruneStateFolder(`state/${batchName(b)}`, keepFiles);
    for (const kind of ['offsets', 'commits'] as const) {
      for (const b of await this.batches(kind)) if (b < oldestKept) await removeDurably(this.path(`${kind}/${batchName(b)}`));
    }
    for (const b of await this.batches('output')) if (b <= outputsThrough) await removeDurably(this.path(this.outputFile(b)));
    if (keepBase !== null) for (const b of await this.bases()) if (b < keepBase) await removeDurably(this.path(this.baseFile(b)));
  }

  /** Removes a folder's files that are not in `keep`, and the folders left empty. */
  private async pruneStateFolder(relative: string, keep: ReadonlySet<string>): Promise<void> {
    if (![...keep].some((f) => f.startsWith(`${relative}/`))) {
      await removeDurably(this.path(relative));
      return;
    }
    // the manifest first: what remains is no longer taken for a checkpoint
    if (!keep.has(`${relative}/manifest.json`)) await removeDurably(this.path(`${relative}/manifest.json`));
    let left = 0;
    for (const name of await listFolder(this.path(relative))) {
      const entry = `${relative}/${name}`;
      if (keep.has(entry)) { left++; continue; }
      if ([...keep].some((f) => f.startsWith(`${entry}/`))) {
        await this.pruneStateFolder(entry, keep);
        left++;
      } else await removeDurably(this.path(entry));
    }
    if (left === 0) await removeDurably(this.path(relative));
  }

  async readSnapshotMarker(): Promise<number | null> {
    try {
      const marker = await readJsonFile<{ batch: number }>(this.path('snapshot'));
      return marker ? marker.batch : null;
    } catch (e) {
      throw new CorruptFileError(this.path('snapshot'), (e as Error).message);
    }
  }

  async writeSnapshotMarker(batch: number): Promise<void> {
    await writeFileAtomic(this.path('snapshot'), JSON.stringify({ batch }));
  }

  /** Removes the whole folder (the object was dropped). */
  async removeAll(): Promise<void> {
    await removeDurably(this.folder);
  }
}
