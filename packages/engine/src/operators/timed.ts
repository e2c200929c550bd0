/**
 * Shared bookkeeping for operators: time spent in a call goes to `metrics.busyMs`, output
 * rows to `metrics.rowsOut`.
 */
import type { Delta } from '../delta.js';
import type { OperatorMetrics } from './operator.js';

/** Runs `work`, adding its duration and its output rows to `metrics`. */
export function timed(metrics: OperatorMetrics, work: () => Delta[]): Delta[] {
  const start = performance.now();
  try {
    const out = work().filter((d) => d.length > 0);
    for (const d of out) metrics.rowsOut += d.length;
    return out;
  } finally {
    metrics.busyMs += performance.now() - start;
  }
}
