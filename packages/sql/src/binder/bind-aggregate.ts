/**
 * Lowers a grouped SELECT:
 *
 *   Project(group keys, aggregate arguments, aggregate filters)
 *   -> Aggregate -> Filter(HAVING) -> Project(select list [+ hidden ORDER BY columns])
 *
 * and decides how the aggregate emits: on window close when asked, which needs a group key
 * that is a window bound carrying a watermark.
 */
import type { Expr, OrderByItem } from '../ast/expr.js';
import { type SourcePosition, SqlError } from '../errors.js';
import { type AggregateCall, type BoundExpr, inputRef } from '../plan/bound-expr.js';
import type { Aggregate, LogicalPlan } from '../plan/logical-plan.js';
import { T } from '../types/data-type.js';
import { AggregateCollector } from './aggregate-collector.js';
import { bindExpr, type ExprContext } from './bind-expr.js';
import { exprEquals, mapExprTopDown } from './bound-expr-utils.js';
import { originOf, recordOrigin } from './expr-origin.js';
import { makeAggregate, makeFilter, makeProject } from './plan-nodes.js';
import { inferSessionPartition } from './session-partition.js';
import { coerceTo } from './resolve-call.js';
import type { Scope } from './scope.js';
import { entryByNameOrUndefined, type OrderKey, ordinalOf, resolveOrderBy, type SelectEntry } from './select-items.js';

/** What a grouped SELECT consists of, after FROM and WHERE. */
export interface GroupedSelect {
  readonly input: LogicalPlan;
  readonly scope: Scope;
  readonly entries: readonly SelectEntry[];
  readonly groupBy: readonly Expr[];
  readonly having?: Expr;
  readonly orderBy: readonly OrderByItem[];
  readonly emitOnWindowClose: boolean;
  readonly pos?: SourcePosition;
}

/** The plan of a grouped SELECT, its ORDER BY keys and how many output columns are visible. */
export function bindGroupedSelect(q: GroupedSelect): { plan: LogicalPlan; orderBy: OrderKey[] } {
  const keys = bindGroupKeys(q);
  const collector = new AggregateCollector();
  const ctx: ExprContext = { scope: q.scope, clause: 'SELECT', aggregates: collector };
  const outputs = q.entries.map((e) => (e.kind === 'column' ? columnRef(q.scope, e.index, e.pos) : bindExpr(e.expr, ctx)));
  const having = q.having ? coerceTo(bindExpr(q.having, { ...ctx, clause: 'HAVING' }), T.boolean, q.having.pos) : undefined;
  const orderBy = resolveOrderBy(q.orderBy, q.entries, outputs, (e) => bindExpr(e, { ...ctx, clause: 'ORDER BY' }));

  // pre-aggregation projection: keys first, then each distinct argument and filter expression
  const columns: BoundExpr[] = keys.map((k) => k.expr);
  const names: string[] = keys.map((k) => k.name);
  const columnOf = (e: BoundExpr, name: string): number => {
    const found = columns.findIndex((c) => exprEquals(c, e));
    if (found >= 0) return found;
    names.push(name);
    return columns.push(e) - 1;
  };
  const aggregates: AggregateCall[] = collector.calls.map((c) => ({
    kind: c.kind,
    ...(c.fn ? { fn: c.fn } : {}),
    args: c.args.map((a) => columnOf(a, `${c.fn ?? c.kind}_arg`)),
    distinct: c.distinct,
    ...(c.filter ? { filter: columnOf(c.filter, `${c.fn ?? c.kind}_filter`) } : {}),
    ...(c.orderBy ? { orderBy: c.orderBy.map((o) => ({ column: columnOf(o.expr, `${c.kind}_order`), descending: o.descending, nullsFirst: o.nullsFirst })) } : {}),
    type: c.type,
  }));
  const project = makeProject(inferSessionPartition(q.input, keys.map((k) => k.expr)), columns, names);
  const windowClose = chooseWindowClose(keys, q.scope);
  if (q.emitOnWindowClose && !windowClose) {
    throw new SqlError('emit-on-window-close-without-window',
      'EMIT ON WINDOW CLOSE needs a GROUP BY key that is window_start or window_end of a window over a column with a watermark', q.pos,
      'group by window_start or window_end of TUMBLE/HOP over a source with WATERMARK FOR its time column');
  }
  const aggregate = makeAggregate(project, {
    groupKeys: keys.map((_, i) => i),
    aggregates,
    aggregateNames: collector.calls.map((c) => c.fn ?? c.kind),
    emitOnWindowClose: q.emitOnWindowClose,
    ...(windowClose ? { windowClose } : {}),
  });

  const post = (e: BoundExpr): BoundExpr => toPostAggregate(e, keys.map((k) => k.expr), collector);
  const filtered = having ? makeFilter(aggregate, post(having)) : aggregate;
  const finalNames = [...q.entries.map((e) => e.name), ...outputs.slice(q.entries.length).map((_, i) => `_order_${i}`)];
  return { plan: makeProject(filtered, outputs.map(post), finalNames), orderBy };
}

