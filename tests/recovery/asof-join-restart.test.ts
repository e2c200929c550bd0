/**
 * An ASOF join view survives restarts: its operator state (both sides' rows) is checkpointed
 * and restored, so changes after each reopen re-pair the rows held before it exactly as an
 * uninterrupted engine does.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sluice } from '@sluice/engine';
import { viewRows } from './recovery-helpers.js';

let work: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'sluice-asof-'));
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const SETUP = `
  CREATE TABLE IF NOT EXISTS trades (id INT PRIMARY KEY, sym VARCHAR, ts TIMESTAMP);
  CREATE TABLE IF NOT EXISTS quotes (sym VARCHAR, ts TIMESTAMP, px INT, PRIMARY KEY (sym, ts));
  CREATE MATERIALIZED VIEW IF NOT EXISTS priced AS
    SELECT t.id, q.px FROM trades t ASOF LEFT JOIN quotes q ON t.sym = q.sym AND t.ts >= q.ts;
`;

const STEPS = [
  "INSERT INTO trades VALUES (1, 'a', '2024-01-01 00:00:10'), (2, 'a', '2024-01-01 00:00:20'), (3, 'b', '2024-01-01 00:00:10')",
  "INSERT INTO quotes VALUES ('a', '2024-01-01 00:00:05', 100), ('a', '2024-01-01 00:00:15', 150), ('b', '2024-01-01 00:00:01', 7)",
  "INSERT INTO quotes VALUES ('a', '2024-01-01 00:00:09', 90), ('a', '2024-01-01 00:00:15', 155)",
  "DELETE FROM quotes WHERE sym = 'a' AND ts = '2024-01-01 00:00:09'",
  "INSERT INTO trades VALUES (2, 'b', '2024-01-01 00:00:20')",
  "DELETE FROM quotes WHERE sym = 'b'",
];

async function run(dataDir: string, restartEveryStep: boolean): Promise<string[][]> {
  const seen: string[][] = [];
  let engine = await Sluice.open({ dataDir, batchIntervalMs: 10 });
  try {
    await engine.executeScript(SETUP);
    for (const step of STEPS) {
      if (restartEveryStep) {
        await engine.close();
        engine = await Sluice.open({ dataDir, batchIntervalMs: 10 });
        await engine.executeScript(SETUP);
      }
      await engine.executeScript(`${step}; FLUSH;`);
      seen.push(await viewRows(engine, 'priced'));
    }
  } finally {
    await engine.close();
  }
  return seen;
}

describe('ASOF join across restarts', () => {
  it('gives the same view after every step as an uninterrupted run', async () => {
    const plain = await run(path.join(work, 'plain'), false);
    expect(plain.at(-1)).toEqual(['[1,100]', '[2,null]', '[3,null]'].sort());
    expect(await run(path.join(work, 'restarted'), true)).toEqual(plain);
  }, 60_000);
});
