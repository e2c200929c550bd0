/**
 * `EMIT ON WINDOW CLOSE` on a query whose result no window closes (no aggregation or window
 * function tied to a window): RisingWave buffers the rows and releases them in watermark
 * order once the watermark passes them (its EowcSort). That needs a watermark column in the
 * result; without one, the query cannot emit on window close.
 */
import { type SourcePosition, SqlError } from '../errors.js';
import type { EowcSort, LogicalPlan } from '../plan/logical-plan.js';

/** An EowcSort over `input` on its column `sortColumn` (which must carry a watermark). */
export function makeEowcSort(input: LogicalPlan, sortColumn: number): EowcSort {
  return Object.freeze({
    kind: 'EowcSort',
    input,
    sortColumn,
    schema: input.schema,
    props: input.props,
  });
}

/**
 * `plan` emitting on window close through an EowcSort on its first watermark column.
 * Throws `emit-on-window-close-without-window` when the result has no watermark column.
 */
export function sortOnWindowClose(plan: LogicalPlan, pos: SourcePosition | undefined): EowcSort {
  const column = plan.props.watermarkColumns[0];
  if (column === undefined) {
    throw new SqlError('emit-on-window-close-without-window',
      'EMIT ON WINDOW CLOSE needs a watermark column in the result, an aggregation grouped by a window bound, or window functions partitioned by one', pos,
      'select the time column that has a WATERMARK (or a window bound over it)');
  }
  return makeEowcSort(plan, column);
}
