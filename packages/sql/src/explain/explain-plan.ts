/**
 * EXPLAIN text for logical plans: one node per line, children indented by two spaces, each
 * line the node kind and its key facts. Column references print as `#i` (position in the
 * node's input); output names appear where a node introduces them (Scan, Values, Project,
 * ProjectSet, Aggregate). The format is what plan tests compare, so it is kept stable and
 * free of object identities.
 */
import { formatDurationUs } from '../binder/interval.js';
import { formatInterval, valueToText } from '../binder/value-cast.js';
import type { AggregateCall, BoundExpr } from '../plan/bound-expr.js';
import type { LogicalPlan, ProjectSetItem, StreamProps, WindowKind } from '../plan/logical-plan.js';
import { children } from '../plan/plan-utils.js';
import { describeOverWindow, describeTopN } from './explain-window.js';
import { describeSemiJoin, describeSingleJoin, describeUnion } from './explain-relational.js';
import { describeJoin } from './explain-join.js';
import { type DataType, type Interval, type SqlValue, typeName } from '../types/data-type.js';
import type { Schema } from '../types/schema.js';

/** Options of `explainPlan`. */
export interface ExplainOptions {
  /** append each node's streaming props: `[append-only, bounded, watermark=(a, b)]` */
  readonly props?: boolean;
}

/** The plan as indented text, one node per line, no trailing newline. */
export function explainPlan(plan: LogicalPlan, options: ExplainOptions = {}): string {
  const lines: string[] = [];
  const visit = (node: LogicalPlan, depth: number): void => {
    const suffix = options.props ? ` ${formatProps(node.props, node.schema)}` : '';
    lines.push(`${'  '.repeat(depth)}${describeNode(node)}${suffix}`);
    for (const c of children(node)) visit(c, depth + 1);
  };
  visit(plan, 0);
  return lines.join('\n');
}

/** One node's line: its kind and key facts. */
export function describeNode(node: LogicalPlan): string {
  switch (node.kind) {
    case 'Scan': {
      const wm = node.watermark ? ` watermark=${watermarkText(node)}` : '';
      const filter = node.filter ? ` filter=${formatExpr(node.filter)}` : '';
      return `Scan ${node.object} columns=[${names(node.schema).join(', ')}]${filter}${wm}`;
    }
    case 'Values':
      return `Values columns=[${names(node.schema).join(', ')}] rows=[${node.rows.map((r) => `(${r.map(formatExpr).join(', ')})`).join(', ')}]`;
    case 'Filter':
      return `Filter ${formatExpr(node.predicate)}`;
    case 'Project':
      return `Project ${node.exprs.map((e, i) => `${node.schema.fields[i]!.name}=${formatExpr(e)}`).join(', ')}`;
    case 'ProjectSet':
      return `ProjectSet ${node.exprs.map((e, i) => `${node.schema.fields[i]!.name}=${formatSetItem(e)}`).join(', ')}`;
    case 'WindowTvf': {
      const w = node.window;
      const time = node.input.schema.fields[node.timeColumn]!.name;
      const offset = w.kind !== 'session' && w.offsetUs !== 0 ? `, offset=${formatDurationUs(w.offsetUs)}` : '';
      const sizes = windowText(w, node.input.schema.fields.map((f) => f.name));
      return `WindowTvf ${w.kind}(${time}, ${sizes}${offset})`;
    }
    case 'Aggregate': {
      const inputNames = names(node.input.schema);
      const keys = node.groupKeys.map((k) => inputNames[k] ?? `#${k}`);
      const emit = node.emitOnWindowClose ? 'on-window-close' : 'on-update';
      const close = node.windowClose
        ? ` window-close=${keys[node.windowClose.keyIndex]}${node.windowClose.endOffsetUs ? `+${formatDurationUs(node.windowClose.endOffsetUs)}` : ''}`
        : '';
      return `Aggregate keys=[${keys.join(', ')}] aggs=[${node.aggregates.map(formatAggregate).join(', ')}] emit=${emit}${close}`;
    }
    case 'TopN':
      return describeTopN(node);
    case 'OverWindow':
      return describeOverWindow(node);
    case 'Union':
      return describeUnion(node);
    case 'SemiJoin':
      return describeSemiJoin(node);
    case 'SingleJoin':
      return describeSingleJoin(node);
    case 'Join':
      return describeJoin(node);
    case 'EowcSort':
      return `EowcSort by=${names(node.input.schema)[node.sortColumn] ?? `#${node.sortColumn}`}`;
    default:
      return node satisfies never;
  }
}

