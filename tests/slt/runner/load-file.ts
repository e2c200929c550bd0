/**
 * Reads a .slt file and splices in the records of the files it includes (paths relative to the
 * including file, globs allowed), recursively. An include that matches no file stays in the
 * list as an `include` record, which the runner reports as a failure.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { globFiles } from './glob.js';
import { parseSlt } from './parse-slt.js';
import type { SltRecord } from './records.js';
import { conditionsAllow } from './conditions.js';

const MAX_INCLUDE_DEPTH = 16;

/** All records of `file` with includes expanded, in execution order. */
export function loadSltFile(file: string): SltRecord[] {
  return loadRecursive(path.resolve(file), []);
}

function loadRecursive(file: string, includedFrom: readonly string[]): SltRecord[] {
  const records = parseSlt(readFileSync(file, 'utf8'), file, includedFrom);
  const out: SltRecord[] = [];
  for (const record of records) {
    if (record.kind !== 'include') {
      out.push(record);
      continue;
    }
    if (!conditionsAllow(record.conditions)) continue;
    const matches = includedFrom.length >= MAX_INCLUDE_DEPTH ? [] : globFiles(path.resolve(path.dirname(file), record.pattern));
    if (matches.length === 0) out.push(record);
    for (const match of matches) out.push(...loadRecursive(match, [...includedFrom, file]));
  }
  return out;
}
