/**
 * Data type names to `DataType`: the PostgreSQL spellings and their aliases, with `T[]` for
 * lists. Precision and length arguments (`DECIMAL(10, 2)`, `VARCHAR(20)`) are read and dropped
 * because every Sluice type maps to one Arrow type regardless of them.
 */
import { listOf, scalar, type DataType, type ScalarTypeName } from '../types/data-type.js';
import type { TokenCursor } from './token-cursor.js';

const SIMPLE_TYPES: Readonly<Record<string, ScalarTypeName>> = {
  BOOLEAN: 'BOOLEAN', BOOL: 'BOOLEAN',
  SMALLINT: 'SMALLINT', INT2: 'SMALLINT',
  INT: 'INT', INTEGER: 'INT', INT4: 'INT',
  BIGINT: 'BIGINT', INT8: 'BIGINT',
  REAL: 'REAL', FLOAT4: 'REAL',
  FLOAT: 'DOUBLE', FLOAT8: 'DOUBLE', DOUBLE: 'DOUBLE',
  DECIMAL: 'DECIMAL', NUMERIC: 'DECIMAL',
  VARCHAR: 'VARCHAR', TEXT: 'VARCHAR', STRING: 'VARCHAR', CHAR: 'VARCHAR', CHARACTER: 'VARCHAR',
  TIMESTAMP: 'TIMESTAMP', TIMESTAMPTZ: 'TIMESTAMPTZ',
  DATE: 'DATE', TIME: 'TIME',
  INTERVAL: 'INTERVAL',
  BYTEA: 'BYTEA',
  JSONB: 'JSONB', JSON: 'JSONB',
  // PostgreSQL's catalog types, so that queries clients send about the catalog bind: object
  // identifiers (and the reg* names for them) are integers, `name` is text
  OID: 'INT', REGCLASS: 'INT', REGTYPE: 'INT', REGPROC: 'INT', REGPROCEDURE: 'INT', REGNAMESPACE: 'INT', REGROLE: 'INT',
  NAME: 'VARCHAR',
};

/** True if the current token starts a type name that `parseDataType` knows. */
export function atDataType(cursor: TokenCursor): boolean {
  const t = cursor.peek();
  return t.kind === 'word' && t.upper in SIMPLE_TYPES;
}

/**
 * A cast to `regclass` or `regnamespace` names an object: PostgreSQL looks a name up
 * (`'pg_class'::regclass` is pg_class's OID). Such a cast is read as a call of to_regclass or
 * to_regnamespace, which take a name or an OID. Returns the function's name after moving
 * past the type, or undefined (and does not move) for any other type.
 */
export function objectLookupCast(cursor: TokenCursor): string | undefined {
  const k = cursor.peek().kind === 'word' && cursor.peek().upper === 'PG_CATALOG' && cursor.atOp('.', 1) ? 2 : 0;
  const t = cursor.peek(k);
  const fn = t.kind !== 'word' ? undefined : t.upper === 'REGCLASS' ? 'to_regclass' : t.upper === 'REGNAMESPACE' ? 'to_regnamespace' : undefined;
  if (fn === undefined || cursor.atOp('[', k + 1)) return undefined;
  for (let i = 0; i <= k; i++) cursor.next();
  return fn;
}

/**
 * Reads a type name at the cursor. Throws `unknown-type` (at the name) for a name Sluice does
 * not support, and `syntax-error` for a malformed one.
 */
export function parseDataType(cursor: TokenCursor): DataType {
  // built-in types live in schema pg_catalog
  if (cursor.peek().kind === 'word' && cursor.peek().upper === 'PG_CATALOG' && cursor.atOp('.', 1)) {
    cursor.next();
    cursor.next();
  }
  const first = cursor.peek();
  if (first.kind !== 'word' && first.kind !== 'quoted') cursor.unexpected('expected a type name');
  // "char" (quoted) is PostgreSQL's one-byte character type, text here
  const name = first.kind === 'word' ? SIMPLE_TYPES[first.upper] : first.value === 'char' ? 'VARCHAR' : undefined;
  if (name === undefined) {
    const written = cursor.source.text.slice(first.start, first.end);
    cursor.fail(`unknown type '${written}'`, first, 'unknown-type');
  }
  cursor.next();
  let type = scalar(readModifiers(cursor, first.upper, name));
  while (cursor.atOp('[') && cursor.atOp(']', 1)) {
    cursor.next();
    cursor.next();
    type = listOf(type);
  }
  return type;
}

/** Reads what may follow the first word of a type name, returning the final scalar name. */
function readModifiers(cursor: TokenCursor, word: string, name: ScalarTypeName): ScalarTypeName {
  if (word === 'DOUBLE') cursor.acceptWord('PRECISION');
  if (word === 'CHARACTER') cursor.acceptWord('VARYING');
  if (cursor.atOp('(') && name !== 'INTERVAL') skipTypeArguments(cursor);
  if (name === 'TIMESTAMP') {
    if (cursor.acceptWord('WITHOUT', 'TIME', 'ZONE')) return 'TIMESTAMP';
    if (cursor.acceptWord('WITH', 'TIME', 'ZONE')) return 'TIMESTAMPTZ';
  }
  if (name === 'TIME') {
    cursor.acceptWord('WITHOUT', 'TIME', 'ZONE');
    if (cursor.atWord('WITH', 'TIME', 'ZONE')) cursor.fail('TIME WITH TIME ZONE is not supported', cursor.peek(), 'unknown-type');
  }
  return name;
}

/** `(10)` or `(10, 2)` */
function skipTypeArguments(cursor: TokenCursor): void {
  cursor.expectOp('(');
  do {
    if (cursor.peek().kind !== 'number') cursor.unexpected('expected a number');
    cursor.next();
  } while (cursor.acceptOp(','));
  cursor.expectOp(')');
}
