/**
 * Constructors for the ordering nodes, TopN and OverWindow, deriving schema and streaming
 * props from the input the way `plan-nodes.ts` does for the others. Nodes are frozen.
 */
import type { LogicalPlan, OverWindow, StreamProps, TopN, WindowCall } from '../plan/logical-plan.js';
import { T } from '../types/data-type.js';
import { field, schemaOf } from '../types/schema.js';

/** What `makeTopN` needs beyond the input. */
export type TopNSpec = Omit<TopN, 'kind' | 'input' | 'schema' | 'props' | 'rankColumn'> & {
  /** the name of the rank column, when the output carries one */
  readonly rankName?: string;
};

/**
 * A TopN over `input`: its columns, plus the rank column when `rankName` is given. The
 * output retracts (a row leaves the top set) unless it emits on window close.
 */
export function makeTopN(input: LogicalPlan, spec: TopNSpec): TopN {
  const { rankName, ...rest } = spec;
  const fields = rankName === undefined ? input.schema.fields : [...input.schema.fields, field(rankName, T.bigint, false)];
  return Object.freeze({
    kind: 'TopN',
    input,
    ...rest,
    rankColumn: rankName !== undefined,
    schema: schemaOf(fields),
    props: partitionedProps(input, spec.partitionKeys, spec.emitOnWindowClose),
  });
}

/** Window functions over `input`: its columns, then one column per call, named by `names`. */
export function makeOverWindow(
  input: LogicalPlan, partitionKeys: readonly number[], orderBy: OverWindow['orderBy'], calls: readonly WindowCall[], names: readonly string[],
  close: Pick<OverWindow, 'windowClose'> & { readonly emitOnWindowClose?: boolean } = {},
): OverWindow {
  const callFields = calls.map((c, i) => field(names[i]!, c.type, !NEVER_NULL.has(c.kind)));
  const emitOnWindowClose = close.emitOnWindowClose ?? false;
  return Object.freeze({
    kind: 'OverWindow',
    input,
    partitionKeys,
    orderBy,
    calls,
    ...(close.windowClose ? { windowClose: close.windowClose } : {}),
    emitOnWindowClose,
    schema: schemaOf([...input.schema.fields, ...callFields]),
    props: partitionedProps(input, partitionKeys, emitOnWindowClose),
  });
}

const NEVER_NULL = new Set<WindowCall['kind']>(['row_number', 'rank', 'dense_rank', 'count', 'count_star']);

/** Watermarks survive on partition keys: a partition's key values never change. */
function partitionedProps(input: LogicalPlan, partitionKeys: readonly number[], appendOnly: boolean): StreamProps {
  return {
    appendOnly,
    bounded: input.props.bounded,
    watermarkColumns: input.props.watermarkColumns.filter((c) => partitionKeys.includes(c)),
  };
}
