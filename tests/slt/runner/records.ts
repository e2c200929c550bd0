/**
 * The records of a sqllogictest file, as plain tagged data. A record knows the file and the
 * 1-based line of its header, so reports and skip lists can point at it.
 */

/** How a query's result is ordered before comparison. */
export type SortMode = 'nosort' | 'rowsort' | 'valuesort';

/** Where a record came from: its file, its header line and the chain of files that included it. */
export interface RecordOrigin {
  readonly file: string;
  readonly line: number;
  /** the including files, outermost first (empty for a top-level record) */
  readonly includedFrom: readonly string[];
}

/** `skipif <engine>` / `onlyif <engine>` lines written above a record. */
export interface Condition {
  readonly kind: 'skipif' | 'onlyif';
  readonly engine: string;
}

/** `retry <n> backoff <duration>`: re-run a query until it matches, at most `attempts` more times. */
export interface Retry {
  readonly attempts: number;
  readonly backoffMs: number;
}

/** What an erroring record expects: any error, or one whose message matches `pattern`. */
export interface ExpectedError {
  /** a regular expression source matched against the message, or null for "any error" */
  readonly pattern: string | null;
  /** the multi-line expected error text after `----` (another engine's wording; not compared) */
  readonly text: string | null;
}

export type SltRecord =
  | { readonly kind: 'statement'; readonly origin: RecordOrigin; readonly conditions: readonly Condition[]; readonly sql: string; readonly expectError: ExpectedError | null; readonly retry: Retry | null }
  | {
      readonly kind: 'query';
      readonly origin: RecordOrigin;
      readonly conditions: readonly Condition[];
      readonly sql: string;
      /** the column type letters, e.g. `IIT` (only their number is checked) */
      readonly types: string;
      readonly sortMode: SortMode;
      readonly label: string | null;
      /** the expected result lines after `----` */
      readonly expected: readonly string[];
      readonly expectError: ExpectedError | null;
      readonly retry: Retry | null;
    }
  /** `let a, b` + a query: binds variables to the first row's values (used with `control substitution on`) */
  | { readonly kind: 'let'; readonly origin: RecordOrigin; readonly conditions: readonly Condition[]; readonly sql: string; readonly variables: readonly string[] }
  | { readonly kind: 'include'; readonly origin: RecordOrigin; readonly conditions: readonly Condition[]; readonly pattern: string }
  /** `system ok` and other shell commands: never run */
  | { readonly kind: 'system'; readonly origin: RecordOrigin; readonly conditions: readonly Condition[]; readonly command: string }
  | { readonly kind: 'sleep'; readonly origin: RecordOrigin; readonly conditions: readonly Condition[]; readonly durationMs: number }
  | { readonly kind: 'hash-threshold'; readonly origin: RecordOrigin; readonly threshold: number }
  | { readonly kind: 'control'; readonly origin: RecordOrigin; readonly setting: string; readonly value: string }
  | { readonly kind: 'halt'; readonly origin: RecordOrigin; readonly conditions: readonly Condition[] };

/** The records that count toward pass/fail (the others are directives that steer the run). */
export function isCountedRecord(record: SltRecord): boolean {
  return record.kind === 'statement' || record.kind === 'query' || record.kind === 'let' || record.kind === 'system';
}
