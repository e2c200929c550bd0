/**
 * JSON lines -> rows. Each non-blank line must be one JSON object; its members are matched to
 * columns by name, case-insensitively (an exact match wins when names differ only in case).
 * Members that match no column are ignored; columns without a member are NULL. A value of the
 * wrong type makes the whole line bad (see value-parse.ts for what each type accepts). Columns
 * with a path (`fields.<col>.path`, json-path.ts) take their value from that nested member.
 */
import type { Schema, SqlValue } from '@sluice/sql';
import { typeName } from '@sluice/sql';
import type { InputProblem } from '../connectors/source.js';
import { rawTopLevelValue } from './json-raw-scan.js';
import { valueAtPath, type PathStep } from './json-path.js';
import { badRow, RowsBuilder, countNewlines, type DecodeResult, type InputPosition, type RowDecoder } from './row-decoder.js';
import { coerceJsonValue } from './value-parse.js';

/** Decodes JSON object lines into rows of `schema`. Stateless between calls. */
export class JsonDecoder implements RowDecoder {
  /** member name as spelled in the input -> column index (-1: no such column) */
  private readonly columnOf = new Map<string, number>();
  private readonly rows: RowsBuilder;
  private readonly pathColumns: { column: number; steps: readonly PathStep[] }[] = [];

  /** `paths`: per column, the nested member to read (null or absent: the member named like it) */
  constructor(private readonly schema: Schema, paths: readonly (readonly PathStep[] | null)[] = []) {
    this.rows = new RowsBuilder(schema);
    paths.forEach((steps, column) => {
      if (steps) this.pathColumns.push({ column, steps });
    });
    schema.fields.forEach((f, i) => {
      if (!this.columnOf.has(f.name.toLowerCase())) this.columnOf.set(f.name.toLowerCase(), i);
    });
    schema.fields.forEach((f, i) => this.columnOf.set(f.name, i));
    // a column with a path takes nothing from a top-level member of its name
    for (const { column } of this.pathColumns) {
      this.columnOf.set(schema.fields[column]!.name, -1);
      this.columnOf.set(schema.fields[column]!.name.toLowerCase(), -1);
    }
  }

  decode(lines: readonly string[], first: InputPosition): DecodeResult {
    const problems: InputProblem[] = [];
    let line = first.line;
    for (const text of lines) {
      const at = line;
      line += 1 + countNewlines(text);
      if (text.trim() === '') continue;
      const result = this.decodeLine(text);
      if (typeof result === 'string') problems.push(badRow(first.file, at, result));
      else this.rows.append(result);
    }
    return { delta: this.rows.finish(), problems };
  }

  /** The row's values, or the reason the line is bad. */
  private decodeLine(text: string): SqlValue[] | string {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      return `not valid JSON: ${(e as Error).message}`;
    }
    return this.valuesOf(parsed, text);
  }

  /**
   * The row of one parsed JSON object, or the reason it is bad. `text`, when given, is the
   * object's source text, used to read BIGINT literals beyond 2^53 exactly.
   */
  valuesOf(parsed: unknown, text?: string): SqlValue[] | string {
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      return `expected a JSON object, found ${Array.isArray(parsed) ? 'an array' : JSON.stringify(parsed)}`;
    }
    const fields = this.schema.fields;
    const values: SqlValue[] = new Array<SqlValue>(fields.length).fill(null);
    for (const { column, steps } of this.pathColumns) {
      const raw = valueAtPath(parsed, steps);
      const value = coerceJsonValue(raw, fields[column]!.type);
      if (value === undefined) return `column '${fields[column]!.name}': ${describe(raw)} is not a valid ${typeName(fields[column]!.type)}`;
      values[column] = value;
    }
    for (const key in parsed) {
      const c = this.column(key);
      if (c < 0) continue;
      const raw = (parsed as Record<string, unknown>)[key];
      const type = fields[c]!.type;
      const value = coerceJsonValue(raw, type, text === undefined ? undefined : () => rawTopLevelValue(text, key));
      if (value === undefined) {
        return `column '${fields[c]!.name}': ${describe(raw)} is not a valid ${typeName(type)}`;
      }
      values[c] = value;
    }
    return values;
  }

  private column(key: string): number {
    let c = this.columnOf.get(key);
    if (c === undefined) {
      c = this.columnOf.get(key.toLowerCase()) ?? -1;
      if (this.columnOf.size < 10_000) this.columnOf.set(key, c);
    }
    return c;
  }
}

function describe(v: unknown): string {
  const text = typeof v === 'string' ? `'${v}'` : JSON.stringify(v);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
