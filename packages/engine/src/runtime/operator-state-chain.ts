/**
 * `OperatorStateChain`: how a pipeline's operator state goes to and comes back from its
 * checkpoints. An operator with incremental snapshots (operators/state-changes.ts) writes a
 * full base, then at each checkpoint only what changed, as one file per changed table, until
 * a base is due again: every `STATE_BASE_EVERY` checkpoints, or when the changes written since
 * the base pass `CHANGE_FRACTION` of its size (so restore never reads much more than the
 * state). Other operators write their full tables at every checkpoint.
 *
 * A checkpoint's manifest lists, per operator, the base tables, the batch whose folder holds
 * them and the change sets since (oldest first), and every one of those files with its
 * checksum, so pruning keeps them and a damaged one is found. The in-memory chain moves on
 * only once the manifest is written (`durable`); the operators are then told, so they start
 * their next capture. A checkpoint that fails leaves the chain and the operators' pending
 * changes as they were: the next one writes those changes again.
 *
 * Restore (`load`) reads the base and applies each change set in order
 * (state/state-merge.ts), then the caller opens the operators and calls `restored`.
 */
import { deltaBytes, operatorLabel, recordStateBytes } from './state-size.js';
import type { Schema } from '@sluice/sql';
import type { Delta } from '../delta.js';
import type { Operator, OperatorState } from '../operators/operator.js';
import type { OperatorChanges } from '../operators/state-changes.js';
import {
  batchName, CorruptFileError, type CheckpointStore, type FileEntry, type Manifest, type OperatorEntry,
  type StateChangeEntry, type StateTableEntry, type TableChangeEntry,
} from '../state/checkpoint-store.js';
import { encodeDelta } from '../state/delta-ipc.js';
import { applyTableChanges, keyedChangeDelta, type StoredTableChange } from '../state/state-merge.js';

/** A full base of an operator's state at least every this many checkpoints. */
export const STATE_BASE_EVERY = 10;
/** A base is also due when the changes since the last one pass this fraction of its bytes... */
const CHANGE_FRACTION = 0.5;
/** ...counting a base as at least this large, so that small states do not rewrite every time. */
const MIN_BASE_BYTES = 256 * 1024;

/**
 * Whether a checkpoint writes a new base rather than a change: `changesSinceBase` checkpoints
 * wrote changes since the base of `baseBytes`, and the changes (this one's included) come to
 * `changeBytes`. Also the rule for a view's rows (pipeline-checkpointer.ts).
 */
export function baseDue(changesSinceBase: number, changeBytes: number, baseBytes: number): boolean {
  return changesSinceBase + 1 >= STATE_BASE_EVERY || changeBytes > CHANGE_FRACTION * Math.max(baseBytes, MIN_BASE_BYTES);
}

/** Where one incremental operator's state stands on disk. */
interface Chain {
  readonly entry: OperatorEntry;
  /** every file the entry lists, with its checksum */
  readonly files: Readonly<Record<string, FileEntry>>;
  readonly baseBytes: number;
  readonly changeBytes: number;
}

/** What `write` produced, made current by `durable` once the manifest is on disk. */
export interface WrittenState {
  readonly entries: OperatorEntry[];
  readonly chains: (Chain | null)[];
}

/** Reads a file the manifest lists, checked, as a delta of `schema`. */
export type ReadListed = (file: string, schema: Schema) => Promise<Delta>;

export class OperatorStateChain {
  /** per operator (tree order); null: no chain yet, or full snapshots only */
  private chains: (Chain | null)[] = [];

  constructor(private readonly store: CheckpointStore, private readonly operators: () => readonly Operator[]) {}

  /** Files the current chains need (for pruning). */
  get files(): ReadonlySet<string> {
    return new Set(this.chains.flatMap((c) => (c ? Object.keys(c.files) : [])));
  }

  /** Writes every operator's state (or its changes) for checkpoint `batch`, adding files to `files`. */
  async write(batch: number, files: Record<string, FileEntry>): Promise<WrittenState> {
    const entries: OperatorEntry[] = [];
    const chains: (Chain | null)[] = [];
    const operators = this.operators();
    for (let i = 0; i < operators.length; i++) {
      const operator = operators[i]!;
      const label = operatorLabel(i, operator);
      const folder = `state/${batchName(batch)}/${label}`;
      const previous = this.chains[i] ?? null;
      const changes = operator.snapshotChanges?.() ?? null;
      let chain: Chain | null;
      if (changes && previous && !this.baseDue(previous, changes)) {
        chain = await this.writeChanges(batch, folder, previous, changes);
      } else {
        chain = await this.writeFull(batch, folder, label, operator);
        if (!operator.snapshotChanges) chain = { ...chain, entry: { label, tables: chain.entry.tables } };
      }
      Object.assign(files, chain.files);
      entries.push(chain.entry);
      chains.push(operator.snapshotChanges ? chain : null);
    }
    return { entries, chains };
  }

  /** The manifest listing `written` is on disk. */
  durable(written: WrittenState): void {
    this.chains = written.chains;
    for (const operator of this.operators()) operator.snapshotDurable?.();
  }

