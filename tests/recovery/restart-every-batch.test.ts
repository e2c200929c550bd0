/**
 * Restarts the engine after every micro-batch of a multi-batch run and checks that the views
 * and the sinks' output equal those of an uninterrupted run (Arroyo-style golden recovery).
 *
 * The job reads a bounded JSON-lines file 150 rows per batch into: a TUMBLE aggregate with
 * EMIT ON WINDOW CLOSE, a non-windowed GROUP BY (with retractions), a view over that view, a
 * file sink FROM the windowed view and a file sink AS SELECT writing the GROUP BY's changelog.
 * Each round opens the data directory (restoring everything), runs the same script (every
 * CREATE has IF NOT EXISTS), lets one batch commit, and closes.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sluice } from '@sluice/engine';
import { EVENT_COLUMNS_SQL, generateEvents, writeEventFile } from '../helpers/event-file.js';
import { committedLines, viewRows } from './recovery-helpers.js';

let work: string;
let eventsPath: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'sluice-recovery-'));
  eventsPath = path.join(work, 'events.jsonl');
  await writeEventFile(eventsPath, generateEvents({ rows: 3000, seed: 7, spanMs: 12 * 60_000 }));
});

afterAll(async () => {
  if (process.env['KEEP_RECOVERY_DIR']) return console.log(`kept ${work}`);
  await rm(work, { recursive: true, force: true });
});

function script(out: string): string {
  return `
    CREATE SOURCE IF NOT EXISTS events (${EVENT_COLUMNS_SQL}, WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
      WITH (connector = 'file', path = '${eventsPath}', max_rows_per_batch = '150');
    CREATE MATERIALIZED VIEW IF NOT EXISTS per_minute AS
      SELECT window_start, window_end, item, count(*) AS n, sum(price) AS revenue, max(qty) AS top_qty
      FROM TUMBLE(events, ts, INTERVAL '1' MINUTE) GROUP BY window_start, window_end, item EMIT ON WINDOW CLOSE;
    CREATE MATERIALIZED VIEW IF NOT EXISTS per_user AS
      SELECT user_id, count(*) AS n, sum(price) AS spent, min(price) AS cheapest FROM events GROUP BY user_id;
    CREATE MATERIALIZED VIEW IF NOT EXISTS spend_histogram AS
      SELECT n, count(*) AS users FROM per_user GROUP BY n;
    CREATE SINK IF NOT EXISTS minutes_out FROM per_minute WITH (connector = 'file', path = '${path.join(out, 'minutes')}');
    CREATE SINK IF NOT EXISTS items_out AS SELECT item, count(*) AS n, sum(qty) AS qty FROM events GROUP BY item
      WITH (connector = 'file', path = '${path.join(out, 'items')}', format.ops = 'true');
  `;
}

interface RunResult {
  views: Record<string, string[]>;
  minutes: string[];
  items: string[];
  rounds: number;
}

async function collect(engine: Sluice, out: string, rounds: number): Promise<RunResult> {
  const [pipelines] = await engine.executeScript('SHOW PIPELINES');
  const statuses = pipelines?.kind === 'rows' ? pipelines.rows.map((r) => `${String(r[0])}: ${String(r[1])}`) : [];
  expect(statuses.filter((s) => !s.endsWith('finished'))).toEqual([]);
  const views: Record<string, string[]> = {};
  for (const view of ['per_minute', 'per_user', 'spend_histogram']) views[view] = await viewRows(engine, view);
  return { views, minutes: await committedLines(path.join(out, 'minutes')), items: await committedLines(path.join(out, 'items')), rounds };
}

async function uninterrupted(): Promise<RunResult> {
  const out = path.join(work, 'plain-out');
  const engine = await Sluice.open({ dataDir: path.join(work, 'plain-data'), batchIntervalMs: 10 });
  try {
    await engine.executeScript(script(out));
    await engine.whenFinished();
    return await collect(engine, out, 1);
  } finally {
    await engine.close();
  }
}

async function restartedAfterEveryBatch(): Promise<RunResult> {
  const out = path.join(work, 'restarted-out');
  const dataDir = path.join(work, 'restarted-data');
  // A pipeline's last batch interrupts the run once; after that it may finish.
  const sawFinal = new Set<string>();
  for (let round = 1; round <= 400; round++) {
    let engine: Sluice | null = null;
    let closing: Promise<void> | null = null;
    const notices: string[] = [];
    // Closing inside the callback halts every pipeline before another batch can start.
    const onBatch = (pipeline: string, _batchId: number, final: boolean): void => {
      if (closing || !engine || (final && sawFinal.has(pipeline))) return;
      if (final) sawFinal.add(pipeline);
      closing = engine.close();
    };
    engine = await Sluice.open({ dataDir, batchIntervalMs: 10, onBatch, onNotice: (n) => notices.push(n) });
    try {
      await engine.executeScript(script(out));
    } catch (error) {
      if (!closing) throw error; // a batch committed while the script ran: this round is over
    }
    const finished = await Promise.race([
      engine.whenFinished().then(() => true),
      new Promise<boolean>((resolve) => { const wait = (): void => { if (closing) resolve(false); else setTimeout(wait, 1); }; wait(); }),
    ]);
    if (finished && !closing) {
      const result = await collect(engine, out, round);
      await engine.close();
      return result;
    }
    await (closing ?? engine.close());
    expect(notices.filter((n) => /could not|unusable|not checkpointed/.test(n))).toEqual([]);
  }
  throw new Error('the job did not finish in 400 rounds');
}

describe('recovery: restart after every micro-batch', () => {
  it('ends with the same views and sink output as an uninterrupted run', async () => {
    const expected = await uninterrupted();
    expect(expected.views['per_minute']!.length).toBeGreaterThan(50);
    expect(expected.items.some((l) => l.includes(`"__op":"-"`))).toBe(true); // the changelog has retractions
    const actual = await restartedAfterEveryBatch();
    expect(actual.rounds).toBeGreaterThan(20); // 3000 rows at 150 per batch: one restart per batch
    expect(actual.views).toEqual(expected.views);
    expect(actual.minutes).toEqual(expected.minutes);
    expect(actual.items).toEqual(expected.items);
  }, 120_000);
});
