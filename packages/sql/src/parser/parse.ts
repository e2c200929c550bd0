/**
 * The parser's entry point: SQL text to statements.
 */
import type { Statement } from '../ast/statement.js';
import type { DataType } from '../types/data-type.js';
import { checkNesting } from './nesting-limit.js';
import { parseDataType } from './parse-data-type.js';
import { parseStatement } from './parse-statement.js';
import { SourceText } from './source-text.js';
import { TokenCursor } from './token-cursor.js';
import { tokenize, type Token } from './tokenizer.js';

/**
 * Parses `text` into one `Statement` per `;`-separated statement; a trailing `;` is optional
 * and empty statements are skipped. Each statement's `sql` is its own text (first token to
 * last, without the `;`) and every position in the result is relative to the whole `text`.
 *
 * Throws `SqlError` on the first problem: `syntax-error`, or a more specific code such as
 * `unsupported-statement`, `unsupported-syntax`, `unknown-type` or `duplicate-option`, always
 * with the line and column of the offending token.
 */
export function parse(text: string): Statement[] {
  const source = new SourceText(text);
  const statements: Statement[] = [];
  for (const tokens of splitStatements(tokenize(source))) {
    const first = tokens[0]!;
    const last = tokens[tokens.length - 1]!;
    const eof: Token = { kind: 'eof', value: '', upper: '', start: last.end, end: last.end };
    const cursor = new TokenCursor(source, [...tokens, eof]);
    const sql = text.slice(first.start, last.end);
    const statement = parseStatement(cursor, { sql, pos: source.positionAt(first.start) });
    if (!cursor.atEnd()) cursor.unexpected();
    checkNesting(statement);
    statements.push(statement);
  }
  return statements;
}

/** Cuts the token list at `;` tokens, dropping the semicolons and empty statements. */
function splitStatements(tokens: readonly Token[]): Token[][] {
  const statements: Token[][] = [];
  let current: Token[] = [];
  for (const token of tokens) {
    if (token.kind === 'op' && token.value === ';') {
      if (current.length > 0) statements.push(current);
      current = [];
    } else {
      current.push(token);
    }
  }
  if (current.length > 0) statements.push(current);
  return statements;
}

/**
 * Parses a type name as written in DDL (`BIGINT`, `double precision`, `TEXT[]`). Throws
 * `unknown-type` or `syntax-error`.
 */
export function parseTypeName(text: string): DataType {
  const source = new SourceText(text);
  const tokens = tokenize(source);
  const end = tokens.length > 0 ? tokens[tokens.length - 1]!.end : 0;
  const cursor = new TokenCursor(source, [...tokens, { kind: 'eof', value: '', upper: '', start: end, end }]);
  const type = parseDataType(cursor);
  if (!cursor.atEnd()) cursor.unexpected();
  return type;
}
