/**
 * Surface for sibling packages (server, tests, bench): the public API plus building blocks.
 */
export * from './index.js';
export { ColumnBuilder } from './arrow/column-builder.js';
export { readValue, isValid } from './arrow/column-reader.js';
export { toArrowType, toArrowSchema } from './arrow/types.js';
export { formatValue, toJsonValue } from './formats/value-text.js';
// Nexmark generator and operator trees, for the benchmark harness (bench/) and its tests
export { NexmarkGenerator } from './connectors/nexmark/nexmark-generator.js';
export { DEFAULT_CONFIG as NEXMARK_DEFAULT_CONFIG, EventKind as NexmarkEventKind, type NexmarkConfig } from './connectors/nexmark/nexmark-config.js';
export { NEXMARK_FIELDS } from './connectors/nexmark/nexmark-schema.js';
export { planPhysical, type PhysicalPlan } from './runtime/physical-planner.js';
export type { OperatorTree } from './runtime/operator-tree.js';
// user functions for plans built outside an engine (the benchmark's engine-alone run)
export { UserFunctionRegistry, withEngineFunctions } from './embedding/user-function-registry.js';
export { registerDefinition } from './embedding/register.js';
// connector lookup, for connector tests that drive readers and writers directly
export { getSourceConnector, getSinkConnector } from './connectors/registry.js';
// PostgreSQL's identity of each SQL type, shared by the system catalogs and the wire protocol
export { PG_TYPE_OID, pgTypeOf, type PgTypeInfo } from './system-catalog/pg-types.js';
