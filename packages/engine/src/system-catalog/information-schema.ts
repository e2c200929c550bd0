/**
 * `information_schema`: the SQL standard's catalog views, which JDBC-style and node-postgres
 * based tools read to list tables and columns. PostgreSQL's columns, in its order. As in
 * RisingWave, `tables.table_type` also says MATERIALIZED VIEW (PostgreSQL leaves materialized
 * views out), SOURCE for a source (reading one is a continuous query, so tools that list only
 * BASE TABLE and VIEW do not offer it for browsing) and SYSTEM TABLE for the catalog's own.
 */
import type { Field } from '@sluice/sql';
import type { RelationInfo } from './catalog-snapshot.js';
import { DATABASE_NAME, OWNER_NAME } from './object-ids.js';
import { pgTypeOf, type PgTypeInfo } from './pg-types.js';
import { systemRelation, type SystemRelation, type SystemRow } from './system-relation.js';

const yesNo = (b: boolean): string => (b ? 'YES' : 'NO');

const TABLE_TYPE: Record<RelationInfo['kind'], string> = {
  table: 'BASE TABLE', view: 'VIEW', 'materialized-view': 'MATERIALIZED VIEW', source: 'SOURCE', sink: 'SINK', 'system-table': 'SYSTEM TABLE',
};

const schemata = systemRelation('information_schema', 'schemata', 13100, 'v', `
  catalog_name name, schema_name name, schema_owner name, default_character_set_catalog name,
  default_character_set_schema name, default_character_set_name name, sql_path text`,
  () => ['pg_catalog', 'public', 'information_schema'].map((schema_name) => ({ catalog_name: DATABASE_NAME, schema_name, schema_owner: OWNER_NAME })));

const tables = systemRelation('information_schema', 'tables', 13110, 'v', `
  table_catalog name, table_schema name, table_name name, table_type varchar, self_referencing_column_name name,
  reference_generation varchar, user_defined_type_catalog name, user_defined_type_schema name,
  user_defined_type_name name, is_insertable_into varchar, is_typed varchar, commit_action varchar`,
  (snapshot) => snapshot.relations.map((r) => ({
    table_catalog: DATABASE_NAME, table_schema: r.namespace, table_name: r.name, table_type: TABLE_TYPE[r.kind],
    is_insertable_into: yesNo(r.insertable), is_typed: 'NO',
  })));

const columns = systemRelation('information_schema', 'columns', 13120, 'v', `
  table_catalog name, table_schema name, table_name name, column_name name, ordinal_position int,
  column_default varchar, is_nullable varchar, data_type varchar, character_maximum_length int,
  character_octet_length int, numeric_precision int, numeric_precision_radix int, numeric_scale int,
  datetime_precision int, interval_type varchar, interval_precision int, character_set_catalog name,
  character_set_schema name, character_set_name name, collation_catalog name, collation_schema name,
  collation_name name, domain_catalog name, domain_schema name, domain_name name, udt_catalog name,
  udt_schema name, udt_name name, scope_catalog name, scope_schema name, scope_name name,
  maximum_cardinality int, dtd_identifier name, is_self_referencing varchar, is_identity varchar,
  identity_generation varchar, identity_start varchar, identity_increment varchar, identity_maximum varchar,
  identity_minimum varchar, identity_cycle varchar, is_generated varchar, generation_expression varchar,
  is_updatable varchar`,
  (snapshot) => snapshot.relations.flatMap((r) => r.columns.map((f, i) => columnRow(r, f, i))));

