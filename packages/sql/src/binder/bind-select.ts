/**
 * Binds one SELECT block: FROM, WHERE, then either a grouped lowering (bind-aggregate.ts) or
 * a projection, with set-returning functions in the select list becoming a ProjectSet under
 * the projection. A SELECT without FROM (and without WHERE or set functions) is a one-row
 * Values node.
 */
import type { OrderByItem } from '../ast/expr.js';
import type { Select } from '../ast/query.js';
import { type BoundExpr, inputRef } from '../plan/bound-expr.js';
import type { LogicalPlan } from '../plan/logical-plan.js';
import { type DataType, T } from '../types/data-type.js';
import { field, schemaOf } from '../types/schema.js';
import { bindGroupedSelect } from './bind-aggregate.js';
import type { BindEnv, Relation } from './bind-env.js';
import { bindExpr, type ExprContext, type SetFunctionSink } from './bind-expr.js';
import { bindDistinctSelect } from './bind-distinct.js';
import { bindFrom } from './bind-from.js';
import { planSubqueries } from './bind-subquery-exprs.js';
import { AGGREGATE_NAMES } from './function-registry.js';
import { makeFilter, makeProject, makeValues } from './plan-nodes.js';
import { stackProjectSets } from './stack-project-sets.js';
import { coerceTo } from './resolve-call.js';
import { emitOverWindowOnClose, WindowCollector } from './bind-over-window.js';
import { sortOnWindowClose } from './bind-eowc-sort.js';
import { Scope, type ScopeColumn } from './scope.js';
import { containsAggregate, expandSelectItems, type OrderKey, resolveOrderBy, type SelectEntry } from './select-items.js';
import { unsupported } from './unsupported.js';

/** How the enclosing query wants this SELECT bound. */
export interface SelectOptions {
  /** EMIT ON WINDOW CLOSE was asked for this SELECT's aggregation */
  readonly emitOnWindowClose: boolean;
  /** the enclosing query's ORDER BY, which may use this SELECT's names and expressions */
  readonly orderBy: readonly OrderByItem[];
}

/** A bound SELECT: columns past `visibleColumns` exist only for ORDER BY. */
export interface BoundSelect extends Relation {
  readonly orderBy: OrderKey[];
  readonly visibleColumns: number;
}

/** Binds `select`. Throws SqlError for unsupported clauses (DISTINCT) and binding errors. */
export function bindSelect(select: Select, env: BindEnv, options: SelectOptions): BoundSelect {
  if (select.distinct) return bindDistinctSelect(select, env, options, bindSelect);
  const bare = bindFrom(select.from, env);
  // subqueries in WHERE and the select list become joins; `from` then has hidden columns
  const { from, where, projection } = planSubqueries(select, bare, env);
  let input: LogicalPlan = from.plan;
  if (where) {
    const predicate = bindExpr(where, { scope: from.scope, clause: 'WHERE' });
    input = makeFilter(input, coerceTo(predicate, T.boolean, where.pos));
  }
  const entries = expandSelectItems(projection, bare.scope);
  const isAggregate = (name: string): boolean => AGGREGATE_NAMES.has(name);
  const grouped = select.groupBy.length > 0 || select.having !== undefined ||
    entries.some((e) => e.kind === 'expr' && containsAggregate(e.expr, isAggregate)) ||
    options.orderBy.some((o) => containsAggregate(o.expr, isAggregate));
  if (grouped) {
    const { plan, orderBy } = bindGroupedSelect({
      input, scope: from.scope, entries, groupBy: select.groupBy, orderBy: options.orderBy,
      emitOnWindowClose: options.emitOnWindowClose, ...(select.having ? { having: select.having } : {}), ...(select.pos ? { pos: select.pos } : {}),
    });
    return { plan, scope: groupedOutputScope(plan, from.scope, entries), orderBy, visibleColumns: entries.length };
  }
  const bound = bindProjection(select, input, from.scope, entries, options.orderBy);
  if (!options.emitOnWindowClose) return bound;
  // a window function (or top-N) partitioned by a window bound can emit once its window
  // closes; other rows are held until the watermark passes them
  const closing = emitOverWindowOnClose(bound.plan) ?? sortOnWindowClose(bound.plan, select.pos);
  return { ...bound, plan: closing };
}

