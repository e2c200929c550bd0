/**
 * The shape of one system relation: where it lives, its columns, and how its rows come out of
 * a catalog snapshot. Relations are declared with a compact column list and produce rows as
 * objects by column name (a column left out is NULL), so each definition reads like the
 * PostgreSQL documentation of the relation it stands for.
 */
import { field, parseTypeName, schemaOf, type Schema, type SqlValue } from '@sluice/sql';
import type { CatalogSnapshot } from './catalog-snapshot.js';
import type { NamespaceName } from './object-ids.js';

/** A row by column name; absent columns are NULL. */
export type SystemRow = Readonly<Record<string, SqlValue | undefined>>;

/** One relation of `pg_catalog` or `information_schema`. */
export interface SystemRelation {
  readonly namespace: NamespaceName;
  readonly name: string;
  /** PostgreSQL's OID for the relation where it has a fixed one, else one below 16384 */
  readonly oid: number;
  /** 'r' for a catalog table, 'v' for a view over the catalog (as in PostgreSQL) */
  readonly relkind: 'r' | 'v';
  readonly schema: Schema;
  rows(snapshot: CatalogSnapshot): readonly SystemRow[];
}

/**
 * A relation from `columns`: `name type` pairs separated by commas, types in SQL
 * (`oid` is INT, `name` and `"char"` are VARCHAR, `text[]` a list).
 */
export function systemRelation(
  namespace: NamespaceName, name: string, oid: number, relkind: 'r' | 'v', columns: string,
  rows: (snapshot: CatalogSnapshot) => readonly SystemRow[],
): SystemRelation {
  const fields = columns.split(',').map((c) => {
    const spec = c.trim();
    const space = spec.indexOf(' ');
    return field(spec.slice(0, space), parseTypeName(spec.slice(space + 1)));
  });
  return { namespace, name, oid, relkind, schema: schemaOf(fields), rows };
}

/** The rows of `relation` as value arrays in column order. */
export function rowValues(relation: SystemRelation, snapshot: CatalogSnapshot): SqlValue[][] {
  const names = relation.schema.fields.map((f) => f.name);
  return relation.rows(snapshot).map((row) => names.map((n) => row[n] ?? null));
}
