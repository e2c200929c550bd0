/**
 * prune-columns: every node computes only the columns something above it reads. Walking down
 * from the root (which keeps all its columns), a Project drops unused expressions, a
 * ProjectSet unused pass-through columns, and a Scan narrows `columns` to what is read,
 * so a source decodes only those. Every column reference above a narrowed node is remapped.
 * Set-returning items and aggregates are kept (dropping them would change row counts), and a
 * node keeps at least one column so row counts stay visible. A Scan always reads its watermark
 * column, from which the source derives event time.
 */
import { collectInputRefs, remapInputs } from '../../binder/bound-expr-utils.js';
import { makeProject, makeProjectSet, makeWindowTvf } from '../../binder/plan-nodes.js';
import { makeOverWindow, makeTopN } from '../../binder/window-plan-nodes.js';
import { makeEowcSort } from '../../binder/bind-eowc-sort.js';
import type { BoundExpr } from '../../plan/bound-expr.js';
import type { LogicalPlan, OverWindow, ProjectSetItem, Scan, StreamProps, TopN } from '../../plan/logical-plan.js';
import { schemaOf } from '../../types/schema.js';
import type { OptimizerRule } from '../rule.js';
import { pruneJoin } from './prune-join.js';
import { pruneSemiJoin, pruneSingleJoin, pruneUnion } from './prune-relational.js';

/** The prune-columns rule. */
export const pruneColumns: OptimizerRule = {
  name: 'prune-columns',
  apply: (plan) => {
    const all = new Set(plan.schema.fields.map((_, i) => i));
    const pruned = prune(plan, all).plan;
    return pruned === plan ? undefined : pruned;
  },
};

/** A pruned node and where each old output column went (-1: dropped). */
interface Pruned {
  readonly plan: LogicalPlan;
  readonly mapping: readonly number[];
}

const identity = (plan: LogicalPlan): Pruned => ({ plan, mapping: plan.schema.fields.map((_, i) => i) });

