/**
 * One engine's system relations: `pg_catalog` and `information_schema`, computed from its
 * catalog whenever a query reads them. The binder resolves them through `Catalog.system`
 * (kind `system-table`); a scan of one reads `rows()`, a snapshot taken as its pipeline is
 * built. Catalog functions (`pg_get_indexdef`, `obj_description`, ...) compiled while
 * `withSystemCatalog` runs read the same catalog (pipelines are planned synchronously, as
 * with user functions).
 */
import { parse, type CatalogObject, type SystemRelationLookup } from '@sluice/sql';
import { deltaFromRows, type Delta } from '../delta.js';
import { takeSnapshot, type CatalogSnapshot } from './catalog-snapshot.js';
import { INFORMATION_SCHEMA } from './information-schema.js';
import { PG_CATALOG_TABLES } from './pg-catalog-tables.js';
import { PG_CATALOG_VIEWS } from './pg-catalog-views.js';
import { rowValues, type SystemRelation } from './system-relation.js';

/** Every system relation. */
export const SYSTEM_RELATIONS: readonly SystemRelation[] = [...PG_CATALOG_TABLES, ...PG_CATALOG_VIEWS, ...INFORMATION_SCHEMA];

const BY_NAME: ReadonlyMap<string, SystemRelation> = new Map(SYSTEM_RELATIONS.map((r) => [`${r.namespace}.${r.name}`, r]));

/** The catalog objects the binder sees for the system relations (the same for every engine). */
const OBJECTS: ReadonlyMap<string, CatalogObject> = new Map([...BY_NAME].map(([name, r]) => [name, {
  name, kind: 'system-table', schema: r.schema,
  // not durable: a system relation is no DDL's result; DESCRIBE is the statement that shows it
  definition: parse(`DESCRIBE ${name}`)[0]!,
  primaryKey: [], appendOnly: true, bounded: true, options: {},
}]));

export class SystemCatalog implements SystemRelationLookup {
  /** `userObjects`: the engine's catalog, in creation order */
  constructor(private readonly userObjects: () => readonly CatalogObject[]) {}

  get(qualifiedName: string): CatalogObject | undefined {
    return OBJECTS.get(qualifiedName);
  }

  /** The catalog as it is now. */
  snapshot(): CatalogSnapshot {
    return takeSnapshot(this.userObjects(), SYSTEM_RELATIONS);
  }

  /** The current rows of the system relation `qualifiedName`. */
  rows(qualifiedName: string): Delta {
    const relation = BY_NAME.get(qualifiedName)!;
    return deltaFromRows(relation.schema, rowValues(relation, this.snapshot()));
  }
}

let current: SystemCatalog | undefined;

/** Runs `body` (which plans operators) with `catalog` visible to catalog functions. */
export function withSystemCatalog<R>(catalog: SystemCatalog, body: () => R): R {
  const previous = current;
  current = catalog;
  try {
    return body();
  } finally {
    current = previous;
  }
}

/** The system catalog of the engine planning now; undefined outside `withSystemCatalog`. */
export function currentSystemCatalog(): SystemCatalog | undefined {
  return current;
}
