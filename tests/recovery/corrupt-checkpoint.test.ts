/**
 * A damaged checkpoint is never used silently: with a truncated file in the newest checkpoint
 * the engine restores the previous one (a notice names the file) and ends with the right rows;
 * with every checkpoint damaged the pipeline stops with `checkpoint-corrupt` naming the file.
 */
import { mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineError, Sluice } from '@sluice/engine';
import { EVENT_COLUMNS_SQL, generateEvents, writeEventFile } from '../helpers/event-file.js';
import { viewRows } from './recovery-helpers.js';

let work: string;
let dataDir: string;
let script: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'sluice-corrupt-'));
  dataDir = path.join(work, 'data');
  const events = path.join(work, 'events.jsonl');
  await writeEventFile(events, generateEvents({ rows: 1000, seed: 3 }));
  script = `
    CREATE SOURCE IF NOT EXISTS events (${EVENT_COLUMNS_SQL}) WITH (connector = 'file', path = '${events}', max_rows_per_batch = '100');
    CREATE MATERIALIZED VIEW IF NOT EXISTS per_item AS SELECT item, count(*) AS n, sum(price) AS revenue FROM events GROUP BY item;
  `;
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const stateFolder = (): string => path.join(dataDir, 'pipelines', 'per_item', 'state');

/**
 * The `groups` state file each complete checkpoint wrote (a full base, `groups.arrow`, or its
 * change since the previous checkpoint, `groups.changes.arrow`), newest first.
 */
async function groupFiles(): Promise<string[]> {
  const batches = (await readdir(stateFolder())).sort().reverse();
  const files: string[] = [];
  for (const batch of batches) {
    const folder = path.join(stateFolder(), batch);
    const names = await readdir(folder);
    if (!names.includes('manifest.json')) continue; // an older base kept for the chain
    const operator = names.find((n) => n.includes('HashAggregate'))!;
    const own = (await readdir(path.join(folder, operator))).find((n) => /^groups(\.changes)?\.arrow$/.test(n))!;
    files.push(path.join(folder, operator, own));
  }
  return files;
}

async function run(notices: string[] = []): Promise<{ rows: string[]; error: unknown }> {
  const engine = await Sluice.open({ dataDir, batchIntervalMs: 10, onNotice: (n) => notices.push(n) });
  try {
    await engine.executeScript(script);
    const error = await engine.whenFinished().then(() => null, (e: unknown) => e);
    return { rows: error ? [] : await viewRows(engine, 'per_item'), error };
  } finally {
    await engine.close();
  }
}

describe('recovery: damaged checkpoints', () => {
  it('falls back to the previous checkpoint, naming the damaged file, or stops with checkpoint-corrupt', async () => {
    const expected = await run();
    expect(expected.error).toBeNull();
    expect(expected.rows.length).toBe(6);

    // Truncate the newest checkpoint's state: the previous one is restored and named in a notice.
    const [newest] = await groupFiles();
    await truncate(newest!, 10);
    const notices: string[] = [];
    const fallback = await run(notices);
    expect(fallback.error).toBeNull();
    expect(fallback.rows).toEqual(expected.rows);
    expect(notices.some((n) => n.includes(newest!) && /restored the earlier checkpoint/.test(n))).toBe(true);

    // Damage every checkpoint (one changed byte in the file each wrote): nothing usable, the pipeline stops.
    const files = await groupFiles();
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const file of files) {
      const bytes = await readFile(file);
      bytes[bytes.length >> 1] ^= 0xff;
      await writeFile(file, bytes);
    }
    const broken = await run();
    expect(broken.error).toBeInstanceOf(EngineError);
    expect((broken.error as EngineError).code).toBe('checkpoint-corrupt');
    // a damaged file the newest checkpoint needs (its own, or an earlier change it builds on)
    expect(files.some((f) => (broken.error as EngineError).message.includes(f))).toBe(true);
  }, 60_000);
});
