/**
 * A consistent view of the catalog for one read of a system relation or one batch of a
 * catalog function: every relation with its OID, schema, columns and keys, user objects and
 * system relations alike. Sinks are not relations (nothing reads them), so they are left out.
 *
 * How Sluice objects appear to PostgreSQL clients: a table is relkind 'r', a materialized
 * view 'm', a view 'v'; a source is 'r' too (psql's `\d` lists relkinds it knows, and a source
 * is read like a table; its description says it is a source). A primary key is a unique index
 * `<name>_pkey` with its constraint, as PostgreSQL creates them.
 */
import type { CatalogObject, CatalogObjectKind, Field } from '@sluice/sql';
import { assignUserOids, type NamespaceName } from './object-ids.js';
import type { SystemRelation } from './system-relation.js';

/** A primary key as PostgreSQL shows one: an index and a constraint of the same name. */
export interface PrimaryKeyIndex {
  readonly name: string;
  readonly oid: number;
  readonly constraintOid: number;
  /** column positions (0-based) */
  readonly columns: readonly number[];
}

/** One relation as the catalog relations and functions describe it. */
export interface RelationInfo {
  readonly oid: number;
  readonly namespace: NamespaceName;
  readonly name: string;
  readonly relkind: 'r' | 'v' | 'm';
  readonly kind: CatalogObjectKind;
  readonly columns: readonly Field[];
  readonly primaryKey?: PrimaryKeyIndex;
  /** the query of a view or materialized view */
  readonly definition?: string;
  /** obj_description: what a relation is when its relkind does not say (a source) */
  readonly description?: string;
  /** col_description by column position (0-based) */
  readonly columnDescriptions: ReadonlyMap<number, string>;
  /** whether INSERT can add rows */
  readonly insertable: boolean;
}

const RELKIND: Record<CatalogObjectKind, 'r' | 'v' | 'm' | undefined> = {
  source: 'r', table: 'r', 'materialized-view': 'm', view: 'v', sink: undefined, 'system-table': undefined,
};

export class CatalogSnapshot {
  private readonly byOid = new Map<number, RelationInfo>();
  private readonly byIndexOid = new Map<number, RelationInfo>();
  private readonly byConstraintOid = new Map<number, RelationInfo>();

  constructor(readonly relations: readonly RelationInfo[]) {
    for (const r of relations) {
      this.byOid.set(r.oid, r);
      if (r.primaryKey) {
        this.byIndexOid.set(r.primaryKey.oid, r);
        this.byConstraintOid.set(r.primaryKey.constraintOid, r);
      }
    }
  }

  /** The relation with OID `oid`. */
  relation(oid: number): RelationInfo | undefined {
    return this.byOid.get(oid);
  }

  /** The relation whose primary key index has OID `oid`. */
  indexedRelation(oid: number): RelationInfo | undefined {
    return this.byIndexOid.get(oid);
  }

  /** The relation whose primary key constraint has OID `oid`. */
  constrainedRelation(oid: number): RelationInfo | undefined {
    return this.byConstraintOid.get(oid);
  }

  /**
   * The relation `name` in `namespace`, or when no namespace is given, the user relation or
   * else the pg_catalog one (the binder's resolution order). Names compare case-insensitively,
   * as the catalog's do.
   */
  relationNamed(namespace: string | undefined, name: string): RelationInfo | undefined {
    const lower = name.toLowerCase();
    const find = (ns: string): RelationInfo | undefined => this.relations.find((r) => r.namespace === ns && r.name.toLowerCase() === lower);
    return namespace === undefined ? find('public') ?? find('pg_catalog') : find(namespace.toLowerCase());
  }

  /** User relations (schema public), in creation order. */
  userRelations(): readonly RelationInfo[] {
    return this.relations.filter((r) => r.namespace === 'public');
  }
}

/** The snapshot of `objects` (the user catalog, in creation order) and the system relations. */
export function takeSnapshot(objects: readonly CatalogObject[], system: readonly SystemRelation[]): CatalogSnapshot {
  const relations: RelationInfo[] = system.map((s) => ({
    oid: s.oid, namespace: s.namespace, name: s.name, relkind: s.relkind, kind: 'system-table', columns: s.schema.fields,
    columnDescriptions: new Map(), insertable: false,
  }));
  const user = objects.filter((o) => RELKIND[o.kind] !== undefined);
  const keys = user.flatMap((o) => {
    const name = o.name.toLowerCase();
    return hasPrimaryKey(o) ? [name, `${name}/pkey`, `${name}/pkey-constraint`] : [name];
  });
  const oids = assignUserOids(keys, new Set(system.map((s) => s.oid)));
  for (const o of user) relations.push(userRelation(o, (key) => oids.get(key)!));
  return new CatalogSnapshot(relations);
}

function userRelation(o: CatalogObject, oid: (key: string) => number): RelationInfo {
  const key = o.name.toLowerCase();
  const definition = o.definition.kind === 'CreateMaterializedView' || o.definition.kind === 'CreateView' ? o.definition.querySql : undefined;
  const connector = o.options['connector'];
  const description = o.kind === 'source' ? `source${connector ? ` (connector '${connector}')` : ''}`
    : o.kind === 'table' && connector ? `table filled by connector '${connector}'` : undefined;
  const columnDescriptions = new Map<number, string>();
  if (o.watermark) columnDescriptions.set(o.watermark.column, `watermark - ${o.watermark.delayUs / 1_000_000}s`);
  return {
    oid: oid(key), namespace: 'public', name: o.name, relkind: RELKIND[o.kind]!, kind: o.kind, columns: o.schema.fields,
    ...(hasPrimaryKey(o)
      ? { primaryKey: { name: `${o.name}_pkey`, oid: oid(`${key}/pkey`), constraintOid: oid(`${key}/pkey-constraint`), columns: o.primaryKey } }
      : {}),
    ...(definition === undefined ? {} : { definition }),
    ...(description === undefined ? {} : { description }),
    columnDescriptions,
    insertable: o.kind === 'table' && !connector,
  };
}

/** A declared PRIMARY KEY (a view's `primaryKey` is a unique key the planner derived, not a constraint). */
function hasPrimaryKey(o: CatalogObject): boolean {
  return o.kind === 'table' && o.primaryKey.length > 0;
}
