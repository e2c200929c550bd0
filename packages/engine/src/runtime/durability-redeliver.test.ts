/**
 * A batch checkpointed but not committed (the process died between the checkpoint's manifest
 * and the sinks' commit) is handed to the sinks again at restart, with its rows. Here the
 * file sink's commit of one batch fails (a folder stands where its part file goes), which
 * stops the pipeline exactly there; the next open must write that part file (and no other
 * twice).
 */
import { mkdir, mkdtemp, readdir, readFile, rm, rmdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Sluice } from '../sluice.js';

const ROWS = 24;

async function partLines(folder: string): Promise<string[]> {
  const names = (await readdir(folder)).filter((n) => n.startsWith('part-')).sort();
  const lines: string[] = [];
  for (const name of names) lines.push(...(await readFile(join(folder, name), 'utf8')).split('\n').filter((l) => l !== ''));
  return lines;
}

describe('durability: a batch whose sinks did not commit before a crash', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-redeliver-'));
    await writeFile(join(dir, 'nums.jsonl'), Array.from({ length: ROWS }, (_, i) => JSON.stringify({ n: i + 1 })).join('\n') + '\n');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  // One row per batch, so batch k outputs row k. Batches 11 and 21 write a new base of the
  // view's rows (every 10th checkpoint); 6 does not. (Not batch 1: the sink may be created
  // after the view's first batch, and then takes it with its first rows.)
  for (const failing of [6, 11, 21]) {
    it(`writes the rows of batch ${failing} once the sink can commit again`, async () => {
      const out = join(dir, 'out');
      const obstacle = join(out, `part-${String(failing).padStart(10, '0')}.jsonl`);
      await mkdir(join(obstacle, 'x'), { recursive: true }); // a non-empty folder: the part file cannot be renamed over it
      const open = (): Promise<Sluice> => Sluice.open({ dataDir: join(dir, 'data'), batchIntervalMs: 5 });
      const script = `
        CREATE SOURCE IF NOT EXISTS nums (n BIGINT) WITH (connector = 'file', path = '${join(dir, 'nums.jsonl')}', max_rows_per_batch = '1');
        CREATE MATERIALIZED VIEW IF NOT EXISTS doubled AS SELECT n, n * 2 AS twice FROM nums;
        CREATE SINK IF NOT EXISTS out FROM doubled WITH (connector = 'file', path = '${out}');`;
      let engine = await open();
      await engine.executeScript(script);
      await expect(engine.whenFinished()).rejects.toThrow(/cannot commit/);
      await engine.close();
      await rmdir(join(obstacle, 'x'));
      await rmdir(obstacle);

      engine = await open();
      try {
        await engine.executeScript(script);
        await engine.whenFinished();
      } finally {
        await engine.close();
      }
      const lines = await partLines(out);
      expect(lines.map((l) => (JSON.parse(l) as { n: number }).n).sort((a, b) => a - b)).toEqual(Array.from({ length: ROWS }, (_, i) => i + 1));
    });
  }
});
