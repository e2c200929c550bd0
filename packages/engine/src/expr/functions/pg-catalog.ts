/**
 * PostgreSQL's catalog information functions (docs/functions-contract.md, "Catalog
 * functions"), over the engine's system catalog (system-catalog/). Functions that look an
 * object up read the catalog of the engine that planned the query, taking one snapshot per
 * batch; planned outside an engine (EXPLAIN's physical plan), they find nothing and give NULL.
 */
import type { BoundCall, SqlValue } from '@sluice/sql';
import type { CatalogSnapshot, RelationInfo } from '../../system-catalog/catalog-snapshot.js';
import { DATABASE_NAME, NAMESPACE_OID, OWNER_NAME, OWNER_OID, type NamespaceName } from '../../system-catalog/object-ids.js';
import { formatTypeName } from '../../system-catalog/pg-types.js';
import { currentSystemCatalog } from '../../system-catalog/system-catalog.js';
import { argTypeName, type FunctionTable, type Kernel } from './kernel.js';
import { mapRows } from './row-map.js';

type Lookup = (snapshot: CatalogSnapshot | undefined, v: readonly SqlValue[]) => SqlValue;

/** A row function with the system catalog in reach; `callOnNull` for functions that accept NULL arguments. */
function catalogFn(f: Lookup, callOnNull = false): (call: BoundCall) => Kernel {
  return (call) => {
    const catalog = currentSystemCatalog();
    return (args, _ctx, n) => {
      const snapshot = catalog?.snapshot();
      return mapRows(call.type, args, n, (v) => f(snapshot, v), callOnNull);
    };
  };
}

/** A row function of its arguments alone. */
function pureFn(f: (v: readonly SqlValue[]) => SqlValue, callOnNull = false): (call: BoundCall) => Kernel {
  return (call) => (args, _ctx, n) => mapRows(call.type, args, n, f, callOnNull);
}

const IDENTIFIER = /^[a-z_][a-z0-9_$]*$/;

/** `name` as SQL text: bare when it is a plain lower-case identifier, else double-quoted. */
function quoteIdent(name: string): string {
  return IDENTIFIER.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

function qualified(r: RelationInfo): string {
  return `${quoteIdent(r.namespace)}.${quoteIdent(r.name)}`;
}

function keyColumns(r: RelationInfo): string {
  return r.primaryKey!.columns.map((c) => quoteIdent(r.columns[c]!.name)).join(', ');
}

/** pg_get_indexdef(index [, column, pretty]): the CREATE INDEX of a primary key, or one of its columns. */
function indexDef(snapshot: CatalogSnapshot | undefined, v: readonly SqlValue[]): SqlValue {
  const r = snapshot?.indexedRelation(v[0] as number);
  if (!r) return null;
  const column = (v[1] as number | undefined) ?? 0;
  // the primary key is kept in a hash table: the access method psql shows is `hash`
  if (column === 0) return `CREATE UNIQUE INDEX ${quoteIdent(r.primaryKey!.name)} ON ${qualified(r)} USING hash (${keyColumns(r)})`;
  const position = r.primaryKey!.columns[column - 1];
  return position === undefined ? '' : quoteIdent(r.columns[position]!.name);
}

/** obj_description(oid [, catalog]): the comment on a relation (a source says what it is). */
function objDescription(snapshot: CatalogSnapshot | undefined, v: readonly SqlValue[]): SqlValue {
  if (v.length > 1 && v[1] !== 'pg_class') return null;
  return snapshot?.relation(v[0] as number)?.description ?? null;
}

/** PostgreSQL's units of pg_size_pretty: name, the size below which it is used, whether it rounds, its bits. */
const SIZE_UNITS: readonly (readonly [string, bigint, boolean, bigint])[] = [
  ['bytes', 10n * 1024n, false, 0n], ['kB', 20n * 1024n - 1n, true, 10n], ['MB', 20n * 1024n - 1n, true, 20n],
  ['GB', 20n * 1024n - 1n, true, 30n], ['TB', 20n * 1024n - 1n, true, 40n], ['PB', 20n * 1024n - 1n, true, 50n],
];

/** pg_size_pretty(bytes): `8192 bytes`, `16 kB`, ... exactly as PostgreSQL 15 rounds. */
function sizePretty(bytes: bigint): string {
  let size = bytes;
  for (let i = 0; ; i++) {
    const [name, limit, round, bits] = SIZE_UNITS[i]!;
    const next = SIZE_UNITS[i + 1];
    if (!next || (size < 0n ? -size : size) < limit) {
      if (round) size = (size + (size < 0n ? -1n : 1n)) / 2n;
      return `${size} ${name}`;
    }
    size /= 1n << (next[3] - bits - (next[2] ? 1n : 0n) + (round ? 1n : 0n));
  }
}

/** `schema.name`, `name` or `"Quoted".name` as its parts: unquoted parts fold to lower case. */
function nameParts(text: string): string[] | undefined {
  const parts = text.match(/"(?:[^"]|"")*"|[^."]+/g);
  if (!parts || parts.join('.') !== text || parts.length > 2) return undefined;
  return parts.map((p) => (p.startsWith('"') ? p.slice(1, -1).replace(/""/g, '"') : p.toLowerCase()));
}

