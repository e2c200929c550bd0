/**
 * Parameters of the extended query protocol. Sluice's SQL has no `$1` placeholders, so Bind
 * substitutes each one with a literal of the parameter's declared type: numbers bare (after
 * checking they are numbers), booleans as TRUE/FALSE, other declared types as
 * `CAST('text' AS TYPE)`, and untyped parameters (OID 0, what node-postgres sends) as string
 * literals, which the binder types from context as PostgreSQL does for unknown literals.
 */
import { EngineError } from '@sluice/engine';
import { quoteString } from '../server/json-insert.js';
import { scanCode } from '../server/sql-splitter.js';
import { castTypeForOid, OID } from './pg-types.js';

/** A bound parameter: its text (null for NULL) and declared type OID (0: unspecified). */
export interface ParamValue {
  readonly text: string | null;
  readonly oid: number;
}

/** The highest `$n` in `sql` (0 when there is none). */
export function parameterCount(sql: string): number {
  let max = 0;
  forEachPlaceholder(sql, (n) => {
    max = Math.max(max, n);
  });
  return max;
}

/** `sql` with every `$n` replaced by the literal for `params[n - 1]`. Throws `invalid-parameter`. */
export function substituteParameters(sql: string, params: readonly ParamValue[]): string {
  const pieces: string[] = [];
  let copied = 0;
  forEachPlaceholder(sql, (n, start, end) => {
    const param = params[n - 1];
    if (!param) throw new EngineError('invalid-parameter', `the statement uses $${n}, but only ${params.length} parameters were bound`);
    pieces.push(sql.slice(copied, start), parameterLiteral(param, n));
    copied = end;
  });
  pieces.push(sql.slice(copied));
  return pieces.join('');
}

/** The SQL literal for one parameter. */
export function parameterLiteral(param: ParamValue, n: number): string {
  if (param.text === null) return 'NULL';
  const text = param.text;
  switch (param.oid) {
    case OID.int2: case OID.int4: case OID.int8: case OID.oid:
      if (!/^\s*[-+]?\d+\s*$/.test(text)) throw badParam(n, text, 'an integer');
      return `(${text.trim()})`;
    case OID.float4: case OID.float8: case OID.numeric:
      if (/^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(text)) return `(${text.trim()})`;
      if (/^\s*[-+]?(nan|infinity|inf)\s*$/i.test(text)) return `CAST(${quoteString(text.trim())} AS ${castTypeForOid(param.oid)})`;
      throw badParam(n, text, 'a number');
    case OID.bool: {
      const lower = text.trim().toLowerCase();
      if (['t', 'true', 'y', 'yes', 'on', '1'].includes(lower)) return 'TRUE';
      if (['f', 'false', 'n', 'no', 'off', '0'].includes(lower)) return 'FALSE';
      throw badParam(n, text, 'a boolean');
    }
    default: {
      const type = castTypeForOid(param.oid);
      return type === undefined ? quoteString(text) : `CAST(${quoteString(text)} AS ${type})`;
    }
  }
}

function badParam(n: number, text: string, expected: string): EngineError {
  return new EngineError('invalid-parameter', `parameter $${n} is ${JSON.stringify(text.slice(0, 40))}, not ${expected}`);
}

/** Calls `visit(n, start, end)` for each `$n` that is code, in order. */
function forEachPlaceholder(sql: string, visit: (n: number, start: number, end: number) => void): void {
  const found: [number, number, number][] = [];
  scanCode(sql, (i) => {
    if (sql[i] !== '$' || /[\w$]/.test(sql[i - 1] ?? ' ')) return;
    const match = /^\$(\d+)/.exec(sql.slice(i, i + 12));
    if (match) found.push([Number(match[1]), i, i + match[0].length]);
  });
  for (const [n, start, end] of found) visit(n, start, end);
}