function columnRow(r: RelationInfo, f: Field, i: number): SystemRow {
  const type = pgTypeOf(f.type);
  const notNull = !f.nullable || (r.primaryKey?.columns.includes(i) ?? false);
  return {
    table_catalog: DATABASE_NAME, table_schema: r.namespace, table_name: r.name, column_name: f.name, ordinal_position: i + 1,
    is_nullable: yesNo(!notNull), data_type: type.sqlName, ...typeDetails(type),
    udt_catalog: DATABASE_NAME, udt_schema: 'pg_catalog', udt_name: type.typname, dtd_identifier: String(i + 1),
    is_self_referencing: 'NO', is_identity: 'NO', identity_cycle: 'NO', is_generated: 'NEVER', is_updatable: yesNo(r.insertable),
  };
}

/** The length, precision and scale columns of a type, as PostgreSQL fills them. */
function typeDetails(type: PgTypeInfo): SystemRow {
  switch (type.typname) {
    case 'int2': return { numeric_precision: 16, numeric_precision_radix: 2, numeric_scale: 0 };
    case 'int4': return { numeric_precision: 32, numeric_precision_radix: 2, numeric_scale: 0 };
    case 'int8': return { numeric_precision: 64, numeric_precision_radix: 2, numeric_scale: 0 };
    case 'float4': return { numeric_precision: 24, numeric_precision_radix: 2 };
    case 'float8': return { numeric_precision: 53, numeric_precision_radix: 2 };
    case 'numeric': return { numeric_precision_radix: 10 };
    case 'varchar': case 'text': return { character_octet_length: 1073741824 };
    case 'timestamp': case 'timestamptz': case 'interval': return { datetime_precision: 6 };
    case 'date': return { datetime_precision: 0 };
    default: return {};
  }
}

const views = systemRelation('information_schema', 'views', 13130, 'v', `
  table_catalog name, table_schema name, table_name name, view_definition varchar, check_option varchar,
  is_updatable varchar, is_insertable_into varchar, is_trigger_updatable varchar, is_trigger_deletable varchar,
  is_trigger_insertable_into varchar`,
  (snapshot) => snapshot.userRelations().filter((r) => r.relkind === 'v').map((r) => ({
    table_catalog: DATABASE_NAME, table_schema: r.namespace, table_name: r.name, view_definition: r.definition,
    check_option: 'NONE', is_updatable: 'NO', is_insertable_into: 'NO', is_trigger_updatable: 'NO',
    is_trigger_deletable: 'NO', is_trigger_insertable_into: 'NO',
  })));

const tableConstraints = systemRelation('information_schema', 'table_constraints', 13140, 'v', `
  constraint_catalog name, constraint_schema name, constraint_name name, table_catalog name, table_schema name,
  table_name name, constraint_type varchar, is_deferrable varchar, initially_deferred varchar, enforced varchar,
  nulls_distinct varchar`,
  (snapshot) => snapshot.userRelations().flatMap((r) => (r.primaryKey ? [{
    constraint_catalog: DATABASE_NAME, constraint_schema: r.namespace, constraint_name: r.primaryKey.name,
    table_catalog: DATABASE_NAME, table_schema: r.namespace, table_name: r.name, constraint_type: 'PRIMARY KEY',
    is_deferrable: 'NO', initially_deferred: 'NO', enforced: 'YES',
  }] : [])));

const keyColumnUsage = systemRelation('information_schema', 'key_column_usage', 13150, 'v', `
  constraint_catalog name, constraint_schema name, constraint_name name, table_catalog name, table_schema name,
  table_name name, column_name name, ordinal_position int, position_in_unique_constraint int`,
  (snapshot) => snapshot.userRelations().flatMap((r) => (r.primaryKey?.columns ?? []).map((c, k) => ({
    constraint_catalog: DATABASE_NAME, constraint_schema: r.namespace, constraint_name: r.primaryKey!.name,
    table_catalog: DATABASE_NAME, table_schema: r.namespace, table_name: r.name, column_name: r.columns[c]!.name,
    ordinal_position: k + 1,
  }))));

/** The relations of this file. */
export const INFORMATION_SCHEMA: readonly SystemRelation[] = [schemata, tables, columns, views, tableConstraints, keyColumnUsage];