/** to_regclass(name): the OID of the relation a (possibly qualified) name denotes, NULL when none does. */
function regclassOf(snapshot: CatalogSnapshot | undefined, v: readonly SqlValue[]): SqlValue {
  const parts = nameParts((v[0] as string).trim());
  if (!parts) return null;
  const [namespace, name] = parts.length === 2 ? parts : [undefined, parts[0]!];
  return snapshot?.relationNamed(namespace, name!)?.oid ?? null;
}

/** A cast-like lookup: an OID passes through; a name goes through `lookup`. */
function objectLookup(lookup: (call: BoundCall) => Kernel): (call: BoundCall) => Kernel {
  const identity: Kernel = (args) => args[0]!;
  return (call) => (argTypeName(call, 0) === 'VARCHAR' ? lookup(call) : identity);
}

/** The catalog functions by canonical name. */
export const pgCatalogFunctions: FunctionTable = {
  current_database: pureFn(() => DATABASE_NAME),
  current_schema: pureFn(() => 'public'),
  pg_get_userbyid: pureFn((v) => (v[0] === OWNER_OID ? OWNER_NAME : `unknown (OID=${v[0] as number})`)),
  // format_type(type, NULL) is the type's name without modifiers, so NULL is accepted there
  format_type: pureFn((v) => (v[0] === null ? null : formatTypeName(v[0] as number)), true),
  // default expressions and partition bounds are kept as SQL text already
  pg_get_expr: pureFn((v) => v[0]!),
  pg_encoding_to_char: pureFn((v) => (v[0] === 6 ? 'UTF8' : v[0] === 0 ? 'SQL_ASCII' : '')),
  shobj_description: pureFn(() => null),
  pg_table_is_visible: catalogFn((snapshot, v) => {
    const oid = v[0] as number;
    const r = snapshot?.relation(oid) ?? snapshot?.indexedRelation(oid);
    // pg_catalog and public are on the search path; information_schema is not
    return r !== undefined && r.namespace !== 'information_schema';
  }),
  obj_description: catalogFn(objDescription),
  col_description: catalogFn((snapshot, v) => snapshot?.relation(v[0] as number)?.columnDescriptions.get((v[1] as number) - 1) ?? null),
  pg_get_indexdef: catalogFn(indexDef),
  pg_get_constraintdef: catalogFn((snapshot, v) => {
    const r = snapshot?.constrainedRelation(v[0] as number);
    return r ? `PRIMARY KEY (${keyColumns(r)})` : null;
  }),
  pg_get_viewdef: catalogFn((snapshot, v) => snapshot?.relation(v[0] as number)?.definition ?? null),
  // rows live in memory and checkpoints, not in relation files: there is no size on disk to report
  pg_table_size: pureFn(() => null),
  pg_relation_size: pureFn(() => null),
  pg_total_relation_size: pureFn(() => null),
  pg_size_pretty: pureFn((v) => sizePretty(BigInt(v[0] as number | bigint))),
  to_regclass: objectLookup(catalogFn(regclassOf)),
  to_regnamespace: objectLookup(pureFn((v) => {
    const parts = nameParts((v[0] as string).trim());
    return parts?.length === 1 && Object.hasOwn(NAMESPACE_OID, parts[0]!) ? NAMESPACE_OID[parts[0] as NamespaceName] : null;
  })),
};
