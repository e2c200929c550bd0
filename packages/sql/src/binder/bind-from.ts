/**
 * Binds a FROM clause: catalog objects (sources, tables and materialized views become Scans;
 * plain views and CTEs are expanded), subqueries, window table functions and set-returning
 * functions. A FROM list of an item followed by a set-returning function over its columns
 * (`FROM lines, unnest(string_to_array(line, ' ')) AS t(word)`) is a lateral ProjectSet.
 * Joins and comma-separated items are bound by bind-join.ts.
 */
import type { FromItem, TableFunctionRef, TableRef } from '../ast/query.js';
import type { CatalogObject } from '../catalog/catalog.js';
import { type SourcePosition, SqlError } from '../errors.js';
import { type BoundExpr, inputRef } from '../plan/bound-expr.js';
import type { DataType } from '../types/data-type.js';
import { schemaOf } from '../types/schema.js';
import { bindExpr } from './bind-expr.js';
import { bindWindowFunction } from './bind-window-tvf.js';
import { bindJoin, crossJoin } from './bind-join.js';
import { bindSubquery } from './bind-query.js';
import type { BindEnv, Relation } from './bind-env.js';
import { makeProjectSet, makeScan, makeValues } from './plan-nodes.js';
import { Scope, type ScopeColumn } from './scope.js';
import { didYouMean } from './suggest.js';

/** The relation a FROM list produces; no FROM is one row of no columns. */
export function bindFrom(items: readonly FromItem[], env: BindEnv): Relation {
  if (items.length === 0) return { plan: makeValues([[]], schemaOf([])), scope: new Scope([]) };
  let rel = bindFromItem(items[0]!, env);
  for (const item of items.slice(1)) {
    rel = item.kind === 'TableFunctionRef' ? bindTableFunction(item, rel) : crossJoin(rel, bindFromItem(item, env), item.pos);
  }
  return rel;
}

/** Binds one FROM item. */
export function bindFromItem(item: FromItem, env: BindEnv): Relation {
  switch (item.kind) {
    case 'TableRef':
      return bindTableRef(item, env);
    case 'SubqueryRef': {
      const rel = bindSubquery(item.query, env);
      return { plan: rel.plan, scope: renameColumns(rel.scope, item.columnAliases, item.pos).requalify(item.alias) };
    }
    case 'WindowTableFunction':
      return bindWindowFunction(item, bindFromItem(item.input, env));
    case 'TableFunctionRef':
      return bindTableFunction(item, bindFrom([], env));
    case 'Join':
      return bindJoin(item, env, bindFromItem);
    default:
      return item satisfies never;
  }
}

function bindTableRef(ref: TableRef, env: BindEnv): Relation {
  const lower = ref.name.toLowerCase();
  const qualifier = ref.alias ?? ref.name;
  const cte = env.ctes.get(lower);
  if (cte && !env.expanding.has(lower)) {
    const rel = bindSubquery(cte.query, { ...env, expanding: new Set([...env.expanding, lower]) });
    return { plan: rel.plan, scope: renameColumns(rel.scope, cte.columns, ref.pos).requalify(qualifier) };
  }
  const object = env.catalog.get(ref.name);
  if (!object) {
    const names = [...env.catalog.list().map((o) => o.name), ...env.ctes.keys()];
    const hint = didYouMean(ref.name, names);
    throw new SqlError('table-not-found', `relation '${ref.name}' does not exist`, ref.pos, hint);
  }
  if (object.kind === 'sink') throw new SqlError('wrong-object-type', `'${object.name}' is a sink and cannot be read`, ref.pos);
  if (object.kind === 'view') {
    if (env.expanding.has(lower)) throw new SqlError('recursive-view', `view '${object.name}' refers to itself`, ref.pos);
    if (!object.query) throw new SqlError('wrong-object-type', `view '${object.name}' has no query`, ref.pos);
    const rel = bindSubquery(object.query, { ...env, ctes: new Map(), expanding: new Set([...env.expanding, lower]) });
    const names = object.schema.fields.length === rel.scope.columns.length ? object.schema.fields.map((f) => f.name) : undefined;
    return { plan: rel.plan, scope: renameColumns(rel.scope, names, ref.pos).requalify(ref.alias ?? scanQualifier(ref.name, object)) };
  }
  const plan = makeScan(object);
  return { plan, scope: Scope.of(plan.schema, ref.alias ?? scanQualifier(ref.name, object)) };
}

/**
 * What columns of an unaliased object are qualified with: the name as written, or its last
 * part when it reached the object through a schema (`public.t` and `pg_catalog.pg_class` are
 * `t` and `pg_class`, as in PostgreSQL).
 */
function scanQualifier(written: string, object: CatalogObject): string {
  // a user object whose own name has a dot ("a.b") keeps it
  if (object.kind !== 'system-table' && written.toLowerCase() === object.name.toLowerCase()) return written;
  return written.slice(written.lastIndexOf('.') + 1);
}

/** Renames the first columns of a scope (`AS t(a, b)`). */
function renameColumns(scope: Scope, names: readonly string[] | undefined, pos: SourcePosition | undefined): Scope {
  if (!names || names.length === 0) return scope;
  if (names.length > scope.columns.length) {
    throw new SqlError('wrong-column-count', `${names.length} column names given for ${scope.columns.length} columns`, pos);
  }
  return new Scope(scope.columns.map((c, i) => (i < names.length ? { ...c, name: names[i]! } : c)));
}

/** A set-returning function over the columns of `left` (one row of nothing when standalone). */
function bindTableFunction(item: TableFunctionRef, left: Relation): Relation {
  const sets: { fn: string; args: readonly BoundExpr[]; type: DataType }[] = [];
  const ctx = {
    scope: left.scope,
    clause: 'FROM',
    sets: {
      add(fn: string, args: readonly BoundExpr[], type: DataType): BoundExpr {
        sets.push({ fn, args, type });
        return inputRef(-1, type);
      },
    },
  };
  const placeholder = bindExpr({ kind: 'FunctionCall', name: item.name, args: item.args, distinct: false, pos: item.pos }, ctx);
  if (sets.length !== 1 || placeholder.kind !== 'InputRef') {
    throw new SqlError('set-function-expected', `${item.name} in FROM must be a set-returning function`, item.pos);
  }
  const set = sets[0]!;
  const items = [
    ...left.scope.columns.map((c, i) => ({ kind: 'scalar' as const, expr: inputRef(i, c.type) })),
    { kind: 'set' as const, fn: set.fn, args: set.args },
  ];
  const name = item.columnAliases?.[0] ?? item.alias ?? item.name.toLowerCase();
  const plan = makeProjectSet(left.plan, items, [...left.plan.schema.fields.map((f) => f.name), name], [set.type]);
  const column: ScopeColumn = { name, type: set.type, table: (item.alias ?? item.name).toLowerCase() };
  return { plan, scope: left.scope.concat(new Scope([column])) };
}

