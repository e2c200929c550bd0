/**
 * `npm run bench -- nexmark --check`: runs every query file once over a small bounded stream
 * and prints whether it runs, with the error code and message when it does not (the status
 * list in queries/README.md comes from this).
 */
import { Sluice } from '@sluice/engine';
import { NEXMARK_FUNCTIONS } from './nexmark-functions.js';
import { ALL_QUERIES, preludeSql, querySql } from './query-files.js';

/** Runs each query over 10,000 events; logs `qN: ok` or `qN: <code>: <message>`. */
export async function checkQueries(queries: readonly string[] | null, log: (line: string) => void): Promise<void> {
  for (const query of queries ?? ALL_QUERIES) {
    const engine = await Sluice.open({ batchIntervalMs: 5, functions: NEXMARK_FUNCTIONS });
    try {
      await engine.executeScript(preludeSql({ events: 10_000 }));
      await engine.executeScript(querySql(query));
      await engine.flush();
      log(`${query}: ok`);
    } catch (error) {
      const e = error as { code?: string; message?: string };
      log(`${query}: ${e.code ?? 'error'}: ${String(e.message ?? error).split('\n')[0]}`);
    } finally {
      await engine.close();
    }
  }
}
