/**
 * Constructors for logical plan nodes that derive each node's output schema and streaming
 * props from its inputs, so the binder and the optimizer agree on them. Nodes are frozen.
 */
import type { CatalogObject } from '../catalog/catalog.js';
import { InternalError } from '../errors.js';
import type { AggregateCall, BoundExpr } from '../plan/bound-expr.js';
import type {
  Aggregate, Filter, LogicalPlan, Project, ProjectSet, ProjectSetItem, Scan, StreamProps, Values, WindowKind, WindowTvf,
} from '../plan/logical-plan.js';
import type { DataType } from '../types/data-type.js';
import { field, type Field, type Schema, schemaOf } from '../types/schema.js';
import { timeBoundedColumns } from './join-node.js';

const freeze = <N extends LogicalPlan>(node: N): N => Object.freeze(node);

/** A scan of every column of a source, table or materialized view. */
export function makeScan(object: CatalogObject): Scan {
  if (object.kind === 'view' || object.kind === 'sink') throw new InternalError(`cannot scan ${object.kind} ${object.name}`);
  const watermarkColumns = new Set<number>(object.watermarkColumns ?? []);
  if (object.watermark) watermarkColumns.add(object.watermark.column);
  return freeze({
    kind: 'Scan',
    object: object.name,
    objectKind: object.kind,
    columns: object.schema.fields.map((_, i) => i),
    watermark: object.watermark,
    schema: object.schema,
    props: { appendOnly: object.appendOnly, bounded: object.bounded, watermarkColumns: [...watermarkColumns].sort((a, b) => a - b) },
  });
}

/** Constant rows; `schema` gives names and the unified types of the row expressions. */
export function makeValues(rows: readonly (readonly BoundExpr[])[], schema: Schema): Values {
  return freeze({ kind: 'Values', rows, schema, props: { appendOnly: true, bounded: true, watermarkColumns: [] } });
}

/** Rows of `input` for which `predicate` is true. */
export function makeFilter(input: LogicalPlan, predicate: BoundExpr): Filter {
  return freeze({ kind: 'Filter', input, predicate, schema: input.schema, props: filterProps(input, predicate) });
}

/**
 * A filter keeps its input's properties, but over an inner join (`FROM a, b WHERE a.ts >=
 * b.ts`) its time bounds keep columns watermarked as the join condition it becomes would.
 */
function filterProps(input: LogicalPlan, predicate: BoundExpr): StreamProps {
  if (input.kind !== 'Join' || input.joinType !== 'inner' || input.asof) return input.props;
  const extra = timeBoundedColumns(input.left, input.right, predicate, false, false).filter((c) => !input.props.watermarkColumns.includes(c));
  if (extra.length === 0) return input.props;
  return { ...input.props, watermarkColumns: [...input.props.watermarkColumns, ...extra].sort((a, b) => a - b) };
}

/** One output column per expression, named by `names`. Watermarks survive plain column references. */
export function makeProject(input: LogicalPlan, exprs: readonly BoundExpr[], names: readonly string[]): Project {
  const fields = exprs.map((e, i) => field(names[i]!, e.type, nullable(e, input.schema)));
  return freeze({ kind: 'Project', input, exprs, schema: schemaOf(fields), props: mapProps(input.props, exprs) });
}

/** A projection with set-returning items; output columns in item order. */
export function makeProjectSet(input: LogicalPlan, items: readonly ProjectSetItem[], names: readonly string[], setTypes: readonly DataType[]): ProjectSet {
  let setIndex = 0;
  const fields = items.map((item, i) =>
    item.kind === 'scalar' ? field(names[i]!, item.expr.type, nullable(item.expr, input.schema)) : field(names[i]!, setTypes[setIndex++]!, true),
  );
  const scalarExprs = items.map((item) => (item.kind === 'scalar' ? item.expr : undefined));
  return freeze({ kind: 'ProjectSet', input, exprs: items, schema: schemaOf(fields), props: mapProps(input.props, scalarExprs) });
}

/**
 * Appends `window_start` and `window_end` (of the time column's type) to `input`. They carry
 * a watermark when the time column does, except a session's window_start (an old session can
 * still grow). Sessions merge and split, so their output is never append-only.
 */
export function makeWindowTvf(input: LogicalPlan, window: WindowKind, timeColumn: number): WindowTvf {
  const timeType = input.schema.fields[timeColumn]!.type;
  const n = input.schema.fields.length;
  const fields: Field[] = [...input.schema.fields, field('window_start', timeType, false), field('window_end', timeType, false)];
  const watermarked = input.props.watermarkColumns.includes(timeColumn);
  const session = window.kind === 'session';
  const bounds = session ? [n + 1] : [n, n + 1];
  const props: StreamProps = {
    ...input.props,
    appendOnly: input.props.appendOnly && !session,
    watermarkColumns: watermarked ? [...input.props.watermarkColumns, ...bounds] : input.props.watermarkColumns,
  };
  return freeze({ kind: 'WindowTvf', input, window, timeColumn, schema: schemaOf(fields), props });
}

/** The inputs of `makeAggregate` beyond its input plan. */
export interface AggregateSpec {
  readonly groupKeys: readonly number[];
  readonly aggregates: readonly AggregateCall[];
  /** names of the aggregate output columns, in order */
  readonly aggregateNames: readonly string[];
  readonly emitOnWindowClose: boolean;
  readonly windowClose?: Aggregate['windowClose'];
}

/**
 * Grouped aggregation: output is the group keys then the aggregates. Emitting on window close
 * makes the output append-only; key columns keep the watermarks of their input columns.
 */
export function makeAggregate(input: LogicalPlan, spec: AggregateSpec): Aggregate {
  const keyFields = spec.groupKeys.map((k) => input.schema.fields[k]!);
  const aggFields = spec.aggregates.map((a, i) => field(spec.aggregateNames[i]!, a.type, a.kind !== 'count' && a.kind !== 'count_star'));
  const watermarkColumns = spec.groupKeys.flatMap((k, i) => (input.props.watermarkColumns.includes(k) ? [i] : []));
  return freeze({
    kind: 'Aggregate',
    input,
    groupKeys: spec.groupKeys,
    aggregates: spec.aggregates,
    emitOnWindowClose: spec.emitOnWindowClose,
    ...(spec.windowClose ? { windowClose: spec.windowClose } : {}),
    schema: schemaOf([...keyFields, ...aggFields]),
    props: { appendOnly: spec.emitOnWindowClose, bounded: input.props.bounded, watermarkColumns },
  });
}

/** Props of a projection: watermark columns follow plain column references. */
function mapProps(props: StreamProps, exprs: readonly (BoundExpr | undefined)[]): StreamProps {
  const watermarkColumns = exprs.flatMap((e, i) => (e?.kind === 'InputRef' && props.watermarkColumns.includes(e.index) ? [i] : []));
  return { appendOnly: props.appendOnly, bounded: props.bounded, watermarkColumns };
}

/** Whether an expression may be NULL: column references and literals know, others may. */
function nullable(e: BoundExpr, input: Schema): boolean {
  if (e.kind === 'InputRef') return input.fields[e.index]?.nullable ?? true;
  if (e.kind === 'Literal') return e.value === null;
  return true;
}
