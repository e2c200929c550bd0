/**
 * Parses sqllogictest text into records (the dialect of sqllogictest-rs, which RisingWave's
 * suite uses). Includes are not resolved here: an `include` is a record, expanded by
 * `load-file.ts`.
 *
 * - A record starts at a header line (`statement ok`, `query II rowsort`, ...), optionally
 *   preceded by `skipif` / `onlyif` lines, and ends at the first blank line.
 * - A query's expected rows follow a `----` line and end at a blank line.
 * - An expected error written after `----` (`statement error` / `query error`) may span lines
 *   and blank lines; it ends at two consecutive blank lines, or at a blank line followed by
 *   the header of a new record.
 * - Lines starting with `#` between records are comments.
 */
import type { Condition, RecordOrigin, Retry, SltRecord, SortMode } from './records.js';

export class SltParseError extends Error {
  override readonly name = 'SltParseError';
  constructor(readonly file: string, readonly line: number, message: string) {
    super(`${file}:${line}: ${message}`);
  }
}

const RECORD_HEADERS = new Set(['statement', 'query', 'let', 'include', 'system', 'sleep', 'hash-threshold', 'control', 'halt', 'skipif', 'onlyif']);
/** directives of other sqllogictest dialects that carry no meaning for a single connection */
const IGNORED_DIRECTIVES = new Set(['mode', 'subtest', 'connection', 'loop', 'endloop', 'require']);

/** Parses `text` (the contents of `file`). `includedFrom` is recorded in each record's origin. */
export function parseSlt(text: string, file: string, includedFrom: readonly string[] = []): SltRecord[] {
  return new SltParser(text.split(/\r?\n/), file, includedFrom).parseAll();
}

/** `1s`, `500ms`, `2m`, `1.5s` to milliseconds; null when not a duration. */
export function parseDuration(text: string): number | null {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!match) return null;
  const amount = Number(match[1]);
  const unitMs = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2] ?? 's'] ?? 1000;
  return amount * unitMs;
}

class SltParser {
  private index = 0;
  private readonly records: SltRecord[] = [];

  constructor(private readonly lines: readonly string[], private readonly file: string, private readonly includedFrom: readonly string[]) {}

  parseAll(): SltRecord[] {
    let conditions: Condition[] = [];
    while (this.index < this.lines.length) {
      const raw = this.lines[this.index]!;
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) {
        this.index++;
        continue;
      }
      const lineNumber = this.index + 1;
      const words = line.replace(/\s+#.*$/, '').split(/\s+/);
      const head = words[0]!;
      this.index++;
      if (head === 'skipif' || head === 'onlyif') {
        conditions.push({ kind: head, engine: (words[1] ?? '').toLowerCase() });
        continue;
      }
      if (IGNORED_DIRECTIVES.has(head)) continue;
      this.parseRecord(head, words, line, this.origin(lineNumber), conditions);
      conditions = [];
    }
    return this.records;
  }

  private parseRecord(head: string, words: string[], line: string, origin: RecordOrigin, conditions: Condition[]): void {
    switch (head) {
      case 'statement': return this.parseStatement(words, line, origin, conditions);
      case 'query': return this.parseQuery(words, line, origin, conditions);
      case 'let': {
        const variables = line.slice('let'.length).split(',').map((v) => v.trim()).filter((v) => v !== '');
        this.records.push({ kind: 'let', origin, conditions, sql: this.readBlock().join('\n'), variables });
        return;
      }
      case 'include':
        this.records.push({ kind: 'include', origin, conditions, pattern: line.slice('include'.length).trim() });
        return;
      case 'system':
        this.records.push({ kind: 'system', origin, conditions, command: this.readBlock().join('\n') });
        return;
      case 'sleep': {
        const durationMs = parseDuration(words[1] ?? '');
        if (durationMs === null) throw this.error(origin.line, `bad sleep duration '${words[1] ?? ''}'`);
        this.records.push({ kind: 'sleep', origin, conditions, durationMs });
        return;
      }
      case 'hash-threshold': {
        const threshold = Number(words[1]);
        if (!Number.isInteger(threshold)) throw this.error(origin.line, `bad hash-threshold '${words[1] ?? ''}'`);
        this.records.push({ kind: 'hash-threshold', origin, threshold });
        return;
      }
      case 'control':
        this.records.push({ kind: 'control', origin, setting: words[1] ?? '', value: words[2] ?? '' });
        return;
      case 'halt':
        this.records.push({ kind: 'halt', origin, conditions });
        return;
      default:
        throw this.error(origin.line, `unknown record type '${head}'`);
    }
  }

