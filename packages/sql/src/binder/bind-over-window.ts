/**
 * Window functions in a SELECT list (`f(...) OVER (PARTITION BY ... ORDER BY ... frame)`).
 * While the select list is bound, each call stands in its expression as a placeholder; the
 * lowering then builds
 *
 *   Project(input columns, partition/order/argument expressions) -> OverWindow per spec
 *
 * (one OverWindow per distinct PARTITION BY + ORDER BY, each appending its calls' columns)
 * and maps each placeholder to its output column. Calls are typed here: ranking functions
 * are BIGINT, lag/lead/first_value/last_value take their argument's type, aggregates follow
 * docs/functions-contract.md.
 */
import type { Expr, FunctionCallExpr } from '../ast/expr.js';
import { SqlError } from '../errors.js';
import { type BoundExpr, inputRef } from '../plan/bound-expr.js';
import type { LogicalPlan, OverWindow, SortKey, WindowCall, WindowFrame, WindowFunctionKind } from '../plan/logical-plan.js';
import { type DataType, isNumeric, isScalar, T, typeName } from '../types/data-type.js';
import { aggregateResultType } from './aggregate-collector.js';
import { exprEquals, mapExprTopDown } from './bound-expr-utils.js';
import { evaluateConstant, NOT_CONSTANT } from './const-eval.js';
import { makeFilter, makeProject } from './plan-nodes.js';
import { coerceTo } from './resolve-call.js';
import type { Scope } from './scope.js';
import { unsupported } from './unsupported.js';
import { DEFAULT_FRAME, hasRangeOffset, parseFrame } from './window-frame.js';
import { makeOverWindow } from './window-plan-nodes.js';

/** Receives window function calls met while binding and returns the expression standing for each. */
export interface WindowSink {
  add(call: FunctionCallExpr, bindArg: (e: Expr) => BoundExpr): BoundExpr;
}

/** A window call with its arguments and window still as expressions over the input. */
interface CollectedWindowCall {
  readonly kind: WindowFunctionKind;
  readonly args: readonly BoundExpr[];
  readonly partitionBy: readonly BoundExpr[];
  readonly orderBy: readonly { readonly expr: BoundExpr; readonly direction: 'ASC' | 'DESC'; readonly nulls: 'FIRST' | 'LAST' }[];
  readonly frame: WindowFrame;
  readonly offset?: number;
  readonly defaultValue?: BoundExpr;
  readonly type: DataType;
  readonly name: string;
}

const RANKING = new Set(['row_number', 'rank', 'dense_rank']);
const VALUE = new Set(['lag', 'lead', 'first_value', 'last_value']);
const AGGREGATE = new Set(['count', 'sum', 'avg', 'min', 'max']);

/** Gathers the window calls of one SELECT; `lower` plans them. */
export class WindowCollector implements WindowSink {
  readonly calls: CollectedWindowCall[] = [];
  private readonly placeholders = new WeakMap<BoundExpr, number>();

  add(ast: FunctionCallExpr, bindArg: (e: Expr) => BoundExpr): BoundExpr {
    const call = bindWindowCall(ast, bindArg);
    // index -1 can never match a real column, so an unreplaced placeholder is caught as a bug
    const placeholder: BoundExpr = { kind: 'InputRef', index: -1, type: call.type };
    this.placeholders.set(placeholder, this.calls.push(call) - 1);
    return placeholder;
  }

