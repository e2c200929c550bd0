/**
 * The EXPLAIN line of a Join: `Join inner keys=[#0 = #5] residual=less_than(#1, #6)`. Every
 * column reference is a position in the join's output (left columns, then right columns), so
 * keys and residual read the same way.
 */
import { remapInputs } from '../binder/bound-expr-utils.js';
import type { Join } from '../plan/logical-plan.js';
import { formatExpr } from './explain-plan.js';

/** One line describing `node` (without its inputs). */
export function describeJoin(node: Join): string {
  const width = node.left.schema.fields.length;
  const keys = node.keys.map((k) => `${formatExpr(k.left)} = ${formatExpr(remapInputs(k.right, (i) => i + width))}`);
  const parts = [`Join ${node.joinType}`];
  if (keys.length > 0) parts.push(`keys=[${keys.join(', ')}]`);
  if (node.residual) parts.push(`residual=${formatExpr(node.residual)}`);
  if (node.asof) {
    const ops = { lt: '<', le: '<=', gt: '>', ge: '>=' } as const;
    parts.push(`asof=${formatExpr(node.asof.left)} ${ops[node.asof.op]} ${formatExpr(remapInputs(node.asof.right, (i) => i + width))}`);
  }
  if (keys.length === 0 && !node.residual) parts.push('cross');
  return parts.join(' ');
}
