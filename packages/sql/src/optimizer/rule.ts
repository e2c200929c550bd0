/**
 * The shape of an optimizer rule. A rule is a pure function of the whole plan: it returns a
 * new plan with the same output schema, or `undefined` when it changed nothing (the driver's
 * fixed-point test). A rule's `name` is its file's stem in `rules/`.
 */
import type { LogicalPlan } from '../plan/logical-plan.js';

/** One named rewrite of logical plans. */
export interface OptimizerRule {
  readonly name: string;
  apply(plan: LogicalPlan): LogicalPlan | undefined;
}
