/**
 * Notices for stateful operators whose state grows without bound: a GROUP BY, DISTINCT (and
 * UNION / EXCEPT / INTERSECT, which group), top-N or OVER window over an unbounded stream
 * keeps a group, partition or row for every distinct key it ever sees, unless it is keyed by
 * a window bound over a watermarked column (`windowClose`), which lets it evict closed
 * windows. The counterpart of join-notices.ts for joins; like those, the engine leaves them
 * out of one-shot (snapshot) reads, which hold their state only while they run.
 */
import type { AggregateCall } from '../plan/bound-expr.js';
import type { Aggregate, LogicalPlan, TopN } from '../plan/logical-plan.js';
import { children } from '../plan/plan-utils.js';
import { optimize } from '../optimizer/optimize.js';

/** How every state notice starts. */
const STATE_NOTICE = 'unbounded state';

const REMEDY = 'to let it forget old state, group or partition by window_start or window_end of a TUMBLE, HOP or SESSION window ' +
  'over a column with a WATERMARK, and add EMIT ON WINDOW CLOSE to emit each window once when it closes ' +
  "(e.g. GROUP BY window_start, window_end, k over TUMBLE(t, ts, INTERVAL '1' MINUTE)); SET state_memory_limit stops the query before it exhausts memory";

/** Whether `notice` is one of `stateNotices` (left out of snapshot reads, as join-state notices are). */
export function isStateNotice(notice: string): boolean {
  return notice.startsWith(STATE_NOTICE);
}

/**
 * One notice per stateful node whose state grows without bound, naming the remedy. The plan
 * is looked at as the optimizer leaves it, where `row_number() ... <= N` is a TopN, which
 * keeps only N rows per partition.
 */
export function stateNotices(bound: LogicalPlan): string[] {
  const plan = optimize(bound);
  const notices: string[] = [];
  const visit = (node: LogicalPlan): void => {
    const what = unboundedState(node);
    if (what) notices.push(`${STATE_NOTICE}: ${what} ${describeInputs(node)} ${KEEPS[what]}, so its state grows without bound; ${REMEDY}`);
    children(node).forEach(visit);
  };
  visit(plan);
  return [...new Set(notices)];
}

type StatefulKind = 'GROUP BY' | 'DISTINCT' | 'the aggregate' | 'top-N' | 'the window function (OVER)';

const KEEPS: Record<StatefulKind, string> = {
  'GROUP BY': 'keeps a group for every distinct key it ever sees',
  DISTINCT: 'keeps every distinct row it ever sees',
  'the aggregate': 'keeps every value it ever sees (DISTINCT, string_agg, array_agg, or min/max over retractions)',
  'top-N': 'keeps the top rows of every partition it ever sees (every row, when its input retracts)',
  'the window function (OVER)': 'keeps every row of every partition it ever sees',
};

/** What kind of unbounded state `node` keeps, if any. */
function unboundedState(node: LogicalPlan): StatefulKind | undefined {
  switch (node.kind) {
    case 'Aggregate':
      return node.windowClose || !readsUnboundedStream(node.input) ? undefined : aggregateState(node);
    case 'TopN':
      return node.windowClose || !readsUnboundedStream(node.input) || !topNGrows(node) ? undefined : 'top-N';
    case 'OverWindow':
      return node.windowClose || !readsUnboundedStream(node.input) ? undefined : 'the window function (OVER)';
    default:
      return undefined;
  }
}

function aggregateState(node: Aggregate): StatefulKind | undefined {
  if (node.groupKeys.length > 0) return node.aggregates.length === 0 ? 'DISTINCT' : 'GROUP BY';
  // one global group: constant state, unless an aggregate holds values
  const holdsValues = (a: AggregateCall): boolean => a.distinct || a.kind === 'string_agg' || a.kind === 'array_agg' ||
    a.kind === 'first_value' || a.kind === 'last_value' ||
    (!node.input.props.appendOnly && (a.kind === 'min' || a.kind === 'max'));
  return node.aggregates.some(holdsValues) ? 'the aggregate' : undefined;
}

/** A top-N keeps only its top rows of an append-only input; with no partitions that is a constant. */
function topNGrows(node: TopN): boolean {
  return node.partitionKeys.length > 0 || !node.input.props.appendOnly || node.limit === undefined;
}

/** Whether `plan` reads a stream that never ends and only grows (a source, an APPEND ONLY table, an append-only view). */
function readsUnboundedStream(plan: LogicalPlan): boolean {
  if (plan.kind === 'Scan') return plan.props.appendOnly && !plan.props.bounded;
  return children(plan).some(readsUnboundedStream);
}

/** `over source 'bids'`: the unbounded objects a node reads. */
function describeInputs(node: LogicalPlan): string {
  const names: string[] = [];
  const walk = (p: LogicalPlan): void => {
    if (p.kind === 'Scan' && p.props.appendOnly && !p.props.bounded) names.push(`${p.objectKind.replace('-', ' ')} '${p.object}'`);
    children(p).forEach(walk);
  };
  children(node).forEach(walk);
  return `over ${[...new Set(names)].join(', ')}`;
}