/** A bound expression in EXPLAIN form: `greater_than(#2, 1000)`, `CAST(#0 AS BIGINT)`. */
export function formatExpr(e: BoundExpr): string {
  switch (e.kind) {
    case 'InputRef':
      return `#${e.index}`;
    case 'Literal':
      return formatLiteral(e.value, e.type);
    case 'Call':
      return `${e.fn}(${e.args.map(formatExpr).join(', ')})`;
    case 'Cast':
      return `CAST(${formatExpr(e.operand)} AS ${typeName(e.type)})`;
    case 'Case':
      return `CASE ${e.whens.map((w) => `WHEN ${formatExpr(w.when)} THEN ${formatExpr(w.then)}`).join(' ')} ELSE ${formatExpr(e.else)} END`;
    default:
      return e satisfies never;
  }
}

function formatLiteral(value: SqlValue, type: DataType): string {
  if (value === null) return type.kind === 'scalar' && type.name === 'NULL' ? 'NULL' : `NULL::${typeName(type)}`;
  if (type.kind === 'list') return `'${valueToText(value, type)}'::${typeName(type)}`;
  switch (type.name) {
    case 'VARCHAR':
      return `'${String(value).replace(/'/g, "''")}'`;
    case 'INT':
    case 'BOOLEAN':
      return String(value);
    case 'INTERVAL':
      return `INTERVAL '${formatInterval(value as Interval)}'`;
    case 'TIMESTAMP':
    case 'TIMESTAMPTZ':
    case 'DATE':
    case 'TIME':
      return `${type.name} '${valueToText(value, type)}'`;
    default:
      return `${valueToText(value, type)}::${type.name}`;
  }
}

function formatSetItem(item: ProjectSetItem): string {
  return item.kind === 'scalar' ? formatExpr(item.expr) : `${item.fn}(${item.args.map(formatExpr).join(', ')})`;
}

function windowText(w: WindowKind, inputNames: readonly string[]): string {
  switch (w.kind) {
    case 'tumble': return `size=${formatDurationUs(w.sizeUs)}`;
    case 'hop': return `slide=${formatDurationUs(w.slideUs)}, size=${formatDurationUs(w.sizeUs)}`;
    case 'cumulate': return `step=${formatDurationUs(w.stepUs)}, size=${formatDurationUs(w.sizeUs)}`;
    case 'session': {
      const keys = w.partitionBy.map((k) => inputNames[k] ?? `#${k}`).join(', ');
      return `gap=${formatDurationUs(w.gapUs)}${w.partitionBy.length > 0 ? `, partition=[${keys}]` : ''}`;
    }
    default: return w satisfies never;
  }
}

function formatAggregate(a: AggregateCall): string {
  const distinct = a.distinct ? 'DISTINCT ' : '';
  const filter = a.filter !== undefined ? ` FILTER(#${a.filter})` : '';
  const order = a.orderBy ? ` ORDER BY ${a.orderBy.map((o) => `#${o.column}${o.descending ? ' DESC' : ''}${o.nullsFirst !== o.descending ? (o.nullsFirst ? ' NULLS FIRST' : ' NULLS LAST') : ''}`).join(', ')}` : '';
  return `${a.fn ?? a.kind}(${distinct}${a.args.map((i) => `#${i}`).join(', ')}${order})${filter}`;
}

function watermarkText(node: Extract<LogicalPlan, { kind: 'Scan' }>): string {
  const wm = node.watermark!;
  const at = node.columns.indexOf(wm.column);
  const name = at >= 0 ? node.schema.fields[at]!.name : `column ${wm.column}`;
  return wm.delayUs ? `${name}-${formatDurationUs(wm.delayUs)}` : name;
}

function formatProps(props: StreamProps, schema: Schema): string {
  const parts = [props.appendOnly ? 'append-only' : 'retracting'];
  if (props.bounded) parts.push('bounded');
  if (props.watermarkColumns.length > 0) parts.push(`watermark=(${props.watermarkColumns.map((i) => schema.fields[i]?.name ?? `#${i}`).join(', ')})`);
  return `[${parts.join(', ')}]`;
}

function names(schema: Schema): string[] {
  return schema.fields.map((f) => f.name);
}
