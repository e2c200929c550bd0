/**
 * Rewriting the expressions a plan node carries (predicates, projections, set-function
 * arguments, Values rows, a Scan's pushed filter), for rules that work on expressions only.
 */
import type { BoundExpr } from '../plan/bound-expr.js';
import type { LogicalPlan, ProjectSetItem } from '../plan/logical-plan.js';

/**
 * `node` with `fn` applied to each of its own expressions (not its inputs'). `fn` returns its
 * argument when it changes nothing; then `node` itself is returned.
 */
export function mapNodeExprs(node: LogicalPlan, fn: (e: BoundExpr) => BoundExpr): LogicalPlan {
  switch (node.kind) {
    case 'Scan': {
      if (!node.filter) return node;
      const filter = fn(node.filter);
      return filter === node.filter ? node : { ...node, filter };
    }
    case 'Values': {
      const rows = node.rows.map((r) => mapAll(r, fn));
      return rows.every((r, i) => r === node.rows[i]) ? node : { ...node, rows };
    }
    case 'Filter': {
      const predicate = fn(node.predicate);
      return predicate === node.predicate ? node : { ...node, predicate };
    }
    case 'Project': {
      const exprs = mapAll(node.exprs, fn);
      return exprs === node.exprs ? node : { ...node, exprs };
    }
    case 'ProjectSet': {
      const items = node.exprs.map((item): ProjectSetItem => {
        if (item.kind === 'scalar') {
          const expr = fn(item.expr);
          return expr === item.expr ? item : { kind: 'scalar', expr };
        }
        const args = mapAll(item.args, fn);
        return args === item.args ? item : { ...item, args };
      });
      return items.every((x, i) => x === node.exprs[i]) ? node : { ...node, exprs: items };
    }
    case 'Join': {
      const keys = node.keys.map((k) => {
        const [left, right] = [fn(k.left), fn(k.right)];
        return left === k.left && right === k.right ? k : { left, right };
      });
      const residual = node.residual ? fn(node.residual) : undefined;
      const asof = node.asof ? { ...node.asof, left: fn(node.asof.left), right: fn(node.asof.right) } : undefined;
      const sameAsOf = asof?.left === node.asof?.left && asof?.right === node.asof?.right;
      const same = residual === node.residual && sameAsOf && keys.every((k, i) => k === node.keys[i]);
      return same ? node : { ...node, keys, ...(residual ? { residual } : {}), ...(asof ? { asof } : {}) };
    }
    case 'WindowTvf':
    case 'Aggregate':
    case 'TopN':
    case 'OverWindow':
    case 'EowcSort':
    case 'Union':
    case 'SemiJoin':
    case 'SingleJoin':
      return node;
    default:
      return node satisfies never;
  }
}

function mapAll(exprs: readonly BoundExpr[], fn: (e: BoundExpr) => BoundExpr): readonly BoundExpr[] {
  const out = exprs.map(fn);
  return out.every((e, i) => e === exprs[i]) ? exprs : out;
}
