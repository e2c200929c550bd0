/**
 * hop-to-tumble: a HOP whose slide equals its size assigns each row to exactly one window,
 * which is a TUMBLE — cheaper, as no row is copied into several windows.
 */
import type { LogicalPlan } from '../../plan/logical-plan.js';
import { transformUp } from '../../plan/plan-utils.js';
import type { OptimizerRule } from '../rule.js';

/** The hop-to-tumble rule. */
export const hopToTumble: OptimizerRule = {
  name: 'hop-to-tumble',
  apply: (plan) =>
    transformUp(plan, (node): LogicalPlan | undefined => {
      if (node.kind !== 'WindowTvf' || node.window.kind !== 'hop' || node.window.slideUs !== node.window.sizeUs) return undefined;
      const { sizeUs, offsetUs } = node.window;
      return { ...node, window: { kind: 'tumble', sizeUs, offsetUs } };
    }),
};
