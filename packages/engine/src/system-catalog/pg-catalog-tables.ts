/**
 * The core of `pg_catalog`: schemas, relations, their columns and types, keys, defaults and
 * comments, with PostgreSQL 15's columns in PostgreSQL's order, so that the queries psql,
 * drivers and BI tools send about the catalog find what they ask for. Values a Sluice object
 * has no counterpart for take PostgreSQL's value for an object without that feature (no
 * triggers, no row security, no tablespace: 0 or false).
 */
import { pgTypeOf, PG_TYPES } from './pg-types.js';
import type { CatalogSnapshot, RelationInfo } from './catalog-snapshot.js';
import { ACCESS_METHOD_OID, NAMESPACE_OID, OWNER_OID, PG_CLASS_OID } from './object-ids.js';
import { systemRelation, type SystemRelation, type SystemRow } from './system-relation.js';

const namespaceOid = (r: RelationInfo): number => NAMESPACE_OID[r.namespace];

const pgNamespace = systemRelation('pg_catalog', 'pg_namespace', 2615, 'r', 'oid oid, nspname name, nspowner oid, nspacl text[]',
  () => Object.entries(NAMESPACE_OID).map(([nspname, oid]) => ({ oid, nspname, nspowner: OWNER_OID })));

const pgClass = systemRelation('pg_catalog', 'pg_class', PG_CLASS_OID, 'r', `
  oid oid, relname name, relnamespace oid, reltype oid, reloftype oid, relowner oid, relam oid, relfilenode oid,
  reltablespace oid, relpages int, reltuples real, relallvisible int, reltoastrelid oid, relhasindex boolean,
  relisshared boolean, relpersistence "char", relkind "char", relnatts smallint, relchecks smallint,
  relhasrules boolean, relhastriggers boolean, relhassubclass boolean, relrowsecurity boolean,
  relforcerowsecurity boolean, relispopulated boolean, relreplident "char", relispartition boolean, relrewrite oid,
  relfrozenxid int, relminmxid int, relacl text[], reloptions text[], relpartbound text`,
  (snapshot) => snapshot.relations.flatMap((r) => {
    const row = classRow(r.oid, r.name, namespaceOid(r), r.relkind, r.columns.length, r.primaryKey !== undefined);
    if (!r.primaryKey) return [row];
    // the primary key's unique index is a relation too (relkind 'i'), as pg_index and psql expect
    return [row, { ...classRow(r.primaryKey.oid, r.primaryKey.name, namespaceOid(r), 'i', r.primaryKey.columns.length, false), relam: ACCESS_METHOD_OID.hash }];
  }));

function classRow(oid: number, relname: string, relnamespace: number, relkind: string, relnatts: number, relhasindex: boolean): SystemRow {
  return {
    oid, relname, relnamespace, reltype: 0, reloftype: 0, relowner: OWNER_OID, relam: 0, relfilenode: 0, reltablespace: 0,
    relpages: 0, reltuples: -1, relallvisible: 0, reltoastrelid: 0, relhasindex, relisshared: false, relpersistence: 'p',
    relkind, relnatts, relchecks: 0, relhasrules: false, relhastriggers: false, relhassubclass: false, relrowsecurity: false,
    relforcerowsecurity: false, relispopulated: true, relreplident: 'd', relispartition: false, relrewrite: 0, relfrozenxid: 0,
    relminmxid: 0,
  };
}

const pgAttribute = systemRelation('pg_catalog', 'pg_attribute', 1249, 'r', `
  attrelid oid, attname name, atttypid oid, attstattarget int, attlen smallint, attnum smallint, attndims int,
  attcacheoff int, atttypmod int, attbyval boolean, attalign "char", attstorage "char", attcompression "char",
  attnotnull boolean, atthasdef boolean, atthasmissing boolean, attidentity "char", attgenerated "char",
  attisdropped boolean, attislocal boolean, attinhcount int, attcollation oid, attacl text[], attoptions text[],
  attfdwoptions text[], attmissingval text`,
  (snapshot) => snapshot.relations.flatMap((r) => r.columns.map((f, i): SystemRow => {
    const type = pgTypeOf(f.type);
    return {
      attrelid: r.oid, attname: f.name, atttypid: type.oid, attstattarget: -1, attlen: type.size, attnum: i + 1,
      attndims: type.element === 0 ? 0 : 1, attcacheoff: -1, atttypmod: -1, attbyval: type.size > 0 && type.size <= 8,
      attalign: 'i', attstorage: type.size > 0 ? 'p' : 'x', attcompression: '',
      attnotnull: !f.nullable || (r.primaryKey?.columns.includes(i) ?? false), atthasdef: false, atthasmissing: false,
      attidentity: '', attgenerated: '', attisdropped: false, attislocal: true, attinhcount: 0, attcollation: type.collation,
    };
  })));

