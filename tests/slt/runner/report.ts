/**
 * Console output of a run: one line per file, the first failures of failing files when asked,
 * and a closing `N passed, M failed, K skipped` line.
 */
import path from 'node:path';
import { countOutcomes, type Counts, type FileResult, type RecordResult } from './outcomes.js';
import { sqlSummary } from './parse-slt.js';

export interface ReportOptions {
  /** file paths are printed relative to this folder */
  readonly baseDir: string;
  readonly showFailures: boolean;
  /** at most this many failures per file */
  readonly maxFailuresShown?: number;
}

/** `PASS|FAIL path (passed/total records[, K skipped])`, with the run time when `showTime` */
export function fileLine(result: FileResult, baseDir: string, showTime = false): string {
  const counts = countOutcomes(result.records);
  const total = counts.passed + counts.failed + counts.skipped;
  const skipped = counts.skipped > 0 ? `, ${counts.skipped} skipped` : '';
  return `${counts.failed > 0 ? 'FAIL' : 'PASS'} ${displayPath(result.file, baseDir)} (${counts.passed}/${total} records${skipped})${showTime ? ` ${(result.elapsedMs / 1000).toFixed(1)} s` : ''}`;
}

export function failureLines(result: FileResult, options: ReportOptions): string[] {
  const failed = result.records.filter((r) => r.outcome.status === 'failed');
  const shown = failed.slice(0, options.maxFailuresShown ?? 5);
  const lines = shown.flatMap((record) => describeFailure(record, options.baseDir));
  if (failed.length > shown.length) lines.push(`    ... and ${failed.length - shown.length} more failed records`);
  return lines;
}

export function totalsLine(counts: Counts): string {
  return `${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`;
}

function describeFailure(record: RecordResult, baseDir: string): string[] {
  if (record.outcome.status !== 'failed') return [];
  const { failure } = record.outcome;
  const lines = [`  ${displayPath(record.origin.file, baseDir)}:${record.origin.line}: ${sqlSummary(record.text)}`];
  if (failure.expected && failure.actual) {
    lines.push('    expected:', ...indent(failure.expected), '    got:', ...indent(failure.actual));
  } else {
    lines.push(`    ${failure.message}`);
  }
  return lines;
}

function indent(lines: readonly string[], max = 12): string[] {
  const shown = lines.slice(0, max).map((line) => `      ${line}`);
  if (lines.length > max) shown.push(`      ... (${lines.length - max} more)`);
  if (lines.length === 0) shown.push('      (no rows)');
  return shown;
}

export function displayPath(file: string, baseDir: string): string {
  const relative = path.relative(baseDir, file);
  return relative.startsWith('..') && relative.split(path.sep).filter((s) => s === '..').length > 2 ? file : relative;
}
