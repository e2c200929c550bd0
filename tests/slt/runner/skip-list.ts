/**
 * The skip list: records that are out of scope, each with its reason.
 *
 * One entry per line, `path` or `path:line`, then `# reason`. Blank lines and lines starting
 * with `#` are comments. A path matches a file whose path ends with it, by whole segments
 * (`streaming/basic.slt` matches `/any/where/e2e_test/streaming/basic.slt`), so the list does
 * not depend on where the suite is checked out. `path` alone skips every record of that file,
 * including the records of the files it includes; `path:line` skips the record whose header is
 * on that line of that file (an included file is named by its own path).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { RecordOrigin } from './records.js';

export interface SkipEntry {
  readonly path: string;
  readonly line: number | null;
  readonly reason: string;
}

export class SkipList {
  constructor(readonly entries: readonly SkipEntry[]) {}

  static read(file: string): SkipList {
    return SkipList.parse(readFileSync(file, 'utf8'), file);
  }

  static parse(text: string, file = 'skip list'): SkipList {
    const entries: SkipEntry[] = [];
    text.split(/\r?\n/).forEach((raw, i) => {
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) return;
      const hashAt = line.indexOf('#');
      const target = (hashAt >= 0 ? line.slice(0, hashAt) : line).trim();
      const reason = hashAt >= 0 ? line.slice(hashAt + 1).trim() : '';
      if (reason === '') throw new Error(`${file}:${i + 1}: every skipped entry needs a reason after '#'`);
      const match = /^(.*?)(?::(\d+))?$/.exec(target)!;
      entries.push({ path: normalizeSlashes(match[1]!), line: match[2] === undefined ? null : Number(match[2]), reason });
    });
    return new SkipList(entries);
  }

  /** The reason a record is skipped, or null when it runs. */
  reasonFor(origin: RecordOrigin): string | null {
    for (const entry of this.entries) {
      if (entry.line === null) {
        if ([origin.file, ...origin.includedFrom].some((file) => pathEndsWith(file, entry.path))) return entry.reason;
      } else if (entry.line === origin.line && pathEndsWith(origin.file, entry.path)) {
        return entry.reason;
      }
    }
    return null;
  }
}

function pathEndsWith(file: string, suffix: string): boolean {
  const full = normalizeSlashes(file);
  return full === suffix || full.endsWith(`/${suffix}`);
}

function normalizeSlashes(file: string): string {
  return file.split(path.sep).join('/').replace(/^\.\//, '');
}