const pgType = systemRelation('pg_catalog', 'pg_type', 1247, 'r', `
  oid oid, typname name, typnamespace oid, typowner oid, typlen smallint, typbyval boolean, typtype "char",
  typcategory "char", typispreferred boolean, typisdefined boolean, typdelim "char", typrelid oid, typsubscript oid,
  typelem oid, typarray oid, typinput regproc, typoutput regproc, typreceive regproc, typsend regproc,
  typmodin regproc, typmodout regproc, typanalyze regproc, typalign "char", typstorage "char", typnotnull boolean,
  typbasetype oid, typtypmod int, typndims int, typcollation oid, typdefaultbin text, typdefault text, typacl text[]`,
  () => [...PG_TYPES.values()].map((t) => ({
    oid: t.oid, typname: t.typname, typnamespace: NAMESPACE_OID.pg_catalog, typowner: OWNER_OID, typlen: t.size,
    typbyval: t.size > 0 && t.size <= 8, typtype: t.oid === 705 ? 'p' : 'b', typcategory: t.category, typispreferred: false,
    typisdefined: true, typdelim: ',', typrelid: 0, typsubscript: 0, typelem: t.element, typarray: t.array, typinput: 0,
    typoutput: 0, typreceive: 0, typsend: 0, typmodin: 0, typmodout: 0, typanalyze: 0, typalign: 'i',
    typstorage: t.size > 0 ? 'p' : 'x', typnotnull: false, typbasetype: 0, typtypmod: -1, typndims: 0, typcollation: t.collation,
  })));

// Sluice columns have no DEFAULT expressions: the relation exists for the queries that look
const pgAttrdef = systemRelation('pg_catalog', 'pg_attrdef', 2604, 'r', 'oid oid, adrelid oid, adnum smallint, adbin text', () => []);

const pgIndex = systemRelation('pg_catalog', 'pg_index', 2610, 'r', `
  indexrelid oid, indrelid oid, indnatts smallint, indnkeyatts smallint, indisunique boolean,
  indnullsnotdistinct boolean, indisprimary boolean, indisexclusion boolean, indimmediate boolean,
  indisclustered boolean, indisvalid boolean, indcheckxmin boolean, indisready boolean, indislive boolean,
  indisreplident boolean, indkey text, indcollation text, indclass text, indoption text, indexprs text, indpred text`,
  (snapshot) => withPrimaryKeys(snapshot).map(({ r, pk }) => ({
    indexrelid: pk.oid, indrelid: r.oid, indnatts: pk.columns.length, indnkeyatts: pk.columns.length, indisunique: true,
    indnullsnotdistinct: false, indisprimary: true, indisexclusion: false, indimmediate: true, indisclustered: false,
    indisvalid: true, indcheckxmin: false, indisready: true, indislive: true, indisreplident: false,
    // int2vector's text form: attribute numbers separated by spaces
    indkey: pk.columns.map((c) => c + 1).join(' '),
    indcollation: pk.columns.map(() => 0).join(' '), indclass: pk.columns.map(() => 0).join(' '), indoption: pk.columns.map(() => 0).join(' '),
  })));

const pgConstraint = systemRelation('pg_catalog', 'pg_constraint', 2606, 'r', `
  oid oid, conname name, connamespace oid, contype "char", condeferrable boolean, condeferred boolean,
  convalidated boolean, conrelid oid, contypid oid, conindid oid, conparentid oid, confrelid oid,
  confupdtype "char", confdeltype "char", confmatchtype "char", conislocal boolean, coninhcount int,
  connoinherit boolean, conkey smallint[], confkey smallint[], conbin text`,
  (snapshot) => withPrimaryKeys(snapshot).map(({ r, pk }) => ({
    oid: pk.constraintOid, conname: pk.name, connamespace: namespaceOid(r), contype: 'p', condeferrable: false,
    condeferred: false, convalidated: true, conrelid: r.oid, contypid: 0, conindid: pk.oid, conparentid: 0, confrelid: 0,
    confupdtype: ' ', confdeltype: ' ', confmatchtype: ' ', conislocal: true, coninhcount: 0, connoinherit: true,
    conkey: pk.columns.map((c) => c + 1),
  })));

const pgDescription = systemRelation('pg_catalog', 'pg_description', 2609, 'r', 'objoid oid, classoid oid, objsubid int, description text',
  (snapshot) => snapshot.relations.flatMap((r) => [
    ...(r.description ? [{ objoid: r.oid, classoid: PG_CLASS_OID, objsubid: 0, description: r.description }] : []),
    ...[...r.columnDescriptions].map(([c, description]) => ({ objoid: r.oid, classoid: PG_CLASS_OID, objsubid: c + 1, description })),
  ]));

function withPrimaryKeys(snapshot: CatalogSnapshot): { r: RelationInfo; pk: NonNullable<RelationInfo['primaryKey']> }[] {
  return snapshot.relations.flatMap((r) => (r.primaryKey ? [{ r, pk: r.primaryKey }] : []));
}

/** The relations of this file. */
export const PG_CATALOG_TABLES: readonly SystemRelation[] = [
  pgNamespace, pgClass, pgAttribute, pgType, pgAttrdef, pgIndex, pgConstraint, pgDescription,
];

