/**
 * Errors as psql prints them, on stderr:
 *
 *     ERROR:  column 'prcie' does not exist
 *     LINE 2: SELECT prcie FROM bids
 *                    ^
 *     HINT:  did you mean 'price'?
 *     CODE:  column-not-found
 *
 * When the statement came from a file, the first line starts with `sluice:FILE:LINE: ` as
 * psql's `-f` does, so editors can jump to it.
 */
import { EngineError } from '@sluice/engine';
import { positionAt, SqlError, type SourcePosition, type Statement } from '@sluice/sql';
import { displayWidth } from './display-width.js';
import type { SqlScript } from './sql-scripts.js';

/** Where an error happened: the script it came from and, once parsed, the statement. */
export interface ErrorContext {
  readonly script?: SqlScript;
  readonly statement?: Statement;
}

/** Longest stretch of a source line shown around the caret, in display columns. */
const LINE_WINDOW = 72;

/** The report for `error`, every line ending with a newline. Never throws. */
export function formatError(error: unknown, context: ErrorContext = {}): string {
  const lines: string[] = [];
  const { script, statement } = context;
  const offset = error instanceof SqlError && error.position && script ? locate(error.position, script.text, statement) : undefined;
  const reportLine = offset !== undefined && script ? positionAt(script.text, offset).line : statement?.pos.line;
  const prefix = script?.file && reportLine !== undefined ? `sluice:${script.name}:${reportLine}: ` : '';

  if (error instanceof SqlError) {
    lines.push(`${prefix}ERROR:  ${error.message}`);
    if (offset !== undefined && script) lines.push(...sourceExcerpt(script.text, offset));
    if (error.hint) lines.push(`HINT:  ${error.hint}`);
    lines.push(`CODE:  ${error.code}`);
  } else if (error instanceof EngineError) {
    lines.push(`${prefix}ERROR:  ${error.message}`);
    if (error.options.operator) lines.push(`CONTEXT:  in ${error.options.operator}`);
    if (error.options.hint) lines.push(`HINT:  ${error.options.hint}`);
    lines.push(`CODE:  ${error.code}`);
  } else {
    // anything else is a bug in sluice: keep the stack, it is what a bug report needs
    const message = error instanceof Error ? error.message : String(error);
    lines.push(`${prefix}ERROR:  ${message}`);
    const code = (error as { code?: unknown } | null)?.code;
    lines.push(`CODE:  ${typeof code === 'string' ? code : 'internal-error'}`);
    if (error instanceof Error && error.stack) lines.push(`DETAIL:  ${error.stack}`);
  }
  return lines.map((line) => `${line}\n`).join('');
}

/**
 * The 0-based offset in `text` that `position` points at. A position from the parser is in the
 * script's text; one raised while running a statement may be counted from the start of the
 * script or from the start of the statement, so both readings are tried, and the one whose
 * line and column agree with the offset wins.
 */
export function locate(position: SourcePosition, text: string, statement?: Statement): number | undefined {
  const agrees = (source: string, offset: number): boolean => {
    if (offset < 0 || offset > source.length) return false;
    const at = positionAt(source, offset);
    return at.line === position.line && at.column === position.column;
  };
  if (!statement) return agrees(text, position.offset) ? position.offset : clamp(position.offset, text);
  const start = statement.pos.offset;
  const end = start + statement.sql.length;
  const inStatement = position.offset >= start && position.offset <= end;
  if (inStatement && agrees(text, position.offset)) return position.offset;
  if (agrees(statement.sql, position.offset)) return start + position.offset;
  if (inStatement) return position.offset;
  return position.offset <= statement.sql.length ? start + position.offset : undefined;
}

function clamp(offset: number, text: string): number | undefined {
  return offset >= 0 && offset <= text.length ? offset : undefined;
}

/** `LINE n: <the line>` and a caret under `offset`, with long lines cut around the caret. */
function sourceExcerpt(text: string, offset: number): string[] {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let lineEnd = text.indexOf('\n', offset);
  if (lineEnd < 0) lineEnd = text.length;
  // tabs would move the caret by a terminal-dependent amount: show them as one space
  let before = text.slice(lineStart, offset).replace(/\t/g, ' ');
  let after = text.slice(offset, lineEnd).replace(/[\t\r]/g, (c) => (c === '\t' ? ' ' : ''));
  if (displayWidth(before) > LINE_WINDOW / 2) before = `...${before.slice(before.length - LINE_WINDOW / 2)}`;
  if (displayWidth(after) > LINE_WINDOW / 2) after = `${after.slice(0, LINE_WINDOW / 2)}...`;
  const label = `LINE ${positionAt(text, offset).line}: `;
  return [`${label}${before}${after}`.trimEnd(), `${' '.repeat(label.length + displayWidth(before))}^`];
}
