// docs/embedding.md's count_char, registered as written there, runs Nexmark q14's query file
// (bench/nexmark/queries/q14.sql, as examples/nexmark-q14.ts does) and counts as length/replace does.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Sluice } from '@sluice/engine';
import { repoRoot } from '../helpers/repo-paths.js';

const QUERY_DIR = path.join(repoRoot, 'bench', 'nexmark', 'queries');

describe('Nexmark q14 with its user function', () => {
  it('runs the query file with count_char registered as docs/embedding.md shows', async () => {
    const engine = await Sluice.open({ batchIntervalMs: 10 });
    try {
      engine.registerFunction('count_char', (s: string, c: string) => [...s].filter((x) => x === c).length,
        { args: ['VARCHAR', 'VARCHAR'], returns: 'BIGINT' });
      const prelude = (await readFile(path.join(QUERY_DIR, 'prelude.sql'), 'utf8')).replace(/nexmark\.event\.num = '\d+'/g, "nexmark.event.num = '5000'");
      await engine.sql(prelude);
      await engine.sql(await readFile(path.join(QUERY_DIR, 'q14.sql'), 'utf8'));
      await engine.flush();
      const [summary] = await engine.query<{ n: number; with_c: number; wrong: number }>(`SELECT count(*) AS n,
        count(*) FILTER (WHERE c_counts > 0) AS with_c,
        count(*) FILTER (WHERE c_counts <> length(extra) - length(replace(extra, 'c', ''))) AS wrong
        FROM nexmark_q14`);
      expect(summary!.n).toBeGreaterThan(0);
      expect(summary!.with_c).toBeGreaterThan(0);
      expect(summary!.wrong).toBe(0);
    } finally {
      await engine.close();
    }
  });
});
