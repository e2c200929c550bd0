// Parquet: a file sink writing Hive-partitioned, rolled Parquet files (as Nexmark q10 does),
// read back by the file source with ENCODE PARQUET.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectedGroups, openEngine, query, sorted, tempDir } from './services.js';

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push(path.relative(dir, path.join(entry.parentPath, entry.name)));
  }
  return out.sort();
}

describe('parquet files', () => {
  it('sinks partitioned, rolled Parquet files and reads them back exactly', async () => {
    const { dir, remove } = await tempDir('parquet');
    const out = path.join(dir, 'q10');
    try {
      const first = await openEngine();
      await first.engine.executeScript(`
        CREATE SOURCE gen (id BIGINT, ts TIMESTAMP) WITH (connector = 'datagen', datagen.rows = '10000', datagen.rows.per.second = '5000',
          fields.id.kind = 'sequence', fields.id.start = '0', fields.id.end = '9999');
        CREATE SINK q10 AS SELECT id, 'g' || (id % 7) AS grp, id % 97 AS v, ts FROM gen
          WITH (connector = 'file', path = '${out}', partition_by = 'grp', rollover.size = '16KB', rollover.interval = '10s')
          FORMAT PLAIN ENCODE PARQUET;
        FLUSH;`);
      await first.engine.close();
      const files = await filesUnder(out);
      expect(files.filter((f) => f.endsWith('.parquet')).length).toBeGreaterThan(7);
      expect(files.some((f) => f.startsWith('grp=g3/part-'))).toBe(true);
      expect(files.filter((f) => f.includes('.staging') || f.endsWith('.tmp'))).toEqual([]);

      const second = await openEngine();
      try {
        await second.engine.executeScript(`
          CREATE SOURCE back (id BIGINT, grp VARCHAR, v BIGINT, ts TIMESTAMP) WITH (connector = 'file', path = '${out}') FORMAT PLAIN ENCODE PARQUET;
          CREATE MATERIALIZED VIEW per_group AS SELECT grp, count(*) AS n, sum(v) AS s FROM back GROUP BY grp;
          FLUSH;`);
        expect(sorted(await query(second.engine, 'SELECT * FROM per_group'))).toEqual(expectedGroups(range(10_000)));
        expect(await query(second.engine, 'SELECT count(*) FROM per_group WHERE n IS NULL')).toEqual([[0n]]);
      } finally {
        await second.engine.close();
      }
    } finally {
      await remove();
    }
  });
});