  private baseDue(chain: Chain, changes: OperatorChanges): boolean {
    let bytes = chain.changeBytes;
    for (const change of Object.values(changes)) {
      bytes += change.kind === 'replace' ? deltaBytes(change.rows) : deltaBytes(change.upserts) + deltaBytes(change.removed);
    }
    return baseDue(chain.entry.changes?.length ?? 0, bytes, chain.baseBytes);
  }

  private async writeFull(batch: number, folder: string, label: string, operator: Operator): Promise<Chain> {
    const tables: StateTableEntry[] = [];
    const files: Record<string, FileEntry> = {};
    let bytes = 0;
    let stateBytes = 0;
    for (const [name, delta] of Object.entries(operator.snapshot())) {
      const file = `${folder}/${name}.arrow`;
      files[file] = await this.store.write(file, encodeDelta(delta), false);
      tables.push({ name, file, schema: delta.schema });
      bytes += files[file].bytes;
      stateBytes += deltaBytes(delta);
    }
    if (tables.length > 0) await this.store.syncFolder(folder);
    recordStateBytes(operator, stateBytes);
    return { entry: { label, tables, baseBatch: batch, changes: [] }, files, baseBytes: bytes, changeBytes: 0 };
  }

  private async writeChanges(batch: number, folder: string, chain: Chain, changes: OperatorChanges): Promise<Chain> {
    const tables: TableChangeEntry[] = [];
    const files: Record<string, FileEntry> = { ...chain.files };
    let bytes = 0;
    for (const [name, change] of Object.entries(changes)) {
      const schema = change.kind === 'replace' ? change.rows.schema : change.upserts.schema;
      if (change.kind === 'upsert' && change.upserts.length === 0 && change.removed.length === 0) continue;
      const file = `${folder}/${name}${change.kind === 'replace' ? '' : '.changes'}.arrow`;
      const delta = change.kind === 'replace' ? change.rows : keyedChangeDelta(schema, change);
      files[file] = await this.store.write(file, encodeDelta(delta), false);
      bytes += files[file].bytes;
      tables.push(change.kind === 'replace' ? { kind: 'replace', name, file, schema } : { kind: 'upsert', name, file, schema, keyColumns: change.keyColumns });
    }
    if (tables.length > 0) await this.store.syncFolder(folder);
    const set: StateChangeEntry = { batch, tables };
    return {
      entry: { ...chain.entry, changes: [...(chain.entry.changes ?? []), set] },
      files, baseBytes: chain.baseBytes, changeBytes: chain.changeBytes + bytes,
    };
  }

  /** The operators' state in `manifest`: each base with its change sets applied, in order. */
  async load(manifest: Manifest, read: ReadListed): Promise<OperatorState[]> {
    const states: OperatorState[] = [];
    for (const entry of manifest.operators) {
      const base = new Map<string, Delta>();
      const schemas = new Map<string, Schema>();
      for (const table of entry.tables) {
        base.set(table.name, await read(table.file, table.schema));
        schemas.set(table.name, table.schema);
      }
      const changes = new Map<string, { file: string; change: StoredTableChange }[]>();
      for (const set of entry.changes ?? []) {
        for (const table of set.tables) {
          const rows = await read(table.file, table.schema);
          const change: StoredTableChange = table.kind === 'replace' ? { kind: 'replace', rows } : { kind: 'upsert', keyColumns: table.keyColumns, rows };
          changes.set(table.name, [...(changes.get(table.name) ?? []), { file: table.file, change }]);
          schemas.set(table.name, table.schema);
        }
      }
      const state: Record<string, Delta> = {};
      for (const [name, schema] of schemas) {
        const list = changes.get(name) ?? [];
        try {
          state[name] = list.length === 0 ? base.get(name)! : applyTableChanges(schema, base.get(name) ?? null, list.map((c) => c.change));
        } catch (e) {
          throw new CorruptFileError(this.store.path(list.at(-1)!.file), `cannot apply the change (${(e as Error).message})`);
        }
      }
      states.push(state);
    }
    return states;
  }

  /** The operators were opened from `manifest`'s state: it is their durable snapshot. */
  restored(manifest: Manifest): void {
    const operators = this.operators();
    this.chains = manifest.operators.map((entry, i) => {
      // a checkpoint from before incremental snapshots may hold tables in an older layout:
      // the next checkpoint writes a base rather than changes over it
      if (!operators[i]?.snapshotChanges || entry.baseBatch === undefined) return null;
      const listed = [...entry.tables.map((t) => t.file), ...(entry.changes ?? []).flatMap((s) => s.tables.map((t) => t.file))];
      const files = Object.fromEntries(listed.map((f) => [f, manifest.files[f]!]));
      const baseBytes = entry.tables.reduce((sum, t) => sum + (manifest.files[t.file]?.bytes ?? 0), 0);
      const total = Object.values(files).reduce((sum, f) => sum + f.bytes, 0);
      return { entry: { ...entry, changes: entry.changes ?? [] }, files, baseBytes, changeBytes: total - baseBytes };
    });
    for (const operator of operators) operator.snapshotDurable?.();
  }
}
