/**
 * The optimizer driver: runs the rules in order, over and over, until a whole pass changes
 * nothing or the pass limit is reached. After every rule it checks that the plan's output
 * schema (names and types) is unchanged, and it reports any failure with the rule's name —
 * a failing rule is a bug in Sluice, so these are InternalErrors.
 */
import { InternalError } from '../errors.js';
import type { LogicalPlan } from '../plan/logical-plan.js';
import { typeEquals, typeName } from '../types/data-type.js';
import type { Schema } from '../types/schema.js';
import type { OptimizerRule } from './rule.js';
import { foldConstants } from './rules/fold-constants.js';
import { hopToTumble } from './rules/hop-to-tumble.js';
import { mergeProjects } from './rules/merge-projects.js';
import { overWindowToTopN } from './rules/over-window-to-top-n.js';
import { pruneColumns } from './rules/prune-columns.js';
import { pushDownFilter } from './rules/push-down-filter.js';

/** The rules `optimize` runs by default, in order. */
export const DEFAULT_RULES: readonly OptimizerRule[] = [foldConstants, pushDownFilter, overWindowToTopN, mergeProjects, hopToTumble, pruneColumns];

/** Options of `optimize`. */
export interface OptimizeOptions {
  readonly rules?: readonly OptimizerRule[];
  /** upper bound on passes over all rules (default 10) */
  readonly maxPasses?: number;
}

/** The optimized plan: same output schema, cheaper to run. Throws InternalError naming a failing rule. */
export function optimize(plan: LogicalPlan, options: OptimizeOptions = {}): LogicalPlan {
  const rules = options.rules ?? DEFAULT_RULES;
  const maxPasses = options.maxPasses ?? 10;
  let current = plan;
  for (let pass = 0; pass < maxPasses; pass++) {
    let changed = false;
    for (const rule of rules) {
      const next = applyRule(rule, current);
      if (next && next !== current) {
        current = next;
        changed = true;
      }
    }
    if (!changed) break;
  }
  return current;
}

function applyRule(rule: OptimizerRule, plan: LogicalPlan): LogicalPlan | undefined {
  let next: LogicalPlan | undefined;
  try {
    next = rule.apply(plan);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    throw new InternalError(`optimizer rule '${rule.name}' failed: ${message}`, { cause: e });
  }
  if (next) {
    const difference = schemaDifference(plan.schema, next.schema);
    if (difference) throw new InternalError(`optimizer rule '${rule.name}' changed the output schema: ${difference}`);
  }
  return next;
}

/** A description of how two schemas differ in names or types, or `undefined` if they do not. */
export function schemaDifference(before: Schema, after: Schema): string | undefined {
  if (before.fields.length !== after.fields.length) return `${before.fields.length} columns became ${after.fields.length}`;
  for (let i = 0; i < before.fields.length; i++) {
    const [a, b] = [before.fields[i]!, after.fields[i]!];
    if (a.name !== b.name) return `column ${i + 1} '${a.name}' was renamed '${b.name}'`;
    if (!typeEquals(a.type, b.type)) return `column '${a.name}' changed type from ${typeName(a.type)} to ${typeName(b.type)}`;
  }
  return undefined;
}
