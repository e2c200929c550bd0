/**
 * @sluice/sql — SQL text to optimized logical plans. Knows nothing of Arrow buffers or I/O.
 */
export * from './errors.js';
export * from './types/data-type.js';
export * from './types/schema.js';
export { formatTime, parseTimeText, TIME_DAY_US, wrapTimeOfDay } from './types/time-text.js';
export { addIntervalUs } from './types/calendar.js';
export type * from './ast/index.js';
export * from './plan/bound-expr.js';
export type * from './plan/logical-plan.js';
export * from './catalog/catalog.js';
export type { UserFunctionKind, UserFunctionLookup, UserFunctionSignature } from './binder/user-functions.js';
export { parse, parseTypeName } from './parser/parse.js';
export { bindQuery, type BindQueryOptions, type BoundQuery } from './binder/bind-query.js';
export { bindInsert, type BoundInsert } from './binder/bind-insert.js';
export { bindDelete, bindUpdate, type BoundModify } from './binder/bind-modify.js';
export { renameColumns } from './binder/rename-columns.js';
export { bindWatermark, schemaFromColumns } from './binder/bind-ddl.js';
export { parseInterval, intervalMicros } from './binder/interval.js';
export type { OrderKey } from './binder/select-items.js';
export { optimize, type OptimizeOptions } from './optimizer/optimize.js';
export { explainPlan, type ExplainOptions } from './explain/explain-plan.js';