  /**
   * Plans the collected calls over `input` (whose first columns the placeholders' siblings
   * refer to) and returns the plan and a function rewriting bound expressions: placeholders
   * become references to the calls' output columns; other column references stay valid.
   */
  lower(input: LogicalPlan, scope: Scope): { plan: LogicalPlan; rewrite: (e: BoundExpr) => BoundExpr } {
    const width = input.schema.fields.length;
    const columns: BoundExpr[] = input.schema.fields.map((f, i) => inputRef(i, f.type));
    const names = input.schema.fields.map((f) => f.name);
    const columnOf = (e: BoundExpr): number => {
      if (e.kind === 'InputRef') return e.index;
      const found = columns.findIndex((c) => exprEquals(c, e));
      if (found >= 0) return found;
      names.push(`_window_${names.length - width}`);
      return columns.push(e) - 1;
    };
    const specs = new Map<string, { partitionKeys: number[]; orderBy: SortKey[]; calls: number[] }>();
    const planned = this.calls.map((c) => {
      const partitionKeys = c.partitionBy.map(columnOf);
      const orderBy = c.orderBy.map((o) => ({ column: columnOf(o.expr), direction: o.direction, nulls: o.nulls }));
      const args = c.args.map(columnOf);
      return { partitionKeys, orderBy, args };
    });
    planned.forEach((p, j) => {
      const key = JSON.stringify([p.partitionKeys, p.orderBy]);
      const spec = specs.get(key) ?? { partitionKeys: p.partitionKeys, orderBy: p.orderBy, calls: [] };
      spec.calls.push(j);
      specs.set(key, spec);
    });
    let plan: LogicalPlan = columns.length > width ? makeProject(input, columns, names) : input;
    const outputColumn = new Array<number>(this.calls.length);
    for (const spec of specs.values()) {
      const at = plan.schema.fields.length;
      const calls = spec.calls.map((j): WindowCall => toWindowCall(this.calls[j]!, planned[j]!.args));
      spec.calls.forEach((j, k) => (outputColumn[j] = at + k));
      const windowClose = chooseWindowClose(spec.partitionKeys, scope);
      plan = makeOverWindow(plan, spec.partitionKeys, spec.orderBy, calls, spec.calls.map((j) => this.calls[j]!.name), windowClose ? { windowClose } : {});
    }
    const rewrite = (e: BoundExpr): BoundExpr => mapExprTopDown(e, (x) => {
      const j = this.placeholders.get(x);
      return j === undefined ? undefined : inputRef(outputColumn[j]!, x.type);
    });
    return { plan, rewrite };
  }
}

/**
 * The partition key that is a window bound with a watermark (window_end preferred), which
 * lets the operator evict closed windows' partitions.
 */
function chooseWindowClose(partitionKeys: readonly number[], scope: Scope): OverWindow['windowClose'] {
  let best: OverWindow['windowClose'];
  partitionKeys.forEach((column, keyIndex) => {
    const bound = scope.columns[column]?.windowBound;
    if (!bound) return;
    const endOffsetUs = bound.kind === 'end' ? 0 : bound.sizeUs;
    if (!best || (endOffsetUs === 0 && best.endOffsetUs !== 0)) best = { keyIndex, endOffsetUs };
  });
  return best;
}

/**
 * `plan` with its OverWindow (under any Filters and Projects) set to emit on window close;
 * `undefined` when there is none partitioned by a window bound or ordered first by a
 * watermark column (ascending), whose rows are final once the watermark passes them.
 */
export function emitOverWindowOnClose(plan: LogicalPlan): LogicalPlan | undefined {
  switch (plan.kind) {
    case 'OverWindow': {
      if (!plan.windowClose && !orderedByWatermark(plan)) return undefined;
      // stacked window specifications all emit complete rows only
      const input = plan.input.kind === 'OverWindow' ? emitOverWindowOnClose(plan.input) : plan.input;
      if (!input) return undefined;
      return makeOverWindow(input, plan.partitionKeys, plan.orderBy, plan.calls, plan.schema.fields.slice(plan.input.schema.fields.length).map((f) => f.name),
        { ...(plan.windowClose ? { windowClose: plan.windowClose } : {}), emitOnWindowClose: true });
    }
    case 'Filter':
    case 'Project': {
      const input = emitOverWindowOnClose(plan.input);
      if (!input) return undefined;
      return plan.kind === 'Filter' ? makeFilter(input, plan.predicate) : makeProject(input, plan.exprs, plan.schema.fields.map((f) => f.name));
    }
    default:
      return undefined;
  }
}

function orderedByWatermark(plan: OverWindow): boolean {
  const first = plan.orderBy[0];
  return first !== undefined && first.direction === 'ASC' && plan.input.props.watermarkColumns.includes(first.column);
}

function toWindowCall(c: CollectedWindowCall, args: readonly number[]): WindowCall {
  const defaultValue = c.defaultValue ? evaluateConstant(c.defaultValue) : undefined;
  return {
    kind: c.kind, args, frame: c.frame, type: c.type,
    ...(c.offset !== undefined ? { offset: c.offset } : {}),
    ...(defaultValue !== undefined && defaultValue !== NOT_CONSTANT ? { defaultValue } : {}),
  };
}

