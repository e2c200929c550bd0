/**
 * The nesting limit. The parser, binder, optimizer and expression compiler all walk trees
 * recursively, so a statement nested thousands of levels deep — parentheses, subqueries, or a
 * long chain of `a OR b OR ...` or `UNION ALL`s, which parses into a tree as deep as it is
 * long — would overflow the JavaScript stack. Such a statement fails instead with
 * `statement-too-complex` (PostgreSQL's "stack depth limit exceeded"), which no hand-written
 * query comes near.
 */
import type { Statement } from '../ast/statement.js';
import { type SourcePosition, SqlError } from '../errors.js';

/** How deep a statement's syntax tree may be, in AST nodes (each has a `kind`). */
export const MAX_NESTING_DEPTH = 1000;

/**
 * How deeply the parser may recurse: nested parentheses, operands, function calls, CASEs and
 * subqueries. Lower than `MAX_NESTING_DEPTH` because each level costs the parser (and then the
 * binder) several stack frames, and a subquery level several AST nodes.
 */
export const MAX_PARSE_DEPTH = 200;

/** The error for a statement nested deeper than the limits, at `pos`. */
export function tooComplex(pos: SourcePosition | undefined): SqlError {
  return new SqlError('statement-too-complex',
    'the statement is nested too deeply (expressions, subqueries or chains of operators or UNIONs)',
    pos, 'nest less, or split long chains of AND/OR or UNION ALL, e.g. x IN (1, 2) instead of x = 1 OR x = 2');
}

/**
 * Throws `statement-too-complex` when `statement`'s syntax tree is deeper than the limit,
 * at the deepest node's position (or the statement's). Walks the tree without recursion,
 * treating every object with a `kind` as a node, so it needs no update when the AST grows.
 */
export function checkNesting(statement: Statement): void {
  const stack: { value: unknown; depth: number }[] = [{ value: statement, depth: 0 }];
  while (stack.length > 0) {
    const { value, depth } = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    const isNode = !Array.isArray(value) && typeof (value as { kind?: unknown }).kind === 'string';
    const level = isNode ? depth + 1 : depth;
    if (level > MAX_NESTING_DEPTH) throw tooComplex((value as { pos?: SourcePosition }).pos ?? statement.pos);
    for (const child of Object.values(value)) {
      if (typeof child === 'object' && child !== null && !isPosition(child)) stack.push({ value: child, depth: level });
    }
  }
}

function isPosition(value: object): boolean {
  return 'offset' in value && 'line' in value && 'column' in value;
}
