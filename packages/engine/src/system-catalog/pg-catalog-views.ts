/**
 * The rest of `pg_catalog` clients read: the database, the role, access methods, collations,
 * inheritance (none: the relation exists for psql's `\d`), and the convenience views
 * `pg_tables`, `pg_views` and `pg_matviews`. One database (`sluice`) and one role (`sluice`)
 * exist; the user name a client logs in with is not a catalog object.
 */
import type { RelationInfo } from './catalog-snapshot.js';
import {
  ACCESS_METHOD_OID, COLLATION_OID, DATABASE_NAME, DATABASE_OID, NAMESPACE_OID, OWNER_NAME, OWNER_OID,
} from './object-ids.js';
import { systemRelation, type SystemRelation } from './system-relation.js';

const pgDatabase = systemRelation('pg_catalog', 'pg_database', 1262, 'r', `
  oid oid, datname name, datdba oid, encoding int, datlocprovider "char", datistemplate boolean,
  datallowconn boolean, datconnlimit int, datfrozenxid int, datminmxid int, dattablespace oid, datcollate text,
  datctype text, daticulocale text, datcollversion text, datacl text[]`,
  () => [{
    oid: DATABASE_OID, datname: DATABASE_NAME, datdba: OWNER_OID, encoding: 6, datlocprovider: 'c', datistemplate: false,
    datallowconn: true, datconnlimit: -1, datfrozenxid: 0, datminmxid: 1, dattablespace: 1663, datcollate: 'C', datctype: 'C',
  }]);

const pgRoles = systemRelation('pg_catalog', 'pg_roles', 12001, 'v', `
  rolname name, rolsuper boolean, rolinherit boolean, rolcreaterole boolean, rolcreatedb boolean,
  rolcanlogin boolean, rolreplication boolean, rolconnlimit int, rolpassword text, rolvaliduntil timestamptz,
  rolbypassrls boolean, rolconfig text[], oid oid`,
  () => [{
    rolname: OWNER_NAME, rolsuper: true, rolinherit: true, rolcreaterole: true, rolcreatedb: true, rolcanlogin: true,
    rolreplication: false, rolconnlimit: -1, rolpassword: '********', rolbypassrls: true, oid: OWNER_OID,
  }]);

const pgUser = systemRelation('pg_catalog', 'pg_user', 12002, 'v', `
  usename name, usesysid oid, usecreatedb boolean, usesuper boolean, userepl boolean, usebypassrls boolean,
  passwd text, valuntil timestamptz, useconfig text[]`,
  () => [{ usename: OWNER_NAME, usesysid: OWNER_OID, usecreatedb: true, usesuper: true, userepl: false, usebypassrls: true, passwd: '********' }]);

const pgAm = systemRelation('pg_catalog', 'pg_am', 2601, 'r', 'oid oid, amname name, amhandler regproc, amtype "char"',
  () => [
    { oid: ACCESS_METHOD_OID.heap, amname: 'heap', amhandler: 0, amtype: 't' },
    { oid: ACCESS_METHOD_OID.btree, amname: 'btree', amhandler: 0, amtype: 'i' },
    { oid: ACCESS_METHOD_OID.hash, amname: 'hash', amhandler: 0, amtype: 'i' },
  ]);

const pgCollation = systemRelation('pg_catalog', 'pg_collation', 3456, 'r', `
  oid oid, collname name, collnamespace oid, collowner oid, collprovider "char", collisdeterministic boolean,
  collencoding int, collcollate text, collctype text, colliculocale text, collversion text`,
  () => Object.entries(COLLATION_OID).map(([collname, oid]) => ({
    oid, collname, collnamespace: NAMESPACE_OID.pg_catalog, collowner: OWNER_OID, collprovider: oid === COLLATION_OID.default ? 'd' : 'c',
    collisdeterministic: true, collencoding: oid === COLLATION_OID.default ? -1 : 6,
    ...(oid === COLLATION_OID.default ? {} : { collcollate: collname, collctype: collname }),
  })));

const pgInherits = systemRelation('pg_catalog', 'pg_inherits', 2611, 'r',
  'inhrelid oid, inhparent oid, inhseqno int, inhdetachpending boolean', () => []);

const user = (relations: readonly RelationInfo[], relkind: string): RelationInfo[] =>
  relations.filter((r) => r.namespace === 'public' && r.relkind === relkind);

const pgTables = systemRelation('pg_catalog', 'pg_tables', 12010, 'v', `
  schemaname name, tablename name, tableowner name, tablespace name, hasindexes boolean, hasrules boolean,
  hastriggers boolean, rowsecurity boolean`,
  (snapshot) => user(snapshot.relations, 'r').map((r) => ({
    schemaname: r.namespace, tablename: r.name, tableowner: OWNER_NAME, hasindexes: r.primaryKey !== undefined,
    hasrules: false, hastriggers: false, rowsecurity: false,
  })));

const pgViews = systemRelation('pg_catalog', 'pg_views', 12011, 'v', 'schemaname name, viewname name, viewowner name, definition text',
  (snapshot) => user(snapshot.relations, 'v').map((r) => ({ schemaname: r.namespace, viewname: r.name, viewowner: OWNER_NAME, definition: r.definition })));

const pgMatviews = systemRelation('pg_catalog', 'pg_matviews', 12012, 'v', `
  schemaname name, matviewname name, matviewowner name, tablespace name, hasindexes boolean, ispopulated boolean,
  definition text`,
  (snapshot) => user(snapshot.relations, 'm').map((r) => ({
    schemaname: r.namespace, matviewname: r.name, matviewowner: OWNER_NAME, hasindexes: false, ispopulated: true, definition: r.definition,
  })));

/** The relations of this file. */
export const PG_CATALOG_VIEWS: readonly SystemRelation[] = [
  pgDatabase, pgRoles, pgUser, pgAm, pgCollation, pgInherits, pgTables, pgViews, pgMatviews,
];
