/**
 * Rebuilding a state table from its base and the changes written after it
 * (operators/state-changes.ts has the contract), and the one-file form of a keyed change.
 *
 * A keyed change is stored as one delta of the table's schema: each upsert row with op +1,
 * each removed key with op -1 (its key columns set, the other columns NULL). Applying the
 * changes in order is done newest first, in one pass over the base: a change's rows count
 * only for keys no newer change decided, and a base row survives only when no change
 * decided its key. Rows are compared through hashes of their key columns' Arrow buffers
 * (runtime/row-hash.ts), with no JS value per base row.
 */
import type { Schema } from '@sluice/sql';
import { ColumnBuilder } from '../arrow/column-builder.js';
import { concatDeltas } from '../arrow/concat.js';
import { filterDelta } from '../arrow/filter.js';
import type { Delta } from '../delta.js';
import type { TableChanges } from '../operators/state-changes.js';
import { hashRow, rowAccess, rowsEqual, type RowAccess } from '../runtime/row-hash.js';

/** A change as read back from a checkpoint. */
export type StoredTableChange =
  | { readonly kind: 'replace'; readonly rows: Delta }
  | { readonly kind: 'upsert'; readonly keyColumns: readonly number[]; readonly rows: Delta };

/** A keyed change as one delta: upserts (+1), then removed keys (-1) padded with NULLs. */
export function keyedChangeDelta(schema: Schema, change: Extract<TableChanges, { kind: 'upsert' }>): Delta {
  const { upserts, removed, keyColumns } = change;
  const n = removed.length;
  const position = new Map(keyColumns.map((column, k) => [column, k]));
  const padded: Delta = {
    schema,
    columns: schema.fields.map((f, c) => {
      const k = position.get(c);
      if (k !== undefined) return removed.columns[k]!;
      const builder = new ColumnBuilder(f.type);
      for (let i = 0; i < n; i++) builder.append(null);
      return builder.finish();
    }),
    length: n,
    ops: new Int8Array(n).fill(-1),
  };
  const plus: Delta = { ...upserts, schema, ops: new Int8Array(upserts.length).fill(1) };
  return concatDeltas([plus, padded]);
}

/** Keys seen so far, by the hash of their columns. */
class KeySet {
  private readonly byHash = new Map<number, { access: RowAccess; row: number }[]>();

  get size(): number {
    return this.byHash.size;
  }

  has(access: RowAccess, row: number, hash: number): boolean {
    const same = this.byHash.get(hash);
    return same !== undefined && same.some((k) => rowsEqual(k.access, k.row, access, row));
  }

  add(access: RowAccess, row: number, hash: number): void {
    if (this.has(access, row, hash)) return;
    const same = this.byHash.get(hash);
    if (same) same.push({ access, row });
    else this.byHash.set(hash, [{ access, row }]);
  }
}

function keyAccess(delta: Delta, keyColumns: readonly number[]): RowAccess {
  return rowAccess(keyColumns.map((c) => delta.columns[c]!), keyColumns.map((c) => delta.schema.fields[c]!.type));
}

/**
 * The table after applying `changes` (oldest first) to `base` (null: an empty table of
 * `schema`). Throws when keyed changes of one table disagree on their key columns.
 */
export function applyTableChanges(schema: Schema, base: Delta | null, changes: readonly StoredTableChange[]): Delta {
  const decided = new KeySet();
  const newerRows: Delta[] = [];
  let keyColumns: readonly number[] | null = null;
  let from = base;
  for (let c = changes.length - 1; c >= 0; c--) {
    const change = changes[c]!;
    if (change.kind === 'replace') { from = change.rows; break; }
    if (keyColumns && keyColumns.join() !== change.keyColumns.join()) throw new Error(`changes keyed by columns ${keyColumns.join()} and ${change.keyColumns.join()}`);
    keyColumns = change.keyColumns;
    const rows = change.rows;
    const access = keyAccess(rows, keyColumns);
    const hashes = new Int32Array(rows.length);
    const keep = new Uint8Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      hashes[i] = hashRow(access, i);
      if (rows.ops?.[i] !== -1 && !decided.has(access, i, hashes[i]!)) keep[i] = 1;
    }
    for (let i = 0; i < rows.length; i++) decided.add(access, i, hashes[i]!);
    const kept = filterDelta(rows, keep);
    if (kept.length > 0) newerRows.push({ ...kept, schema, ops: null });
  }
  const parts: Delta[] = [];
  if (from && from.length > 0) {
    if (keyColumns && decided.size > 0) {
      const access = keyAccess(from, keyColumns);
      const keep = new Uint8Array(from.length);
      for (let i = 0; i < from.length; i++) keep[i] = decided.has(access, i, hashRow(access, i)) ? 0 : 1;
      parts.push(filterDelta({ ...from, schema }, keep));
    } else parts.push({ ...from, schema });
  }
  parts.push(...newerRows.reverse());
  if (parts.length === 0) return { schema, columns: schema.fields.map((f) => new ColumnBuilder(f.type).finish()), length: 0, ops: null };
  return concatDeltas(parts);
}
