/**
 * The logical plan: a tree of immutable nodes, discriminated by `kind`. Every node carries its
 * output `schema` and its streaming `props`. Rewrites return new nodes; nothing mutates a node.
 *
 * Adding a node kind: add it to `LogicalPlan`, then fix every compile error — each pass
 * dispatches exhaustively (see `children`/`withChildren` in plan-utils.ts, the optimizer
 * rules, EXPLAIN, and the engine's physical planner).
 */
import type { DataType, SqlValue } from '../types/data-type.js';
import type { Schema } from '../types/schema.js';
import type { AggregateCall, BoundExpr } from './bound-expr.js';

export type LogicalPlan = Scan | Values | Filter | Project | ProjectSet | WindowTvf | Aggregate | TopN | OverWindow
  | Union | SemiJoin | SingleJoin | Join | EowcSort;

export type LogicalPlanKind = LogicalPlan['kind'];

/** Streaming properties of a node's output. */
export interface StreamProps {
  /** true when the output only ever inserts (no retractions) */
  readonly appendOnly: boolean;
  /** true when the input is bounded (a finite file, a table snapshot, VALUES) */
  readonly bounded: boolean;
  /**
   * Output columns on which a watermark is defined: rows with a value below the watermark of
   * that column will not arrive any more. Event-time columns of sources, and window_start /
   * window_end derived from them.
   */
  readonly watermarkColumns: readonly number[];
}

interface NodeBase {
  readonly schema: Schema;
  readonly props: StreamProps;
}

/** The watermark declared on a source or table: `column` minus `delayUs`. */
export interface WatermarkSpec {
  /** position in the object's full schema */
  readonly column: number;
  readonly delayUs: number;
}

/**
 * Reads a catalog object. `columns` are the positions read from the object's full schema
 * (projection pruning narrows it); `schema` is the schema of those columns in that order.
 * `filter`, when set, was pushed down into the scan and is over the scan's *output* columns.
 */
export interface Scan extends NodeBase {
  readonly kind: 'Scan';
  readonly object: string;
  readonly objectKind: 'source' | 'table' | 'materialized-view' | 'system-table';
  readonly columns: readonly number[];
  readonly watermark?: WatermarkSpec;
  readonly filter?: BoundExpr;
}

/** Constant rows (`VALUES`, or a SELECT without FROM). Bounded and append-only. */
export interface Values extends NodeBase {
  readonly kind: 'Values';
  readonly rows: readonly (readonly BoundExpr[])[];
}

export interface Filter extends NodeBase {
  readonly kind: 'Filter';
  readonly input: LogicalPlan;
  readonly predicate: BoundExpr;
}

export interface Project extends NodeBase {
  readonly kind: 'Project';
  readonly input: LogicalPlan;
  /** one expression per output column; names are in `schema` */
  readonly exprs: readonly BoundExpr[];
}

/**
 * A projection where some expressions are set-returning (`unnest(...)`,
 * `regexp_split_to_table(...)`): each input row yields as many rows as its longest set, with
 * plain expressions repeated (PostgreSQL's semantics for SRFs in the select list).
 */
export interface ProjectSet extends NodeBase {
  readonly kind: 'ProjectSet';
  readonly input: LogicalPlan;
  readonly exprs: readonly ProjectSetItem[];
}

export type ProjectSetItem =
  | { readonly kind: 'scalar'; readonly expr: BoundExpr }
  | { readonly kind: 'set'; readonly fn: string; readonly args: readonly BoundExpr[] };

/**
 * Assigns each row to event-time windows and appends `window_start` and `window_end`
 * (TIMESTAMP) columns after the input's. TUMBLE: one window per row. HOP: size/slide windows
 * per row. CUMULATE: size/step windows at most. SESSION: one session per row, which changes
 * as rows arrive (see `SessionWindow`). All durations in microseconds.
 */
export interface WindowTvf extends NodeBase {
  readonly kind: 'WindowTvf';
  readonly input: LogicalPlan;
  readonly window: WindowKind;
  readonly timeColumn: number;
}

