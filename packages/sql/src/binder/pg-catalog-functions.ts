/**
 * PostgreSQL's catalog information functions, as built-ins: what psql, drivers and BI tools
 * call while reading `pg_catalog` and `information_schema` (the engine computes those
 * relations from its catalog). Object identifiers are INT (the `oid` type is an alias of INT).
 * Their meaning is in docs/functions-contract.md, "Catalog functions"; the engine implements
 * them in expr/functions/pg-catalog.ts.
 */
import { T } from '../types/data-type.js';
import type { FunctionOverload } from './function-registry.js';

const sig = (args: FunctionOverload['args'], result: FunctionOverload['result']): FunctionOverload => ({ args, result });
const OID = T.int;

/** Catalog functions by name. */
export const PG_CATALOG_FUNCTIONS: Readonly<Record<string, readonly FunctionOverload[]>> = {
  current_database: [sig([], T.varchar)],
  current_schema: [sig([], T.varchar)],
  pg_get_userbyid: [sig([OID], T.varchar)],
  pg_table_is_visible: [sig([OID], T.boolean)],
  format_type: [sig([OID, T.int], T.varchar)],
  pg_get_expr: [sig([T.varchar, OID], T.varchar), sig([T.varchar, OID, T.boolean], T.varchar)],
  pg_encoding_to_char: [sig([T.int], T.varchar)],
  obj_description: [sig([OID], T.varchar), sig([OID, T.varchar], T.varchar)],
  col_description: [sig([OID, T.int], T.varchar)],
  shobj_description: [sig([OID, T.varchar], T.varchar)],
  pg_get_indexdef: [sig([OID], T.varchar), sig([OID, T.int, T.boolean], T.varchar)],
  pg_get_constraintdef: [sig([OID], T.varchar), sig([OID, T.boolean], T.varchar)],
  pg_get_viewdef: [sig([OID], T.varchar), sig([OID, T.boolean], T.varchar)],
  pg_table_size: [sig([OID], T.bigint)],
  pg_relation_size: [sig([OID], T.bigint)],
  pg_total_relation_size: [sig([OID], T.bigint)],
  pg_size_pretty: [sig([T.bigint], T.varchar)],
  // `x::regclass` and `x::regnamespace` (the parser reads them as these calls): an OID stays, a name is looked up
  to_regclass: [sig([T.varchar], OID), sig([OID], OID)],
  to_regnamespace: [sig([T.varchar], OID), sig([OID], OID)],
};

