/**
 * Turns an error into a `Failure`: its one-line message, and a cause general enough to
 * aggregate (names and numbers replaced), so the conformance page can say which missing
 * features fail the most records.
 */
import type { Failure } from './outcomes.js';

/** Codes meaning "that object does not exist": a failure of this kind may be a cascade. */
const MISSING_OBJECT_CODES = new Set(['table-not-found', 'object-not-found']);

/** The error's code (`SqlError`, `EngineError`, timeouts) or, for anything else, `crash (<name>)`. */
export function errorCode(error: unknown): string {
  if (error instanceof Error && 'code' in error && typeof error.code === 'string' && /^[a-z][a-z0-9-]*$/.test(error.code)) return error.code;
  return `crash (${error instanceof Error ? error.name : typeof error})`;
}

export function errorMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]!;
}

/**
 * Codes whose messages quote the user's own names (tables, columns): those names are replaced
 * when aggregating. Other codes quote what is missing (a statement, a type, a character),
 * which is kept.
 */
const NAME_CODES = new Set([
  'table-not-found', 'object-not-found', 'column-not-found', 'ambiguous-column', 'duplicate-column',
  'object-already-exists', 'object-in-use', 'wrong-object-type', 'column-not-grouped',
]);

/** A message with numbers (and, for `NAME_CODES`, quoted names) replaced by placeholders. */
export function generalizeMessage(code: string, message: string): string {
  const unnamed = NAME_CODES.has(code) ? message.replace(/'[^']*'/g, "'…'").replace(/"[^"]*"/g, '"…"').replace(/`[^`]*`/g, '`…`') : message;
  return unnamed.replace(/\b\d+(\.\d+)?\b/g, 'N');
}

/**
 * The failure for an unexpected error. `failedObjects` maps the (lower-case) names of objects
 * whose CREATE failed earlier in the file to that failure's cause: an error about such an
 * object not existing is recorded as a cascade of that cause.
 */
export function errorFailure(error: unknown, failedObjects: ReadonlyMap<string, string>): Failure {
  const code = errorCode(error);
  const message = errorMessage(error);
  const failure: Failure = { message: `${code}: ${message}`, cause: `${code}: ${generalizeMessage(code, message)}` };
  if (!MISSING_OBJECT_CODES.has(code)) return failure;
  for (const quoted of message.matchAll(/['"`]([^'"`]+)['"`]/g)) {
    const object = quoted[1]!.toLowerCase();
    const rootCause = failedObjects.get(object);
    if (rootCause !== undefined) return { ...failure, cascadeFrom: { object, cause: rootCause } };
  }
  return failure;
}

/** The name a CREATE statement creates (lower case), or null for other statements. */
export function createdObjectName(sql: string): string | null {
  const match = /^\s*create\s+(?:or\s+replace\s+)?(?:materialized\s+view|view|table|source|sink|index|function)\s+(?:if\s+not\s+exists\s+)?("[^"]+"|[\w.]+)/i.exec(sql);
  if (!match) return null;
  const name = match[1]!;
  return name.startsWith('"') ? name.slice(1, -1) : name.toLowerCase();
}
