// What a user sees when something is wrong: a statement error fails the run with a code and a
// position on stderr; a malformed input line is skipped and reported, or fails the run when the
// source says on_error = 'fail'.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventToJsonLine, generateEvents } from '../helpers/event-file.js';
import { eventSourceSql, materializedViewSql, writeJobFile } from '../helpers/job-sql.js';
import { parseJsonRows } from '../helpers/jsonl.js';
import { normalizeRow, rowsDifference } from '../helpers/normalize-rows.js';
import { describeRun, runSluice } from '../helpers/run-sluice.js';

const RUN_TIMEOUT_MS = 30_000;
/** An error code: kebab-case (`syntax-error`) or a five-character SQLSTATE (`42601`). */
const ERROR_CODE = /\b(?:[a-z]+(?:-[a-z]+)+|[0-9A-Z]{5})\b/;

describe('statement errors', () => {
  let dir: string;
  let eventsPath: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'sluice-e2e-errors-'));
    eventsPath = path.join(dir, 'events.jsonl');
    const rows = generateEvents({ rows: 20, seed: 5 });
    await writeFile(eventsPath, rows.map((row) => eventToJsonLine(row, 'iso')).join('\n') + '\n');
  });

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('bad SQL fails with a code and the position 1:1', async () => {
    const job = await writeJobFile(dir, 'syntax.sql', ['SELEC 1;']);
    const result = await runSluice(['-f', job, '--format', 'jsonl'], { timeoutMs: RUN_TIMEOUT_MS });
    expect(result.code, describeRun(result)).not.toBe(0);
    expect(result.code, describeRun(result)).not.toBeNull();
    expect(result.stderr).toMatch(ERROR_CODE);
    expect(result.stderr).toMatch(/\b1:1\b|LINE 1\b/);
    expect(result.stdout).toBe('');
  });

  it('the position counts lines of the file', async () => {
    const job = path.join(dir, 'syntax-line-3.sql');
    await writeFile(job, '-- a job with a typo\n\nSELEC 1;\n');
    const result = await runSluice(['-f', job, '--format', 'jsonl'], { timeoutMs: RUN_TIMEOUT_MS });
    expect(result.code, describeRun(result)).not.toBe(0);
    expect(result.stderr).toMatch(/\b3:1\b|LINE 3\b/);
  });

  it('a misspelled column gets a "did you mean" hint', async () => {
    const job = await writeJobFile(dir, 'typo.sql', [
      eventSourceSql(eventsPath),
      materializedViewSql('totals', 'SELECT item, sum(prcie) AS total FROM events GROUP BY item'),
    ]);
    const result = await runSluice(['-f', job, '--format', 'jsonl'], { timeoutMs: RUN_TIMEOUT_MS });
    expect(result.code, describeRun(result)).not.toBe(0);
    expect(result.stderr).toMatch(/prcie/);
    expect(result.stderr).toMatch(/did you mean/i);
    expect(result.stderr).toMatch(/price/);
    expect(result.stderr).toMatch(ERROR_CODE);
  });
});

describe('malformed input lines', () => {
  let dir: string;
  let badPath: string;
  const BAD_LINE_NUMBER = 4;
  const rows = generateEvents({ rows: 9, seed: 9 });

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'sluice-e2e-bad-input-'));
    badPath = path.join(dir, 'events-with-bad-line.jsonl');
    const lines = rows.map((row, i) => eventToJsonLine(row, i % 2 === 0 ? 'iso' : 'epoch-ms'));
    lines.splice(BAD_LINE_NUMBER - 1, 0, '{"ts": "2024-03-01T12:00:00Z", "user_id": 1, "item": "tea",');
    await writeFile(badPath, lines.join('\n') + '\n');
  });

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const countJob = (options?: Record<string, string>): string[] => [
    eventSourceSql(badPath, options ? { options } : {}),
    materializedViewSql('totals', 'SELECT count(*) AS n, sum(price) AS total FROM events'),
    'FLUSH;',
    'SELECT * FROM totals;',
  ];

  it('are skipped and reported with file:line; the other rows still count', async () => {
    const job = await writeJobFile(dir, 'skip.sql', countJob());
    const result = await runSluice(['-f', job, '--format', 'jsonl'], { timeoutMs: RUN_TIMEOUT_MS });
    expect(result.code, describeRun(result)).toBe(0);
    const actual = parseJsonRows(result.stdout).map((row) => normalizeRow(row));
    const expected = [{ n: rows.length, total: rows.reduce((sum, r) => sum + r.price, 0) }];
    expect(rowsDifference(actual, expected), describeRun(result)).toBe('');
    expect(result.stderr).toContain(`${path.basename(badPath)}:${BAD_LINE_NUMBER}`);
  });

  it("fail the run with on_error = 'fail', naming the position", async () => {
    const job = await writeJobFile(dir, 'fail.sql', countJob({ on_error: 'fail' }));
    const result = await runSluice(['-f', job, '--format', 'jsonl'], { timeoutMs: RUN_TIMEOUT_MS });
    expect(result.code, describeRun(result)).not.toBe(0);
    expect(result.code, describeRun(result)).not.toBeNull();
    expect(result.stderr).toContain(`${path.basename(badPath)}:${BAD_LINE_NUMBER}`);
  });
});