export type WindowKind =
  | { readonly kind: 'tumble'; readonly sizeUs: number; readonly offsetUs: number }
  | { readonly kind: 'hop'; readonly slideUs: number; readonly sizeUs: number; readonly offsetUs: number }
  | CumulateWindow
  | SessionWindow;

/**
 * Flink's CUMULATE: within each `sizeUs`-aligned window, the windows [start, start + step),
 * [start, start + 2 step), ... [start, start + size); a row belongs to every one that ends
 * after its time.
 */
export interface CumulateWindow {
  readonly kind: 'cumulate';
  readonly stepUs: number;
  readonly sizeUs: number;
  readonly offsetUs: number;
}

/**
 * A session window: per partition key, rows closer than `gapUs` in event time form one
 * session; window_start is its first event, window_end its last event plus the gap. Sessions
 * merge and split as rows arrive and are retracted, so the node's output retracts rows of the
 * old sessions and inserts them with the new bounds. `sizeUs` equals the gap: the least
 * distance from a row's time to its window_end (window_start has no such bound).
 * `partitionBy` are input columns; empty means one session timeline for all rows.
 */
export interface SessionWindow {
  readonly kind: 'session';
  readonly gapUs: number;
  readonly sizeUs: number;
  readonly partitionBy: readonly number[];
  /** the partition was not written (RisingWave's form) and may be taken from the GROUP BY above */
  readonly partitionInferred: boolean;
}

/**
 * Grouped aggregation. Output: the group keys (in order), then one column per aggregate.
 * The group keys are input column positions (the binder projects key expressions first).
 *
 * Emit on update (default): each batch retracts the old row of every changed group and
 * inserts its new one. `emitOnWindowClose`: a group is emitted once, as an insert, when the
 * watermark passes the end of its window (`windowEndKey` says which group key holds the
 * window end, or `windowStartKey` plus the window size); its state is then dropped.
 */
export interface Aggregate extends NodeBase {
  readonly kind: 'Aggregate';
  readonly input: LogicalPlan;
  readonly groupKeys: readonly number[];
  readonly aggregates: readonly AggregateCall[];
  readonly emitOnWindowClose: boolean;
  /**
   * When a group key is a window bound derived from a watermark column: the key's position
   * among `groupKeys` and the offset (µs) to add to it to get the window end (0 for
   * window_end itself, the size for window_start).
   */
  readonly windowClose?: { readonly keyIndex: number; readonly endOffsetUs: number };
}

/** One key of an ordering over a node's input columns. */
export interface SortKey {
  readonly column: number;
  readonly direction: 'ASC' | 'DESC';
  readonly nulls: 'FIRST' | 'LAST';
}

/** How rows of one partition are numbered: as `row_number()`, `rank()` or `dense_rank()`. */
export type RankKind = 'row_number' | 'rank' | 'dense_rank';

/**
 * Keeps, per partition (`partitionKeys`, none: one partition), the rows whose rank by
 * `orderBy` is in `(offset, offset + limit]` (no `limit`: unbounded above). Ranks are
 * 1-based and numbered as `rank` says; rows equal on the order keys are further ordered by
 * all their columns, so which of several tied rows `row_number` keeps is deterministic.
 * Output: the input columns, then (when `rankColumn`) the rank as a BIGINT column.
 *
 * `ORDER BY ... LIMIT n OFFSET m` in a view or subquery is a TopN with no partition keys;
 * `row_number() OVER (PARTITION BY k ORDER BY v) <= n` becomes one with partition keys.
 * With `windowClose` (a partition key that is a window bound with a watermark), partitions
 * whose window has closed are evicted and late rows dropped; `emitOnWindowClose` then emits
 * a partition's rows once, as inserts, when its window closes.
 */
export interface TopN extends NodeBase {
  readonly kind: 'TopN';
  readonly input: LogicalPlan;
  readonly partitionKeys: readonly number[];
  readonly orderBy: readonly SortKey[];
  readonly rank: RankKind;
  readonly offset: number;
  readonly limit?: number;
  readonly rankColumn: boolean;
  readonly emitOnWindowClose: boolean;
  /** the partition key (index into `partitionKeys`) holding a window bound, and the µs to add to reach the window's end */
  readonly windowClose?: { readonly keyIndex: number; readonly endOffsetUs: number };
}

