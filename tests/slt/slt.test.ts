/**
 * Runs every .slt file under tests/slt in-process, one test per file: all records must pass.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { collectSltFiles } from './runner/collect-files.js';
import { failureLines } from './runner/report.js';
import { runSltFile } from './runner/run-file.js';

const here = path.dirname(fileURLToPath(import.meta.url));

describe('sqllogictest files in tests/slt', () => {
  for (const file of collectSltFiles([here])) {
    it(path.relative(here, file), async () => {
      const result = await runSltFile(file);
      expect(result.records.length).toBeGreaterThan(0);
      expect(failureLines(result, { baseDir: here, showFailures: true, maxFailuresShown: 20 }).join('\n')).toBe('');
    }, 120_000);
  }
});
