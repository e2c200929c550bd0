import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventToJsonLine, generateEvents, writeEventFile } from './event-file.js';
import { SeededRandom } from './seeded-random.js';

describe('SeededRandom', () => {
  it('is deterministic per seed and stays in range', () => {
    const a = new SeededRandom(1);
    const b = new SeededRandom(1);
    const c = new SeededRandom(2);
    const seqA = Array.from({ length: 50 }, () => a.int(3, 9));
    expect(seqA).toEqual(Array.from({ length: 50 }, () => b.int(3, 9)));
    expect(seqA).not.toEqual(Array.from({ length: 50 }, () => c.int(3, 9)));
    expect(Math.min(...seqA)).toBeGreaterThanOrEqual(3);
    expect(Math.max(...seqA)).toBeLessThanOrEqual(9);
  });
});

describe('generateEvents', () => {
  const rows = generateEvents({ rows: 5_000, seed: 11 });

  it('is deterministic', () => {
    expect(generateEvents({ rows: 5_000, seed: 11 })).toEqual(rows);
    expect(generateEvents({ rows: 5_000, seed: 12 })).not.toEqual(rows);
  });

  it('is out of order by less than the disorder bound, never late for a 5 s watermark', () => {
    let maxSeenMs = -Infinity;
    let outOfOrder = 0;
    for (const row of rows) {
      if (row.tsMs < maxSeenMs) outOfOrder++;
      expect(maxSeenMs - row.tsMs).toBeLessThan(3_000);
      maxSeenMs = Math.max(maxSeenMs, row.tsMs);
    }
    expect(outOfOrder).toBeGreaterThan(rows.length / 10);
  });

  it('has NULL categories, 64-bit user ids and lines with irregular spacing', () => {
    expect(rows.some((r) => r.category === null)).toBe(true);
    expect(rows.every((r) => r.userId > 2 ** 32 && Number.isSafeInteger(r.userId))).toBe(true);
    expect(rows.some((r) => r.line.includes('  '))).toBe(true);
    expect(rows.some((r) => r.line.includes('\t'))).toBe(true);
  });

  it('writes all three timestamp spellings, one JSON object per line', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'sluice-gen-'));
    try {
      const file = path.join(dir, 'events.jsonl');
      await writeEventFile(file, rows.slice(0, 30));
      const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
      const stamps = lines.map((line) => (JSON.parse(line) as { ts: unknown }).ts);
      expect(stamps.some((ts) => typeof ts === 'number')).toBe(true);
      expect(stamps.some((ts) => typeof ts === 'string' && /^\d{4}-\d\d-\d\dT.*Z$/.test(ts))).toBe(true);
      expect(stamps.some((ts) => typeof ts === 'string' && /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{6})?$/.test(ts))).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('spells the same instant three ways', () => {
    const row = { ...rows[0]!, tsMs: Date.UTC(2024, 2, 1, 12, 0, 3, 250) };
    expect(JSON.parse(eventToJsonLine(row, 'iso')).ts).toBe('2024-03-01T12:00:03.250Z');
    expect(JSON.parse(eventToJsonLine(row, 'sql')).ts).toBe('2024-03-01 12:00:03.250000');
    expect(JSON.parse(eventToJsonLine(row, 'epoch-ms')).ts).toBe(row.tsMs);
  });
});