function bindWindowCall(ast: FunctionCallExpr, bindArg: (e: Expr) => BoundExpr): CollectedWindowCall {
  const name = ast.name.toLowerCase();
  const spec = ast.over!;
  if (!RANKING.has(name) && !VALUE.has(name) && !AGGREGATE.has(name)) {
    throw unsupported(`window function ${name}`, ast.pos);
  }
  if (ast.distinct || ast.filter || (ast.orderBy && ast.orderBy.length > 0)) {
    throw unsupported(`DISTINCT, FILTER or ORDER BY inside ${name}(...) OVER`, ast.pos);
  }
  const partitionBy = spec.partitionBy.map(bindArg);
  const orderBy = spec.orderBy.map((o) => ({
    expr: bindArg(o.expr), direction: o.direction, nulls: o.nulls ?? (o.direction === 'DESC' ? 'FIRST' as const : 'LAST' as const),
  }));
  const frame = spec.frame ? parseFrame(spec.frame, ast.pos) : DEFAULT_FRAME;
  if (hasRangeOffset(frame)) checkRangeOffset(orderBy.map((o) => o.expr.type), spec.frame ?? '', ast);
  const base = { partitionBy, orderBy, frame, name };
  const argCount = (n: number, m = n): void => {
    if (ast.args.length < n || ast.args.length > m) {
      throw new SqlError('wrong-argument-count', `${name} takes ${n === m ? n : `${n} to ${m}`} argument${m === 1 ? '' : 's'}, got ${ast.args.length}`, ast.pos);
    }
  };
  if (RANKING.has(name)) {
    argCount(0);
    return { ...base, kind: name as WindowFunctionKind, args: [], type: T.bigint };
  }
  if (name === 'count' && ast.args.length === 1 && ast.args[0]!.kind === 'Star') {
    return { ...base, kind: 'count_star', args: [], type: T.bigint };
  }
  if (name === 'lag' || name === 'lead') {
    argCount(1, 3);
    const arg = bindArg(ast.args[0]!);
    const offset = ast.args[1] ? constantOffset(bindArg(ast.args[1]), ast.args[1]) : 1;
    const dflt = ast.args[2] ? coerceTo(bindArg(ast.args[2]), arg.type, ast.args[2].pos ?? ast.pos) : undefined;
    if (dflt && evaluateConstant(dflt) === NOT_CONSTANT) throw unsupported(`a ${name} default that is not a constant`, ast.args[2]!.pos);
    return { ...base, kind: name, args: [arg], offset, ...(dflt ? { defaultValue: dflt } : {}), type: arg.type };
  }
  argCount(1);
  const arg = bindArg(ast.args[0]!);
  if (name === 'first_value' || name === 'last_value') return { ...base, kind: name, args: [arg], type: arg.type };
  const type = aggregateResultType(name as 'count' | 'sum' | 'avg' | 'min' | 'max', arg.type);
  if (!type) throw new SqlError('type-mismatch', `function ${name}(${typeName(arg.type)}) does not exist`, ast.args[0]!.pos ?? ast.pos);
  return { ...base, kind: name as WindowFunctionKind, args: [arg], type };
}

function constantOffset(bound: BoundExpr, ast: Expr): number {
  const value = evaluateConstant(bound);
  const n = typeof value === 'bigint' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
    throw new SqlError('invalid-window-frame', 'the offset of lag/lead must be a constant non-negative integer', ast.pos);
  }
  return n;
}

/**
 * RANGE with an offset, and a SESSION gap, compare one order key's values: a number, or a
 * timestamp with an interval offset.
 */
function checkRangeOffset(orderTypes: readonly DataType[], text: string, ast: FunctionCallExpr): void {
  const session = /^\s*session\b/i.test(text);
  if (orderTypes.length !== 1) {
    const what = session ? 'a SESSION frame' : 'RANGE with an offset PRECEDING or FOLLOWING';
    throw new SqlError('invalid-window-frame', `${what} needs exactly one ORDER BY column`, ast.pos);
  }
  const type = orderTypes[0]!;
  const byInterval = /\binterval\b|'/i.test(text);
  const ok = isScalar(type, 'TIMESTAMP', 'TIMESTAMPTZ') ? byInterval : isNumeric(type) && !byInterval;
  if (!ok) {
    throw new SqlError('invalid-window-frame', `${session ? 'the session gap' : 'RANGE offset'} does not fit an ORDER BY column of type ${typeName(type)}`, ast.pos,
      'use a number for numeric columns and an INTERVAL for timestamps');
  }
}