  private parseStatement(words: string[], line: string, origin: RecordOrigin, conditions: Condition[]): void {
    const mode = words[1];
    if (mode === 'ok' || mode === 'count') {
      const retry = this.parseRetry(words.slice(mode === 'count' ? 3 : 2), origin.line);
      const sql = this.readBlock().join('\n');
      this.records.push({ kind: 'statement', origin, conditions, sql, expectError: null, retry });
      return;
    }
    if (mode === 'error') {
      const pattern = line.replace(/^statement\s+error\s*/, '').trim();
      const { sql, errorText } = this.readSqlAndError();
      this.records.push({ kind: 'statement', origin, conditions, sql, expectError: { pattern: pattern === '' ? null : pattern, text: errorText }, retry: null });
      return;
    }
    throw this.error(origin.line, `expected 'statement ok' or 'statement error', got '${line}'`);
  }

  private parseQuery(words: string[], line: string, origin: RecordOrigin, conditions: Condition[]): void {
    if (words[1] === 'error') {
      const pattern = line.replace(/^query\s+error\s*/, '').trim();
      const { sql, errorText } = this.readSqlAndError();
      this.records.push({
        kind: 'query', origin, conditions, sql, types: '', sortMode: 'nosort', label: null, expected: [],
        expectError: { pattern: pattern === '' ? null : pattern, text: errorText }, retry: null,
      });
      return;
    }
    const types = words[1] ?? '';
    let sortMode: SortMode = 'nosort';
    let label: string | null = null;
    let rest = words.slice(2);
    const retryAt = rest.indexOf('retry');
    const retry = retryAt >= 0 ? this.parseRetry(rest.slice(retryAt), origin.line) : null;
    if (retryAt >= 0) rest = rest.slice(0, retryAt);
    for (const word of rest) {
      if (word === 'nosort' || word === 'rowsort' || word === 'valuesort') sortMode = word;
      else label = word;
    }
    const sql: string[] = [];
    const expected: string[] = [];
    let inResults = false;
    while (this.index < this.lines.length) {
      const text = this.lines[this.index]!;
      if (text.trim() === '') break;
      this.index++;
      if (!inResults && text.trim() === '----') inResults = true;
      else if (inResults) expected.push(text);
      else sql.push(text);
    }
    this.records.push({ kind: 'query', origin, conditions, sql: sql.join('\n'), types, sortMode, label, expected, expectError: null, retry });
  }

  /** `retry <n> backoff <duration>` from the given words, or null when absent */
  private parseRetry(words: string[], line: number): Retry | null {
    if (words.length === 0) return null;
    if (words[0] !== 'retry' || words[2] !== 'backoff') throw this.error(line, `unexpected '${words.join(' ')}'`);
    const attempts = Number(words[1]);
    const backoffMs = parseDuration(words[3] ?? '');
    if (!Number.isInteger(attempts) || backoffMs === null) throw this.error(line, `bad retry '${words.join(' ')}'`);
    return { attempts, backoffMs };
  }

  /** lines up to (not including) the next blank line */
  private readBlock(): string[] {
    const out: string[] = [];
    while (this.index < this.lines.length && this.lines[this.index]!.trim() !== '') out.push(this.lines[this.index++]!);
    return out;
  }

  /** the SQL of an erroring record and, after `----`, the expected error text */
  private readSqlAndError(): { sql: string; errorText: string | null } {
    const sql: string[] = [];
    while (this.index < this.lines.length) {
      const text = this.lines[this.index]!;
      if (text.trim() === '') return { sql: sql.join('\n'), errorText: null };
      this.index++;
      if (text.trim() === '----') return { sql: sql.join('\n'), errorText: this.readErrorText() };
      sql.push(text);
    }
    return { sql: sql.join('\n'), errorText: null };
  }

  private readErrorText(): string {
    const out: string[] = [];
    while (this.index < this.lines.length) {
      const text = this.lines[this.index]!;
      if (text.trim() === '') {
        const next = this.lines[this.index + 1];
        if (next === undefined || next.trim() === '' || RECORD_HEADERS.has(next.trim().split(/\s+/)[0]!)) break;
      }
      out.push(text);
      this.index++;
    }
    return out.join('\n').trim();
  }

  private origin(line: number): RecordOrigin {
    return { file: this.file, line, includedFrom: this.includedFrom };
  }

  private error(line: number, message: string): SltParseError {
    return new SltParseError(this.file, line, message);
  }
}

/** For error messages: a one-line, shortened form of a record's SQL. */
export function sqlSummary(sql: string, maxLength = 100): string {
  const flat = sql.replace(/\s+/g, ' ').trim();
  return flat.length > maxLength ? `${flat.slice(0, maxLength - 3)}...` : flat;
}