interface GroupKey {
  readonly expr: BoundExpr;
  readonly name: string;
}

/** GROUP BY items: expressions, output aliases (when not an input column) and ordinals. */
function bindGroupKeys(q: GroupedSelect): GroupKey[] {
  const keys: GroupKey[] = [];
  const ctx: ExprContext = { scope: q.scope, clause: 'GROUP BY' };
  for (const item of q.groupBy) {
    const ordinal = ordinalOf(item, q.entries, 'GROUP BY');
    const entryIndex = ordinal ?? (resolvesInScope(item, q.scope) ? undefined : entryByNameOrUndefined(item, q.entries));
    const entry = entryIndex === undefined ? undefined : q.entries[entryIndex]!;
    const expr = entry ? (entry.kind === 'column' ? columnRef(q.scope, entry.index) : bindExpr(entry.expr, ctx)) : bindExpr(item, ctx);
    if (keys.some((k) => exprEquals(k.expr, expr))) continue;
    const name = expr.kind === 'InputRef' ? q.scope.columns[expr.index]!.name : entry?.name ?? `key_${keys.length}`;
    keys.push({ expr, name });
  }
  return keys;
}

function resolvesInScope(item: Expr, scope: Scope): boolean {
  if (item.kind !== 'ColumnRef') return true;
  try {
    scope.resolve(item);
    return true;
  } catch {
    return false;
  }
}

function columnRef(scope: Scope, index: number, pos?: SourcePosition): BoundExpr {
  const column = scope.columns[index]!;
  return recordOrigin(inputRef(index, column.type), { kind: 'ColumnRef', name: column.name, table: column.table, ...(pos ? { pos } : {}) });
}

/** The group key that closes windows: window_end if grouped by, else window_start plus the size. */
function chooseWindowClose(keys: readonly GroupKey[], scope: Scope): Aggregate['windowClose'] {
  let best: Aggregate['windowClose'];
  keys.forEach((k, keyIndex) => {
    const bound = k.expr.kind === 'InputRef' ? scope.columns[k.expr.index]!.windowBound : undefined;
    if (!bound) return;
    const endOffsetUs = bound.kind === 'end' ? 0 : bound.sizeUs;
    if (!best || (endOffsetUs === 0 && best.endOffsetUs !== 0)) best = { keyIndex, endOffsetUs };
  });
  return best;
}

/**
 * Rewrites an expression bound over the aggregate's input into one over its output: group
 * key expressions and aggregate placeholders become column references; any other column
 * reference is `column-not-grouped`.
 */
function toPostAggregate(expr: BoundExpr, keys: readonly BoundExpr[], collector: AggregateCollector): BoundExpr {
  return mapExprTopDown(expr, (e) => {
    const agg = collector.indexOf(e);
    if (agg !== undefined) return inputRef(keys.length + agg, e.type);
    const key = keys.findIndex((k) => exprEquals(k, e));
    if (key >= 0) return inputRef(key, e.type);
    if (e.kind === 'InputRef') {
      const ref = originOf(e);
      const name = ref ? (ref.table ? `${ref.table}.${ref.name}` : ref.name) : `#${e.index}`;
      throw new SqlError('column-not-grouped', `column ${name} must appear in the GROUP BY clause or be used in an aggregate function`, ref?.pos);
    }
    return undefined;
  });
}
