/**
 * The select list as the binder sees it: `*` expanded to columns, each item named, and
 * ORDER BY items matched to output columns (by ordinal, output name, or expression), adding
 * hidden output columns for ORDER BY expressions that are not in the select list.
 */
import type { Expr, OrderByItem } from '../ast/expr.js';
import type { SelectItem } from '../ast/query.js';
import { type SourcePosition, SqlError } from '../errors.js';
import type { BoundExpr } from '../plan/bound-expr.js';
import { exprEquals } from './bound-expr-utils.js';
import type { Scope } from './scope.js';

/** One output column of a SELECT: an AST expression, or a column position from `*`. */
export type SelectEntry =
  | { readonly kind: 'expr'; readonly expr: Expr; readonly name: string }
  /** a column of `*` (`pos`: where the star is) */
  | { readonly kind: 'column'; readonly index: number; readonly name: string; readonly pos?: SourcePosition };

/** A key of the final ordering: an output column position and its direction. */
export interface OrderKey {
  readonly column: number;
  readonly direction: 'ASC' | 'DESC';
  readonly nulls: 'FIRST' | 'LAST';
}

/** Expands `*` and `t.*` against `scope` and names every item (PostgreSQL's rules). */
export function expandSelectItems(items: readonly SelectItem[], scope: Scope): SelectEntry[] {
  return items.flatMap((item): SelectEntry[] => {
    if (item.expr.kind === 'Star') {
      return scope.expandStar(item.expr.table, item.expr.pos).map((index) => ({ kind: 'column', index, name: scope.columns[index]!.name, pos: item.expr.pos }));
    }
    return [{ kind: 'expr', expr: item.expr, name: item.alias ?? deriveName(item.expr) }];
  });
}

/** The column name PostgreSQL gives an unaliased select item. */
export function deriveName(expr: Expr): string {
  switch (expr.kind) {
    case 'ColumnRef':
      return expr.name;
    case 'FunctionCall':
      return expr.name.toLowerCase();
    case 'Cast':
      return deriveName(expr.operand);
    case 'Case':
      return 'case';
    default:
      return '?column?';
  }
}

/** An ordinal literal (`GROUP BY 1`, `ORDER BY 2`) as a 0-based position into `entries`. */
export function ordinalOf(expr: Expr, entries: readonly SelectEntry[], clause: string): number | undefined {
  if (expr.kind !== 'Literal' || expr.value.type !== 'number') return undefined;
  const n = Number(expr.value.text);
  if (!Number.isInteger(n) || n < 1 || n > entries.length) {
    throw new SqlError('invalid-ordinal', `${clause} position ${expr.value.text} is not in select list`, expr.pos);
  }
  return n - 1;
}

/** The entry an unqualified name refers to as an output name, if exactly one has it. */
export function entryByName(expr: Expr, entries: readonly SelectEntry[]): number | undefined {
  if (expr.kind !== 'ColumnRef' || expr.table !== undefined) return undefined;
  const lower = expr.name.toLowerCase();
  const found = entries.flatMap((e, i) => (e.name.toLowerCase() === lower ? [i] : []));
  if (found.length > 1) throw new SqlError('ambiguous-column', `ORDER BY '${expr.name}' is ambiguous`, expr.pos);
  return found[0];
}

/**
 * Matches ORDER BY items to output columns. `exprs` holds the bound output expressions; an
 * item that is none of them is bound with `bind` and appended (a hidden column).
 */
export function resolveOrderBy(
  items: readonly OrderByItem[],
  entries: readonly SelectEntry[],
  exprs: BoundExpr[],
  bind: (e: Expr) => BoundExpr,
): OrderKey[] {
  return items.map((item) => {
    let column = ordinalOf(item.expr, entries, 'ORDER BY') ?? entryByName(item.expr, entries);
    if (column === undefined) {
      const bound = bind(item.expr);
      column = exprs.findIndex((e) => exprEquals(e, bound));
      if (column < 0) column = exprs.push(bound) - 1;
    }
    return { column, direction: item.direction, nulls: item.nulls ?? (item.direction === 'DESC' ? 'FIRST' : 'LAST') };
  });
}

/** Whether `expr` calls an aggregate function outside any subquery. */
export function containsAggregate(expr: Expr, isAggregate: (name: string) => boolean): boolean {
  const rec = (e: Expr | undefined): boolean => (e ? containsAggregate(e, isAggregate) : false);
  switch (expr.kind) {
    case 'FunctionCall':
      return (isAggregate(expr.name.toLowerCase()) && !expr.over) || expr.args.some(rec) || rec(expr.filter);
    case 'Unary':
      return rec(expr.operand);
    case 'Binary':
      return rec(expr.left) || rec(expr.right);
    case 'IsNull':
    case 'IsBool':
    case 'Cast':
      return rec(expr.operand);
    case 'Between':
      return rec(expr.operand) || rec(expr.low) || rec(expr.high);
    case 'InList':
      return rec(expr.operand) || expr.list.some(rec);
    case 'InSubquery':
      return rec(expr.operand);
    case 'Case':
      return rec(expr.operand) || expr.whens.some((w) => rec(w.when) || rec(w.then)) || rec(expr.else);
    case 'Array':
      return expr.elements.some(rec);
    case 'Literal':
    case 'Interval':
    case 'ColumnRef':
    case 'Star':
    case 'Exists':
    case 'ScalarSubquery':
      return false;
    default:
      return expr satisfies never;
  }
}

/** Like `entryByName` but never throws: `undefined` when no single entry has the name. */
export function entryByNameOrUndefined(expr: Expr, entries: readonly SelectEntry[]): number | undefined {
  try {
    return entryByName(expr, entries);
  } catch {
    return undefined;
  }
}
