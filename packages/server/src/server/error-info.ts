/**
 * One description of an error for every interface: REST bodies, websocket `error` messages and
 * PostgreSQL ErrorResponses are all built from `errorInfo`. A position is given against the
 * SQL text the client sent (line and column 1-based, `position` a 1-based character index as
 * PostgreSQL's `P` field counts it).
 */
import { EngineError } from '@sluice/engine';
import { positionAt, SqlError, type Statement } from '@sluice/sql';
import { locate } from '../cli/error-report.js';

/** What a client is told about a failed request. */
export interface ErrorInfo {
  /** kebab-case, listed in docs/errors.md */
  readonly code: string;
  readonly message: string;
  readonly hint?: string;
  readonly line?: number;
  readonly column?: number;
  /** 1-based character index into the text sent */
  readonly position?: number;
  /** true for a bug or an outage rather than a mistake in the request */
  readonly internal: boolean;
}

/**
 * Describes `error` raised while running `text` (and `statement`, when one was running).
 * Never throws; an unexpected error keeps its message and becomes `internal-error`.
 */
export function errorInfo(error: unknown, text?: string, statement?: Statement): ErrorInfo {
  if (error instanceof SqlError) {
    const offset = error.position && text !== undefined ? locate(error.position, text, statement) : undefined;
    const at = offset !== undefined && text !== undefined ? positionAt(text, offset) : undefined;
    return {
      code: error.code,
      message: error.message,
      ...(error.hint ? { hint: error.hint } : {}),
      ...(at ? { line: at.line, column: at.column, position: at.offset + 1 } : {}),
      internal: false,
    };
  }
  if (error instanceof EngineError) {
    return {
      code: error.code,
      message: error.message,
      ...(error.options.hint ? { hint: error.options.hint } : {}),
      internal: error.domain === 'internal',
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal-error', message, internal: true };
}

/** The JSON form sent over REST and the websocket: `internal` is for the server's own use. */
export function errorJson(info: ErrorInfo): Record<string, unknown> {
  const { internal: _internal, ...rest } = info;
  return rest;
}