/** Window functions an `OverWindow` computes. */
export type WindowFunctionKind =
  | RankKind
  | 'lag' | 'lead' | 'first_value' | 'last_value'
  | 'count' | 'count_star' | 'sum' | 'avg' | 'min' | 'max';

/** One end of a window frame; `offset` counts rows (ROWS) or order-key units (RANGE; µs for time). */
export type FrameBound =
  | { readonly kind: 'unbounded-preceding' }
  | { readonly kind: 'preceding'; readonly offset: number }
  | { readonly kind: 'current-row' }
  | { readonly kind: 'following'; readonly offset: number }
  | { readonly kind: 'unbounded-following' };

/**
 * A window frame: `ROWS` counts rows, `RANGE` compares order-key values (peers included).
 * `SESSION WITH GAP gap` (RisingWave's session frame) takes the row's session: the run of rows
 * in which each order key is less than `gap` past the one before; its `start` and `end` are
 * the partition's ends, within which the session lies.
 */
export interface WindowFrame {
  readonly mode: 'rows' | 'range' | 'session';
  readonly start: FrameBound;
  readonly end: FrameBound;
  /** mode 'session': the gap in order-key units (µs for time) */
  readonly gap?: number;
  /** `EXCLUDE CURRENT ROW`: the row itself is left out of its frame */
  readonly excludeCurrentRow?: boolean;
}

/**
 * One window function call. `args` are input column positions. `lag`/`lead` look `offset`
 * rows back/forward in the partition's order and give `defaultValue` (of `type`) past its
 * ends; the frame does not apply to them nor to the ranking functions.
 */
export interface WindowCall {
  readonly kind: WindowFunctionKind;
  readonly args: readonly number[];
  readonly frame: WindowFrame;
  readonly offset?: number;
  readonly defaultValue?: SqlValue;
  readonly type: DataType;
}

/**
 * Window functions over partitions (`f(...) OVER (PARTITION BY ... ORDER BY ... frame)`).
 * Output: the input columns, then one column per call. Every call shares the partitioning
 * and order; a SELECT with several window specifications stacks several OverWindows.
 * Incrementally, a change to a partition recomputes that partition's output rows and emits
 * the difference. `windowClose` and `emitOnWindowClose` work as in TopN.
 */
export interface OverWindow extends NodeBase {
  readonly kind: 'OverWindow';
  readonly input: LogicalPlan;
  readonly partitionKeys: readonly number[];
  readonly orderBy: readonly SortKey[];
  readonly calls: readonly WindowCall[];
  /** as in TopN: a partition key holding a window bound; closed partitions are evicted */
  readonly windowClose?: { readonly keyIndex: number; readonly endOffsetUs: number };
  /** emit a partition's rows once, as inserts, when its window closes (needs `windowClose`) */
  readonly emitOnWindowClose: boolean;
}

/**
 * `EMIT ON WINDOW CLOSE` over rows no window aggregation closes (RisingWave's EowcSort): each
 * input row is held until the watermark passes its `sortColumn` (a watermark column of the
 * input), then emitted, rows in ascending order of that column. Output: the input's columns.
 * Rows arriving already behind the watermark are late (dropped). A retraction of a held row
 * cancels it; one of an emitted row passes through, so the output is append-only when the
 * input is.
 */
export interface EowcSort extends NodeBase {
  readonly kind: 'EowcSort';
  readonly input: LogicalPlan;
  readonly sortColumn: number;
}

/**
 * UNION ALL: the rows of every input, as a multiset (each input's changes pass through). The
 * binder aligns the inputs first, so every input has this node's column types; names come
 * from the first input. Append-only when every input is.
 */
export interface Union extends NodeBase {
  readonly kind: 'Union';
  readonly inputs: readonly LogicalPlan[];
}