function prune(plan: LogicalPlan, required: ReadonlySet<number>): Pruned {
  switch (plan.kind) {
    case 'Scan':
      return pruneScan(plan, required);
    case 'Values':
      return identity(plan);
    case 'Filter': {
      const child = prune(plan.input, collectInputRefs(plan.predicate, new Set(required)));
      if (child.plan === plan.input) return identity(plan);
      const predicate = remap(plan.predicate, child.mapping);
      return { plan: { ...plan, input: child.plan, predicate, schema: child.plan.schema, props: child.plan.props }, mapping: child.mapping };
    }
    case 'Project': {
      const keep = keptPositions(plan.exprs.length, required);
      const child = prune(plan.input, refsOf(keep.map((i) => plan.exprs[i]!)));
      if (child.plan === plan.input && keep.length === plan.exprs.length) return identity(plan);
      const exprs = keep.map((i) => remap(plan.exprs[i]!, child.mapping));
      return { plan: makeProject(child.plan, exprs, keep.map((i) => plan.schema.fields[i]!.name)), mapping: mappingOf(plan.exprs.length, keep) };
    }
    case 'ProjectSet': {
      const keep = plan.exprs.flatMap((item, i) => (item.kind === 'set' || required.has(i) ? [i] : []));
      const items = keep.map((i) => plan.exprs[i]!);
      const child = prune(plan.input, refsOf(items.flatMap((item) => (item.kind === 'scalar' ? [item.expr] : item.args))));
      if (child.plan === plan.input && keep.length === plan.exprs.length) return identity(plan);
      const remapped = items.map((item): ProjectSetItem =>
        item.kind === 'scalar' ? { kind: 'scalar', expr: remap(item.expr, child.mapping) } : { ...item, args: item.args.map((a) => remap(a, child.mapping)) });
      const setTypes = plan.exprs.flatMap((item, i) => (item.kind === 'set' ? [plan.schema.fields[i]!.type] : []));
      const names = keep.map((i) => plan.schema.fields[i]!.name);
      return { plan: makeProjectSet(child.plan, remapped, names, setTypes), mapping: mappingOf(plan.exprs.length, keep) };
    }
    case 'WindowTvf': {
      const width = plan.input.schema.fields.length;
      const childRequired = new Set([...required].filter((i) => i < width));
      childRequired.add(plan.timeColumn);
      const w = plan.window;
      if (w.kind === 'session') w.partitionBy.forEach((k) => childRequired.add(k));
      const child = prune(plan.input, childRequired);
      if (child.plan === plan.input) return identity(plan);
      const newWidth = child.plan.schema.fields.length;
      const window = w.kind === 'session' ? { ...w, partitionBy: w.partitionBy.map((k) => child.mapping[k]!) } : w;
      const pruned = makeWindowTvf(child.plan, window, child.mapping[plan.timeColumn]!);
      return { plan: pruned, mapping: [...child.mapping, newWidth, newWidth + 1] };
    }
    case 'Aggregate': {
      const used = new Set<number>(plan.groupKeys);
      for (const a of plan.aggregates) {
        a.args.forEach((i) => used.add(i));
        if (a.filter !== undefined) used.add(a.filter);
        a.orderBy?.forEach((o) => used.add(o.column));
      }
      const child = prune(plan.input, used);
      if (child.plan === plan.input) return identity(plan);
      const at = (i: number): number => child.mapping[i]!;
      const aggregates = plan.aggregates.map((a) => ({
        ...a, args: a.args.map(at), ...(a.filter !== undefined ? { filter: at(a.filter) } : {}),
        ...(a.orderBy ? { orderBy: a.orderBy.map((o) => ({ ...o, column: at(o.column) })) } : {}),
      }));
      return identity({ ...plan, input: child.plan, groupKeys: plan.groupKeys.map(at), aggregates });
    }
    case 'TopN':
      return pruneTopN(plan, required);
    case 'OverWindow':
      return pruneOverWindow(plan, required);
    case 'EowcSort': {
      const child = prune(plan.input, new Set([...required, plan.sortColumn]));
      if (child.plan === plan.input) return identity(plan);
      return { plan: makeEowcSort(child.plan, child.mapping[plan.sortColumn]!), mapping: child.mapping };
    }
    case 'Union':
      return pruneUnion(plan, required, prune);
    case 'SemiJoin':
      return pruneSemiJoin(plan, required, prune);
    case 'SingleJoin':
      return pruneSingleJoin(plan, required, prune);
    case 'Join':
      return pruneJoin(plan, required, prune);
    default:
      return plan satisfies never;
  }
}

/** TopN: reads partition and order keys; drops its rank column when nothing reads it. */
function pruneTopN(plan: TopN, required: ReadonlySet<number>): Pruned {
  const width = plan.input.schema.fields.length;
  const used = new Set([...required].filter((i) => i < width));
  plan.partitionKeys.forEach((k) => used.add(k));
  plan.orderBy.forEach((k) => used.add(k.column));
  const child = prune(plan.input, used);
  const dropRank = plan.rankColumn && !required.has(width);
  if (child.plan === plan.input && !dropRank) return identity(plan);
  const at = (i: number): number => child.mapping[i]!;
  const rankName = plan.rankColumn && !dropRank ? plan.schema.fields[width]!.name : undefined;
  const pruned = makeTopN(child.plan, {
    partitionKeys: plan.partitionKeys.map(at),
    orderBy: plan.orderBy.map((k) => ({ ...k, column: at(k.column) })),
    rank: plan.rank, offset: plan.offset, emitOnWindowClose: plan.emitOnWindowClose,
    ...(plan.limit !== undefined ? { limit: plan.limit } : {}),
    ...(plan.windowClose ? { windowClose: plan.windowClose } : {}),
    ...(rankName !== undefined ? { rankName } : {}),
  });
  const newWidth = child.plan.schema.fields.length;
  return { plan: pruned, mapping: plan.rankColumn ? [...child.mapping, rankName !== undefined ? newWidth : -1] : child.mapping };
}

