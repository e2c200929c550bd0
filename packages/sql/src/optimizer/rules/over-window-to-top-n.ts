/**
 * over-window-to-top-n: the top-N-per-group pattern
 *
 *   Filter(rn <= N [AND rn > M ...]) over OverWindow(rn = row_number() | rank() | dense_rank())
 *
 * becomes a TopN that keeps only the rows ranked in range, with the rank as its last column
 * (which prune-columns drops when nothing reads it). Recognized bounds on the rank column
 * against integer constants: `<`, `<=`, `=`, `>=`, `>` (either side), so `BETWEEN 1 AND N`
 * too. Other conjuncts stay in a Filter above. The OverWindow must compute just that one
 * ranking call, and some upper bound must be present (otherwise nothing is cut off).
 */
import { conjoin, splitConjunction } from '../../binder/bound-expr-utils.js';
import { makeFilter } from '../../binder/plan-nodes.js';
import { makeTopN } from '../../binder/window-plan-nodes.js';
import type { BoundExpr } from '../../plan/bound-expr.js';
import type { Filter, LogicalPlan, RankKind } from '../../plan/logical-plan.js';
import { transformUp } from '../../plan/plan-utils.js';
import type { OptimizerRule } from '../rule.js';

/** The over-window-to-top-n rule. */
export const overWindowToTopN: OptimizerRule = {
  name: 'over-window-to-top-n',
  apply: (plan) => transformUp(plan, (node) => (node.kind === 'Filter' ? rewrite(node) : undefined)),
};

const RANKS = new Set<string>(['row_number', 'rank', 'dense_rank']);

function rewrite(filter: Filter): LogicalPlan | undefined {
  const over = filter.input;
  if (over.kind !== 'OverWindow' || over.calls.length !== 1 || !RANKS.has(over.calls[0]!.kind)) return undefined;
  // emitting by order key (no window bound to close on) stays an OverWindow
  if (over.emitOnWindowClose && !over.windowClose) return undefined;
  const rankColumn = over.input.schema.fields.length;
  let low = 1;
  let high = Infinity;
  const rest: BoundExpr[] = [];
  for (const conjunct of splitConjunction(filter.predicate)) {
    const bound = rankBound(conjunct, rankColumn);
    if (!bound) {
      rest.push(conjunct);
      continue;
    }
    low = Math.max(low, bound.low);
    high = Math.min(high, bound.high);
  }
  if (high === Infinity) return undefined;
  const topN = makeTopN(over.input, {
    partitionKeys: over.partitionKeys,
    orderBy: over.orderBy,
    rank: over.calls[0]!.kind as RankKind,
    offset: low - 1,
    limit: Math.max(0, high - low + 1),
    emitOnWindowClose: over.emitOnWindowClose,
    ...(over.windowClose ? { windowClose: over.windowClose } : {}),
    rankName: over.schema.fields[rankColumn]!.name,
  });
  return rest.length > 0 ? makeFilter(topN, conjoin(rest)) : topN;
}

const FLIPPED: Record<string, string> = {
  less_than: 'greater_than', less_than_or_equal: 'greater_than_or_equal', equal: 'equal',
  greater_than: 'less_than', greater_than_or_equal: 'less_than_or_equal',
};

/** The ranks `conjunct` allows, `[low, high]`, when it compares the rank column with an integer constant. */
function rankBound(conjunct: BoundExpr, rankColumn: number): { low: number; high: number } | undefined {
  if (conjunct.kind !== 'Call' || conjunct.args.length !== 2 || !(conjunct.fn in FLIPPED)) return undefined;
  const [a, b] = conjunct.args as [BoundExpr, BoundExpr];
  const isRank = (e: BoundExpr): boolean => e.kind === 'InputRef' && e.index === rankColumn;
  let fn = conjunct.fn;
  let constant: BoundExpr;
  if (isRank(a)) constant = b;
  else if (isRank(b)) {
    constant = a;
    fn = FLIPPED[fn]!;
  } else return undefined;
  if (constant.kind !== 'Literal' || (typeof constant.value !== 'number' && typeof constant.value !== 'bigint')) return undefined;
  const n = Number(constant.value);
  if (!Number.isInteger(n)) return undefined;
  switch (fn) {
    case 'less_than': return { low: 1, high: n - 1 };
    case 'less_than_or_equal': return { low: 1, high: n };
    case 'equal': return { low: n, high: n };
    case 'greater_than': return { low: n + 1, high: Infinity };
    case 'greater_than_or_equal': return { low: n, high: Infinity };
    default: return undefined;
  }
}