/**
 * How a `SemiJoin` keeps left rows. `semi`: rows with a right row of equal keys
 * (`IN`, `EXISTS`); `anti`: rows without one (`NOT EXISTS`); `anti-null-aware`: `NOT IN`
 * with PostgreSQL's NULL rules on the last key (the IN column), the keys before it being
 * correlation keys: a row is kept when no right row shares its correlation keys, or when its
 * IN value is not NULL, equals no right value and no right value is NULL.
 * Keys compare with `=`: a NULL key never matches.
 */
export type SemiJoinKind = 'semi' | 'anti' | 'anti-null-aware';

/**
 * A semi or anti join: the left rows, with their multiplicities, that have (or lack) a right
 * row with equal key columns. Output schema: the left input's. Changes on either side are
 * reflected: a right row appearing for a key emits that key's left rows (semi) or retracts
 * them (anti).
 */
export interface SemiJoin extends NodeBase {
  readonly kind: 'SemiJoin';
  readonly joinKind: SemiJoinKind;
  readonly left: LogicalPlan;
  readonly right: LogicalPlan;
  readonly leftKeys: readonly number[];
  readonly rightKeys: readonly number[];
}

/**
 * A left outer join with a right side that holds at most one row per key (a scalar subquery,
 * decorrelated by its equality keys; no keys for an uncorrelated one). Output: the left
 * columns, then the right row's columns `rightColumns` (NULLs where no right row matches).
 * Two right rows for one key is an error at run time, as in PostgreSQL ("more than one row
 * returned by a subquery used as an expression").
 */
export interface SingleJoin extends NodeBase {
  readonly kind: 'SingleJoin';
  readonly left: LogicalPlan;
  readonly right: LogicalPlan;
  readonly leftKeys: readonly number[];
  readonly rightKeys: readonly number[];
  readonly rightColumns: readonly number[];
}

/**
 * How a `Join` pairs rows: `inner`, or an outer join preserving the left, right or both sides;
 * `asof` and `asof-left` pair each left row with at most one right row (see `AsOfCondition`),
 * `asof-left` NULL-padding left rows without one.
 */
export type JoinKind = 'inner' | 'left' | 'right' | 'full' | 'asof' | 'asof-left';

/**
 * The inequality of an ASOF join, `left op right` (`left` over the left input's columns,
 * `right` over the right input's; one type). Among the right rows with equal keys for which
 * it holds, a left row pairs with the closest one: the least `right` for `lt`/`le`, the
 * greatest for `gt`/`ge`; ties on `right` go to the right row that sorts first by its
 * columns. A NULL on either side never matches.
 */
export interface AsOfCondition {
  readonly left: BoundExpr;
  readonly right: BoundExpr;
  readonly op: 'lt' | 'le' | 'gt' | 'ge';
}

/**
 * One equi-join key: `left` (over the left input's columns) equals `right` (over the right
 * input's columns). Both have the same type; a NULL key never matches.
 */
export interface JoinKey {
  readonly left: BoundExpr;
  readonly right: BoundExpr;
}

/**
 * A two-input join (inner, left/right/full outer; a cross join is an inner join without
 * keys). Output: the left columns, then the right ones; the side an outer join does not
 * preserve is NULL-padded where a row has no match. Rows match when every key pair is equal
 * and `residual` (over the concatenated output columns) is true.
 *
 * Props: append-only only for inner joins of append-only inputs (outer joins retract their
 * NULL-padded rows when a first match arrives); watermark columns are the key columns equal to
 * a watermarked column of the other side (window joins on window_start/window_end).
 * `plan/join-bounds.ts` derives from keys and residual when state can be evicted.
 */
export interface Join extends NodeBase {
  readonly kind: 'Join';
  readonly joinType: JoinKind;
  readonly left: LogicalPlan;
  readonly right: LogicalPlan;
  readonly keys: readonly JoinKey[];
  readonly residual?: BoundExpr;
  /** the inequality of an `asof` / `asof-left` join (present exactly for those kinds) */
  readonly asof?: AsOfCondition;
}
