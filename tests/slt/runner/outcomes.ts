/**
 * What running a record produced, and the per-file summary. Plain data, so reports and the
 * conformance page can be generated from it.
 */
import type { RecordOrigin } from './records.js';

/** Why a record failed. */
export interface Failure {
  /** one line: the error (`code: message`) or what differed */
  readonly message: string;
  /**
   * the failure's cause, for aggregation: `code: message` with quoted names and numbers
   * replaced by placeholders, `wrong result`, `no error raised`, ...
   */
  readonly cause: string;
  /** set when the record failed only because an earlier failed statement did not create `object` */
  readonly cascadeFrom?: { readonly object: string; readonly cause: string };
  /** for result mismatches: both sides as compared */
  readonly expected?: readonly string[];
  readonly actual?: readonly string[];
}

export type Outcome =
  | { readonly status: 'passed' }
  | { readonly status: 'failed'; readonly failure: Failure }
  | { readonly status: 'skipped'; readonly reason: string };

export interface RecordResult {
  readonly origin: RecordOrigin;
  /** the record's SQL (or shell command), for reports */
  readonly text: string;
  readonly outcome: Outcome;
}

export interface FileResult {
  /** the file as given (absolute) */
  readonly file: string;
  readonly records: readonly RecordResult[];
  /** wall-clock time of the run, engine start and close included */
  readonly elapsedMs: number;
}

export interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

export function countOutcomes(records: readonly RecordResult[]): Counts {
  const counts: Counts = { passed: 0, failed: 0, skipped: 0 };
  for (const record of records) counts[record.outcome.status]++;
  return counts;
}

export function addCounts(a: Counts, b: Counts): Counts {
  return { passed: a.passed + b.passed, failed: a.failed + b.failed, skipped: a.skipped + b.skipped };
}