/** OverWindow: drops calls nothing reads (all of them: the node goes away). */
function pruneOverWindow(plan: OverWindow, required: ReadonlySet<number>): Pruned {
  const width = plan.input.schema.fields.length;
  const keepCalls = plan.calls.flatMap((_, j) => (required.has(width + j) ? [j] : []));
  const used = new Set([...required].filter((i) => i < width));
  if (keepCalls.length > 0) {
    plan.partitionKeys.forEach((k) => used.add(k));
    plan.orderBy.forEach((k) => used.add(k.column));
    keepCalls.forEach((j) => plan.calls[j]!.args.forEach((a) => used.add(a)));
  }
  const child = prune(plan.input, used);
  if (child.plan === plan.input && keepCalls.length === plan.calls.length) return identity(plan);
  const newWidth = child.plan.schema.fields.length;
  const callMapping = plan.calls.map((_, j) => { const at = keepCalls.indexOf(j); return at < 0 ? -1 : newWidth + at; });
  if (keepCalls.length === 0) return { plan: child.plan, mapping: [...child.mapping, ...callMapping] };
  const at = (i: number): number => child.mapping[i]!;
  const calls = keepCalls.map((j) => { const c = plan.calls[j]!; return { ...c, args: c.args.map(at) }; });
  const pruned = makeOverWindow(child.plan, plan.partitionKeys.map(at), plan.orderBy.map((k) => ({ ...k, column: at(k.column) })), calls,
    keepCalls.map((j) => plan.schema.fields[width + j]!.name), { ...(plan.windowClose ? { windowClose: plan.windowClose } : {}), emitOnWindowClose: plan.emitOnWindowClose });
  return { plan: pruned, mapping: [...child.mapping, ...callMapping] };
}

function pruneScan(scan: Scan, required: ReadonlySet<number>): Pruned {
  const needed = scan.filter ? collectInputRefs(scan.filter, new Set(required)) : new Set(required);
  // the source computes its watermark from this column, so it is always read
  const watermarkAt = scan.watermark ? scan.columns.indexOf(scan.watermark.column) : -1;
  if (watermarkAt >= 0) needed.add(watermarkAt);
  const keep = keptPositions(scan.columns.length, needed);
  if (keep.length === scan.columns.length) return identity(scan);
  const mapping = mappingOf(scan.columns.length, keep);
  const props: StreamProps = {
    ...scan.props,
    watermarkColumns: scan.props.watermarkColumns.flatMap((i) => (mapping[i]! >= 0 ? [mapping[i]!] : [])),
  };
  const pruned: Scan = {
    ...scan,
    columns: keep.map((i) => scan.columns[i]!),
    schema: schemaOf(keep.map((i) => scan.schema.fields[i]!)),
    props,
    ...(scan.filter ? { filter: remap(scan.filter, mapping) } : {}),
  };
  return { plan: pruned, mapping };
}

/** The positions to keep, ascending; at least the first one. */
function keptPositions(count: number, required: ReadonlySet<number>): number[] {
  const keep = [...required].filter((i) => i < count).sort((a, b) => a - b);
  return keep.length > 0 || count === 0 ? keep : [0];
}

function mappingOf(count: number, keep: readonly number[]): number[] {
  const mapping = new Array<number>(count).fill(-1);
  keep.forEach((old, i) => (mapping[old] = i));
  return mapping;
}

function refsOf(exprs: readonly BoundExpr[]): Set<number> {
  const refs = new Set<number>();
  for (const e of exprs) collectInputRefs(e, refs);
  return refs;
}

function remap(e: BoundExpr, mapping: readonly number[]): BoundExpr {
  return remapInputs(e, (i) => mapping[i] ?? -1);
}
