/**
 * Routes the rows a user function fails on by the `on_error` of the source they come from
 * (docs/embedding.md, "Errors in user functions"): with 'skip' they are dropped and counted,
 * with 'dead_letter' they are dropped and kept in `sluice_dead_letters` (the row as JSON, the
 * error naming the function). Only an `on_error` written on the source routes function
 * failures: without one (or with 'fail') a failure stops the pipeline with `udf-failed`, as a
 * bug in code should — the option's 'skip' default is for malformed input.
 */
import type { Scan } from '@sluice/sql';
import { readValue } from '../arrow/column-reader.js';
import { readOnError } from '../connectors/options.js';
import type { Delta } from '../delta.js';
import type { EngineError } from '../errors.js';
import type { RowErrorRoute } from '../expr/row-errors.js';
import { toJsonValue } from '../formats/value-text.js';
import { DEAD_LETTER_TABLE, recordDeadLetter } from './dead-letters.js';
import type { EngineContext } from './engine-context.js';

/**
 * The route for rows of `scan` evaluated in pipeline `pipeline`, or undefined when the scan
 * does not read a source whose `on_error` is 'skip' or 'dead_letter'.
 */
export function udfRowErrorRoute(ctx: EngineContext, pipeline: string, scan: Scan): RowErrorRoute | undefined {
  const object = ctx.catalog.get(scan.object);
  if (object?.kind !== 'source' || object.options['on_error'] === undefined) return undefined;
  const policy = readOnError(object.options);
  if (policy === 'fail') return undefined;
  const source = object.name;
  // one notice per function (and source and pipeline): a failing function usually fails often
  const reported = new Set<string>();
  const noticeOnce = (error: EngineError, what: string): void => {
    const fn = error.options.operator ?? error.message;
    if (reported.has(fn)) return;
    reported.add(fn);
    ctx.notice(`${error.code} in ${source} (read by ${pipeline}): ${error.message}; ${what}, as are later rows it fails on`);
  };
  return {
    policy,
    reject(delta, failures) {
      for (const [row, error] of failures) {
        if (policy === 'skip') {
          noticeOnce(error, "the row is skipped (on_error = 'skip')");
          continue;
        }
        noticeOnce(error, `the row is kept in ${DEAD_LETTER_TABLE} (on_error = 'dead_letter')`);
        recordDeadLetter(ctx, { source, offset: null, payload: rowJson(delta, row), error: error.message });
      }
    },
  };
}

/** Row `row` of `delta` as a JSON object keyed by column name. */
function rowJson(delta: Delta, row: number): string {
  const object: Record<string, unknown> = {};
  delta.schema.fields.forEach((f, c) => {
    object[f.name] = toJsonValue(readValue(delta.columns[c]!, f.type, row), f.type);
  });
  return JSON.stringify(object);
}
