/**
 * Surface for sibling packages (the engine, tests, bench): the public API plus the planning
 * building blocks they need.
 */
export * from './index.js';
export { children, withChildren, transformUp, transformDown } from './plan/plan-utils.js';
export { evaluateConstant, NOT_CONSTANT } from './binder/const-eval.js';
export { castValue, valueToText } from './binder/value-cast.js';
export { lookupFunction, AGGREGATE_NAMES, isBuiltinFunction, type FunctionDef, type FunctionOverload } from './binder/function-registry.js';
export { formatExpr } from './explain/explain-plan.js';
export { DEFAULT_RULES } from './optimizer/optimize.js';
export type { OptimizerRule } from './optimizer/rule.js';
export { joinStateBounds, watermarkLagUs, type JoinStateBound, type JoinStateBounds } from './plan/join-bounds.js';
export { isJoinStateNotice } from './binder/join-notices.js';
export { isStateNotice } from './binder/state-notices.js';
