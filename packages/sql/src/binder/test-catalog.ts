/**
 * A small catalog for binder, optimizer and EXPLAIN tests: the Nexmark `bids` source with a
 * watermark, a `lines` text source, a `users` table, a plain view and a materialized view.
 * A fixture for tests of this package and its siblings; nothing in the planner uses it.
 */
import type { CatalogObject } from '../catalog/catalog.js';
import { Catalog } from '../catalog/catalog.js';
import type { Statement } from '../ast/statement.js';
import type { Query } from '../ast/query.js';
import { T } from '../types/data-type.js';
import { field, schemaOf } from '../types/schema.js';
import { SqlError } from '../errors.js';
import { parse } from '../parser/parse.js';
import { bindQuery, type BindQueryOptions, type BoundQuery } from './bind-query.js';

const definition = { kind: 'Flush', sql: '', pos: { line: 1, column: 1, offset: 0 } } as Statement;

function object(partial: Partial<CatalogObject> & Pick<CatalogObject, 'name' | 'kind' | 'schema'>): CatalogObject {
  return { definition, primaryKey: [], appendOnly: partial.kind === 'source', bounded: false, options: {}, ...partial };
}

/** The catalog tests bind against; `view` is the query of the plain view `expensive_bids`. */
export function testCatalog(view?: Query): Catalog {
  const catalog = new Catalog();
  catalog.add(object({
    name: 'bids',
    kind: 'source',
    schema: schemaOf([field('auction', T.bigint), field('bidder', T.bigint), field('price', T.bigint),
      field('channel', T.varchar), field('date_time', T.timestamp)]),
    watermark: { column: 4, delayUs: 4_000_000 },
  }));
  catalog.add(object({ name: 'lines', kind: 'source', schema: schemaOf([field('line', T.varchar)]), bounded: true }));
  catalog.add(object({
    name: 'users', kind: 'table', primaryKey: [0],
    schema: schemaOf([field('id', T.bigint, false), field('name', T.varchar), field('city', T.varchar), field('age', T.int)]),
  }));
  catalog.add(object({ name: 'ticks', kind: 'source', schema: schemaOf([field('ts', T.timestamp), field('v', T.double)]) }));
  if (view) {
    catalog.add(object({ name: 'expensive_bids', kind: 'view', schema: schemaOf([]), query: view }));
  }
  return catalog;
}

/** Parses one query and binds it against `catalog` (default: `testCatalog()`). */
export function bindSql(sql: string, catalog: Catalog = testCatalog(), options: BindQueryOptions = {}): BoundQuery {
  const [stmt] = parse(sql);
  if (stmt?.kind !== 'Query') throw new Error(`not a query: ${sql}`);
  return bindQuery(stmt.query, catalog, options);
}

/** The SqlError `fn` throws, in its one-line form (`code at line:column: message (hint)`). */
export function sqlErrorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof SqlError) return e.describe();
    throw e;
  }
  throw new Error('expected a SqlError');
}