function bindProjection(select: Select, from: LogicalPlan, scope: Scope, entries: readonly SelectEntry[], orderItems: readonly OrderByItem[]): BoundSelect {
  let input = from;
  const width = scope.columns.length;
  const sets: { fn: string; args: readonly BoundExpr[]; type: DataType }[] = [];
  const sink: SetFunctionSink = {
    add(fn, args, type) {
      // the ProjectSet below passes the input columns through first, then one column per set
      sets.push({ fn, args, type });
      return inputRef(width + sets.length - 1, type);
    },
  };
  const windows = new WindowCollector();
  const ctx: ExprContext = { scope, clause: 'SELECT', sets: sink, windows };
  let exprs = entries.map((e) => (e.kind === 'column' ? inputRef(e.index, scope.columns[e.index]!.type) : bindExpr(e.expr, ctx)));
  const orderBy = resolveOrderBy(orderItems, entries, exprs, (e) => bindExpr(e, { ...ctx, clause: 'ORDER BY' }));
  if (windows.calls.length > 0) {
    if (sets.length > 0) throw unsupported('set-returning functions together with window functions', select.pos);
    const lowered = windows.lower(input, scope);
    input = lowered.plan;
    exprs = exprs.map(lowered.rewrite);
  }
  const names = [...entries.map((e) => e.name), ...exprs.slice(entries.length).map((_, i) => `_order_${i}`)];
  let plan: LogicalPlan;
  if (select.from.length === 0 && !select.where && sets.length === 0 && windows.calls.length === 0 && width === 0) {
    plan = makeValues([exprs], schemaOf(exprs.map((e, i) => field(names[i]!, e.type, e.kind !== 'Literal' || e.value === null))));
  } else {
    let base = input;
    if (sets.length > 0) {
      const stacked = stackProjectSets(input, sets);
      base = stacked.plan;
      exprs = exprs.map(stacked.remap);
    }
    plan = makeProject(base, exprs, names);
  }
  return { plan, scope: outputScope(plan, scope, exprs), orderBy, visibleColumns: entries.length };
}

/**
 * The output scope of a grouped SELECT: a select item that is a plain column (a group key,
 * since anything else would be aggregated) keeps its window bound, so a query over the
 * aggregate (a top-N per window) can still close windows.
 */
function groupedOutputScope(plan: LogicalPlan, input: Scope, entries: readonly SelectEntry[]): Scope {
  const boundOf = (e: SelectEntry | undefined): ScopeColumn['windowBound'] => {
    if (e?.kind === 'column') return input.columns[e.index]?.windowBound;
    if (e?.kind !== 'expr' || e.expr.kind !== 'ColumnRef') return undefined;
    try {
      return input.columns[input.resolve(e.expr)]?.windowBound;
    } catch {
      return undefined;
    }
  };
  return new Scope(plan.schema.fields.map((f, i): ScopeColumn => {
    const bound = boundOf(entries[i]);
    return { name: f.name, type: f.type, ...(bound ? { windowBound: bound } : {}) };
  }));
}

/**
 * The names a SELECT's output goes by in an enclosing query. Window bounds stay window
 * bounds when passed through unchanged, so an outer query can still close windows.
 */
function outputScope(plan: LogicalPlan, input: Scope, exprs: readonly BoundExpr[] | undefined): Scope {
  return new Scope(plan.schema.fields.map((f, i): ScopeColumn => {
    const e = exprs?.[i];
    const bound = e?.kind === 'InputRef' ? input.columns[e.index]?.windowBound : undefined;
    return { name: f.name, type: f.type, ...(bound ? { windowBound: bound } : {}) };
  }));
}
