/**
 * EXPLAIN text for the ordering nodes, TopN and OverWindow: sort keys by input column name,
 * ranks, limits and window frames, in the same stable one-line form as the other nodes.
 */
import { formatDurationUs } from '../binder/interval.js';
import type { FrameBound, OverWindow, SortKey, TopN, WindowCall, WindowFrame } from '../plan/logical-plan.js';
import type { Schema } from '../types/schema.js';

/** `TopN partition=[k] order=[v DESC] rank=row_number offset=0 limit=3 ...` */
export function describeTopN(node: TopN): string {
  const input = node.input.schema;
  const parts = [`TopN partition=[${node.partitionKeys.map((k) => columnName(input, k)).join(', ')}]`];
  parts.push(`order=[${formatSortKeys(node.orderBy, input)}]`, `rank=${node.rank}`);
  if (node.offset > 0) parts.push(`offset=${node.offset}`);
  if (node.limit !== undefined) parts.push(`limit=${node.limit}`);
  if (node.rankColumn) parts.push(`rank-column=${node.schema.fields[node.schema.fields.length - 1]!.name}`);
  return parts.join(' ') + closeText(node);
}

/** `OverWindow partition=[k] order=[v] calls=[rn=row_number(), s=sum(#2) ROWS ...]` */
export function describeOverWindow(node: OverWindow): string {
  const input = node.input.schema;
  const width = input.fields.length;
  const calls = node.calls.map((c, i) => `${node.schema.fields[width + i]!.name}=${formatWindowCall(c)}`);
  return `OverWindow partition=[${node.partitionKeys.map((k) => columnName(input, k)).join(', ')}] ` +
    `order=[${formatSortKeys(node.orderBy, input)}] calls=[${calls.join(', ')}]${closeText(node)}`;
}

/** ` emit=on-window-close window-close=window_start+10s`, or nothing. */
function closeText(node: TopN | OverWindow): string {
  const parts: string[] = [];
  if (node.emitOnWindowClose) parts.push('emit=on-window-close');
  if (node.windowClose) {
    const key = columnName(node.input.schema, node.partitionKeys[node.windowClose.keyIndex]!);
    parts.push(`window-close=${key}${node.windowClose.endOffsetUs ? `+${formatDurationUs(node.windowClose.endOffsetUs)}` : ''}`);
  }
  return parts.map((p) => ` ${p}`).join('');
}

/** `price DESC, id` (NULLS placement only when not the direction's default). */
export function formatSortKeys(keys: readonly SortKey[], input: Schema): string {
  return keys.map((k) => {
    const defaultNulls = k.direction === 'DESC' ? 'FIRST' : 'LAST';
    const nulls = k.nulls !== defaultNulls ? ` NULLS ${k.nulls}` : '';
    return `${columnName(input, k.column)}${k.direction === 'DESC' ? ' DESC' : ''}${nulls}`;
  }).join(', ');
}

function formatWindowCall(c: WindowCall): string {
  const args = c.args.map((a) => `#${a}`);
  if (c.kind === 'lag' || c.kind === 'lead') {
    args.push(String(c.offset ?? 1));
    if (c.defaultValue !== undefined && c.defaultValue !== null) args.push(formatDefault(c.defaultValue));
  }
  const call = `${c.kind === 'count_star' ? 'count' : c.kind}(${c.kind === 'count_star' ? '*' : args.join(', ')})`;
  const framed = c.kind !== 'row_number' && c.kind !== 'rank' && c.kind !== 'dense_rank' && c.kind !== 'lag' && c.kind !== 'lead';
  return framed ? `${call} ${formatFrame(c.frame)}` : call;
}

function formatDefault(v: unknown): string {
  return typeof v === 'string' ? `'${v.replace(/'/g, "''")}'` : String(v);
}

/** `ROWS BETWEEN 1 PRECEDING AND CURRENT ROW` */
export function formatFrame(frame: WindowFrame): string {
  if (frame.mode === 'session') return `SESSION WITH GAP ${frame.gap}`;
  const exclude = frame.excludeCurrentRow ? ' EXCLUDE CURRENT ROW' : '';
  return `${frame.mode.toUpperCase()} BETWEEN ${formatBound(frame.start)} AND ${formatBound(frame.end)}${exclude}`;
}

function formatBound(b: FrameBound): string {
  switch (b.kind) {
    case 'unbounded-preceding': return 'UNBOUNDED PRECEDING';
    case 'preceding': return `${b.offset} PRECEDING`;
    case 'current-row': return 'CURRENT ROW';
    case 'following': return `${b.offset} FOLLOWING`;
    case 'unbounded-following': return 'UNBOUNDED FOLLOWING';
    default: return b satisfies never;
  }
}

function columnName(schema: Schema, i: number): string {
  return schema.fields[i]?.name ?? `#${i}`;
}
