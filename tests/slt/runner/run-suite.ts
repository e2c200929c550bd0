/**
 * Runs many .slt files one after another (each in its own engine) and reports as it goes.
 */
import { addCounts, countOutcomes, type Counts, type FileResult } from './outcomes.js';
import { runSltFile, type RunOptions } from './run-file.js';

export interface SuiteResult {
  readonly files: readonly FileResult[];
  readonly counts: Counts;
}

/** Runs `files` in order; `onFile` is called after each file (for progress output). */
export async function runSuite(files: readonly string[], options: RunOptions = {}, onFile?: (result: FileResult) => void): Promise<SuiteResult> {
  const results: FileResult[] = [];
  let counts: Counts = { passed: 0, failed: 0, skipped: 0 };
  for (const file of files) {
    const result = await runSltFile(file, options);
    results.push(result);
    counts = addCounts(counts, countOutcomes(result.records));
    onFile?.(result);
  }
  return { files: results, counts };
}
