/**
 * Notices for joins whose state grows without bound: a side that is an unbounded append-only
 * stream keeps every row it ever received unless the join can evict them (an interval
 * condition on watermarked event times, or a window join), see plan/join-bounds.ts.
 *
 * The binder runs this on the bound plan, where a comma join's conditions still sit in the
 * WHERE filter above it; they are taken into account as the optimizer will merge them.
 */
import type { BoundExpr } from '../plan/bound-expr.js';
import { joinStateBounds } from '../plan/join-bounds.js';
import type { Join, LogicalPlan } from '../plan/logical-plan.js';
import { children } from '../plan/plan-utils.js';
import { collectInputRefs, conjoin, remapInputs, splitConjunction } from './bound-expr-utils.js';
import { joinCondition, makeJoin } from './join-node.js';

/** How every join-state notice starts. */
const JOIN_STATE_NOTICE = 'unbounded join state';

/**
 * Whether `notice` is one of `joinStateNotices`: a one-shot (snapshot) read holds its state
 * only while it runs, so the engine leaves these out there.
 */
export function isJoinStateNotice(notice: string): boolean {
  return notice.startsWith(JOIN_STATE_NOTICE);
}

/** One notice per join side whose state is unbounded, naming the remedy. */
export function joinStateNotices(plan: LogicalPlan): string[] {
  const notices: string[] = [];
  visit(plan, [], notices);
  return [...new Set(notices)];
}

function visit(node: LogicalPlan, pending: readonly BoundExpr[], notices: string[]): void {
  if (node.kind === 'Filter') {
    visit(node.input, [...pending, ...splitConjunction(node.predicate)], notices);
    return;
  }
  if (node.kind !== 'Join') {
    for (const c of children(node)) visit(c, [], notices);
    return;
  }
  const width = node.left.schema.fields.length;
  const inner = node.joinType === 'inner';
  const refs = (c: BoundExpr): number[] => [...collectInputRefs(c)];
  const both = inner ? pending.filter((c) => refs(c).some((i) => i < width) && refs(c).some((i) => i >= width)) : [];
  const analysed = both.length > 0 ? withConditions(node, both) : node;
  const bounds = joinStateBounds(analysed);
  for (const side of ['left', 'right'] as const) {
    const input = node[side];
    if (!input.props.appendOnly || input.props.bounded || bounds[side]) continue;
    notices.push(
      `${JOIN_STATE_NOTICE}: the join keeps every row of ${describe(input)}, so its state grows without bound; ` +
      'to let it forget old rows, give both sides a WATERMARK and bound one event time by the other ' +
      "(e.g. ON a.ts BETWEEN b.ts - INTERVAL '1' HOUR AND b.ts), or join TUMBLE/HOP windows of both sides on window_start and window_end",
    );
  }
  const leftOnly = inner ? pending.filter((c) => refs(c).length > 0 && refs(c).every((i) => i < width)) : [];
  const rightOnly = inner ? pending.filter((c) => refs(c).length > 0 && refs(c).every((i) => i >= width)) : [];
  visit(node.left, leftOnly, notices);
  visit(node.right, rightOnly.map((c) => remapInputs(c, (i) => i - width)), notices);
}

function withConditions(join: Join, extra: readonly BoundExpr[]): Join {
  const existing = joinCondition(join);
  return makeJoin(join.joinType, join.left, join.right, conjoin([...(existing ? [existing] : []), ...extra]));
}

/** `source 'bids'`, or the objects a subplan reads. */
function describe(plan: LogicalPlan): string {
  const names: string[] = [];
  const walk = (p: LogicalPlan): void => {
    if (p.kind === 'Scan') names.push(`'${p.object}'`);
    for (const c of children(p)) walk(c);
  };
  walk(plan);
  return names.length > 0 ? [...new Set(names)].join(', ') : 'one side';
}
