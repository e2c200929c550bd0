/**
 * The names visible to an expression: the columns of the FROM clause, each with the table
 * (or alias) it came from. Resolution is case-insensitive; a failure names the column and
 * suggests the closest visible name.
 */
import type { ColumnRefExpr } from '../ast/expr.js';
import { type SourcePosition, SqlError } from '../errors.js';
import type { DataType } from '../types/data-type.js';
import type { Schema } from '../types/schema.js';
import { didYouMean } from './suggest.js';

/** A window bound column (`window_start` / `window_end`) whose time column has a watermark. */
export interface WindowBound {
  readonly kind: 'start' | 'end';
  /** the window's size in µs: window_start + size is the window's end */
  readonly sizeUs: number;
}

/** One visible column, at the same position in the plan that produces it. */
export interface ScopeColumn {
  readonly name: string;
  /** the table name or alias that qualifies it, lower case */
  readonly table?: string;
  readonly type: DataType;
  readonly windowBound?: WindowBound;
  /**
   * Reachable only qualified (`t.id`, `t.*`): a column of a `JOIN ... USING (id)` side, whose
   * unqualified name means the merged column instead.
   */
  readonly hidden?: boolean;
}

/** The columns of one plan's output as seen by name. Immutable. */
export class Scope {
  constructor(readonly columns: readonly ScopeColumn[]) {}

  /** A scope over `schema` with every column qualified by `table`. */
  static of(schema: Schema, table?: string): Scope {
    return new Scope(schema.fields.map((f) => ({ name: f.name, type: f.type, table: table?.toLowerCase() })));
  }

  /** The same columns, all qualified by `alias` instead of their old tables. */
  requalify(alias: string | undefined): Scope {
    if (alias === undefined) return this;
    const table = alias.toLowerCase();
    return new Scope(this.columns.map((c) => ({ ...c, table })));
  }

  /** Concatenates two scopes (positions of `other` follow this scope's). */
  concat(other: Scope): Scope {
    return new Scope([...this.columns, ...other.columns]);
  }

  /** The position of the column `ref` names. Throws `column-not-found`, `table-not-found`, `ambiguous-column`. */
  resolve(ref: ColumnRefExpr): number {
    const name = ref.name.toLowerCase();
    const table = ref.table?.toLowerCase();
    if (table !== undefined && !this.columns.some((c) => c.table === table)) {
      const hint = didYouMean(table, this.tableNames());
      throw new SqlError('table-not-found', `missing FROM-clause entry for table '${ref.table}'`, ref.pos,
        hint);
    }
    const matches: number[] = [];
    this.columns.forEach((c, i) => {
      if (c.name.toLowerCase() === name && (table === undefined ? !c.hidden : c.table === table)) matches.push(i);
    });
    if (matches.length === 1) return matches[0]!;
    const shown = table ? `${ref.table}.${ref.name}` : ref.name;
    if (matches.length > 1) {
      throw new SqlError('ambiguous-column', `column reference '${shown}' is ambiguous`, ref.pos,
        'qualify it with a table name or alias');
    }
    const candidates = this.columns.filter((c) => (table === undefined ? !c.hidden : c.table === table)).map((c) => c.name);
    const hint = didYouMean(ref.name, candidates);
    throw new SqlError('column-not-found', `column '${shown}' does not exist`, ref.pos,
      hint);
  }

  /** Positions of `*` (all columns) or `t.*` (the columns of table `t`). */
  expandStar(table: string | undefined, pos: SourcePosition | undefined): number[] {
    if (table === undefined) return this.columns.flatMap((c, i) => (c.hidden ? [] : [i]));
    const lower = table.toLowerCase();
    const out = this.columns.flatMap((c, i) => (c.table === lower ? [i] : []));
    if (out.length === 0) {
      const hint = didYouMean(table, this.tableNames());
      throw new SqlError('table-not-found', `missing FROM-clause entry for table '${table}'`, pos,
        hint);
    }
    return out;
  }

  private tableNames(): string[] {
    return [...new Set(this.columns.flatMap((c) => (c.table ? [c.table] : [])))];
  }
}
