/**
 * Binds the window table functions over an already bound input relation:
 * `TUMBLE(t, ts, size [, offset])`, `HOP(t, ts, slide, size [, offset])`,
 * `CUMULATE(t, ts, step, size [, offset])` and `SESSION(t, ts, gap)` (Flink's
 * `SESSION(TABLE t PARTITION BY k, DESCRIPTOR(ts), gap)` names the partition; without it the
 * GROUP BY above may supply it, see session-partition.ts). Each appends `window_start` and
 * `window_end`; a bound whose time column carries a watermark can close windows (its
 * `windowBound`): both bounds of TUMBLE, HOP and CUMULATE, only window_end of SESSION.
 */
import type { Expr } from '../ast/expr.js';
import type { WindowTableFunction } from '../ast/query.js';
import { type SourcePosition, SqlError } from '../errors.js';
import type { WindowKind } from '../plan/logical-plan.js';
import { type Interval, isScalar, typeName } from '../types/data-type.js';
import { bindExpr } from './bind-expr.js';
import type { Relation } from './bind-env.js';
import { evaluateConstant, NOT_CONSTANT } from './const-eval.js';
import { intervalMicros } from './interval.js';
import { makeWindowTvf } from './plan-nodes.js';
import { Scope, type ScopeColumn } from './scope.js';

/** The relation `item` produces over `input` (the bound table argument). */
export function bindWindowFunction(item: WindowTableFunction, input: Relation): Relation {
  const timeColumn = input.scope.resolve({ kind: 'ColumnRef', name: item.timeColumn, pos: item.pos });
  const timeType = input.scope.columns[timeColumn]!.type;
  if (!isScalar(timeType, 'TIMESTAMP', 'TIMESTAMPTZ')) {
    throw new SqlError('invalid-window-column', `window time column '${item.timeColumn}' is ${typeName(timeType)}, not TIMESTAMP or TIMESTAMPTZ`, item.pos);
  }
  if (item.partitionBy && item.fn !== 'SESSION') {
    throw new SqlError('invalid-function-call', `PARTITION BY applies only to SESSION windows, not ${item.fn}`, item.pos);
  }
  const durations = item.args.map((a) => windowDuration(a, item.pos));
  const partitionBy = (item.partitionBy ?? []).map((name) => input.scope.resolve({ kind: 'ColumnRef', name, pos: item.pos }));
  const window = windowKind(item, durations, partitionBy);
  const plan = makeWindowTvf(input.plan, window, timeColumn);
  const n = input.scope.columns.length;
  const table = item.alias?.toLowerCase() ?? input.scope.columns[0]?.table;
  const bound = (kind: 'start' | 'end'): ScopeColumn => {
    const watermarked = plan.props.watermarkColumns.includes(kind === 'start' ? n : n + 1);
    return { name: `window_${kind}`, type: timeType, table, ...(watermarked ? { windowBound: { kind, sizeUs: window.sizeUs } } : {}) };
  };
  const scope = new Scope([...input.scope.columns, bound('start'), bound('end')]);
  return { plan, scope: item.alias ? scope.requalify(item.alias) : scope };
}

const SHAPES: Record<WindowTableFunction['fn'], { arity: [number, number]; shape: string }> = {
  TUMBLE: { arity: [1, 2], shape: 'TUMBLE(table, time_column, size [, offset])' },
  HOP: { arity: [2, 3], shape: 'HOP(table, time_column, slide, size [, offset])' },
  CUMULATE: { arity: [2, 3], shape: 'CUMULATE(table, time_column, step, size [, offset])' },
  SESSION: { arity: [1, 1], shape: 'SESSION(table, time_column, gap)' },
};

function windowKind(item: WindowTableFunction, durations: readonly number[], partitionBy: readonly number[]): WindowKind {
  const { arity, shape } = SHAPES[item.fn];
  if (durations.length < arity[0] || durations.length > arity[1]) {
    const count = arity[0] === arity[1] ? `${arity[0]}` : `${arity[0]} or ${arity[1]}`;
    throw new SqlError('wrong-argument-count', `${item.fn} takes ${count} interval argument${arity[1] > 1 ? 's' : ''}, got ${durations.length}`, item.pos, shape);
  }
  const positive = (us: number, what: string): number => {
    if (us <= 0) throw new SqlError('invalid-window-size', `${item.fn} ${what} must be positive`, item.pos);
    return us;
  };
  const multiple = (sizeUs: number, stepUs: number, step: string): void => {
    if (sizeUs % stepUs === 0) return;
    throw new SqlError('invalid-window-size', `${item.fn} size must be a multiple of its ${step}`, item.pos,
      `choose a size that is a whole number of ${step}s, e.g. ${item.fn}(t, ts, INTERVAL '1' MINUTE, INTERVAL '5' MINUTE)`);
  };
  switch (item.fn) {
    case 'TUMBLE':
      return { kind: 'tumble', sizeUs: positive(durations[0]!, 'size'), offsetUs: durations[1] ?? 0 };
    case 'HOP': {
      const [slideUs, sizeUs] = [positive(durations[0]!, 'slide'), positive(durations[1]!, 'size')];
      multiple(sizeUs, slideUs, 'slide');
      return { kind: 'hop', slideUs, sizeUs, offsetUs: durations[2] ?? 0 };
    }
    case 'CUMULATE': {
      const [stepUs, sizeUs] = [positive(durations[0]!, 'step'), positive(durations[1]!, 'size')];
      multiple(sizeUs, stepUs, 'step');
      return { kind: 'cumulate', stepUs, sizeUs, offsetUs: durations[2] ?? 0 };
    }
    case 'SESSION': {
      const gapUs = positive(durations[0]!, 'gap');
      return { kind: 'session', gapUs, sizeUs: gapUs, partitionBy, partitionInferred: item.partitionBy === undefined };
    }
    default:
      return item.fn satisfies never;
  }
}

/** A window argument: a constant INTERVAL without months, in µs. */
function windowDuration(arg: Expr, fallback: SourcePosition | undefined): number {
  const pos = arg.pos ?? fallback;
  const bound = bindExpr(arg, { scope: new Scope([]), clause: 'window arguments' });
  const value = bound.type.kind === 'scalar' && bound.type.name === 'INTERVAL' ? evaluateConstant(bound) : NOT_CONSTANT;
  if (value === NOT_CONSTANT || value === null) {
    throw new SqlError('invalid-interval', 'window sizes must be constant intervals', pos, "e.g. INTERVAL '10' SECOND");
  }
  const interval = value as Interval;
  if (interval.months !== 0) throw new SqlError('invalid-interval', 'window sizes cannot be given in months or years', pos, 'use days');
  return intervalMicros(interval);
}
