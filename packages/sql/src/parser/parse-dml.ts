/**
 * DELETE and UPDATE (INSERT, which reads a query, stays in parse-statement.ts):
 *
 *   DELETE FROM t [[AS] alias] [WHERE cond] [RETURNING items]
 *   UPDATE t [[AS] alias] SET col = expr [, ...] [WHERE cond] [RETURNING items]
 *
 * `SET (a, b) = (x, y)` is read as `a = x, b = y`; a row subquery on the right is not
 * supported.
 */
import type { Expr } from '../ast/expr.js';
import type { SelectItem } from '../ast/query.js';
import type { Assignment, DeleteStatement, UpdateStatement } from '../ast/statement.js';
import type { StatementText } from './parse-create.js';
import { parseExpr, parseExprList } from './parse-expr.js';
import { atQueryStart, parseSelectItem } from './parse-query.js';
import type { TokenCursor } from './token-cursor.js';

/** After DELETE. */
export function parseDelete(c: TokenCursor, base: StatementText): DeleteStatement {
  c.expectWord('FROM');
  c.acceptWord('ONLY');
  const table = c.qualifiedName('a table name').name;
  const alias = parseAlias(c);
  const where = c.acceptWord('WHERE') ? parseExpr(c) : undefined;
  const returning = parseReturning(c);
  return {
    kind: 'Delete', ...base, table,
    ...(alias !== undefined ? { alias } : {}),
    ...(where ? { where } : {}),
    ...(returning ? { returning } : {}),
  };
}

/** After UPDATE. */
export function parseUpdate(c: TokenCursor, base: StatementText): UpdateStatement {
  c.acceptWord('ONLY');
  const table = c.qualifiedName('a table name').name;
  const alias = c.atWord('SET') ? undefined : parseAlias(c);
  c.expectWord('SET');
  const assignments: Assignment[] = [];
  do {
    assignments.push(...parseAssignment(c));
  } while (c.acceptOp(','));
  if (c.atWord('FROM')) c.fail('UPDATE ... FROM is not supported', c.peek(), 'unsupported-syntax');
  const where = c.acceptWord('WHERE') ? parseExpr(c) : undefined;
  const returning = parseReturning(c);
  return {
    kind: 'Update', ...base, table, assignments,
    ...(alias !== undefined ? { alias } : {}),
    ...(where ? { where } : {}),
    ...(returning ? { returning } : {}),
  };
}

function parseAlias(c: TokenCursor): string | undefined {
  if (c.acceptWord('AS')) return c.identifier('an alias').name;
  return c.atIdentifier() ? c.identifier().name : undefined;
}

/** `col = expr` or `(a, b) = (x, y)`; `DEFAULT` is not supported (columns have no defaults). */
function parseAssignment(c: TokenCursor): Assignment[] {
  if (c.atOp('(')) {
    const pos = c.posOf();
    const columns = c.identifierList();
    c.expectOp('=');
    if (atQueryStart(c)) c.fail('a row subquery in SET is not supported', c.peek(), 'unsupported-syntax');
    c.expectOp('(');
    const values: Expr[] = parseExprList(c);
    c.expectOp(')');
    if (values.length !== columns.length) {
      c.fail(`SET lists ${columns.length} columns but ${values.length} values`, c.previous(), 'wrong-column-count');
    }
    return columns.map((column, i) => ({ column, value: values[i]!, pos }));
  }
  const name = c.identifier('a column name');
  if (c.atOp('.') || c.atOp('[')) c.fail('assigning to a field or element is not supported', c.peek(), 'unsupported-syntax');
  c.expectOp('=');
  if (c.atWord('DEFAULT')) c.fail('SET col = DEFAULT is not supported', c.peek(), 'unsupported-syntax');
  return [{ column: name.name, value: parseExpr(c), pos: name.pos }];
}

function parseReturning(c: TokenCursor): SelectItem[] | undefined {
  if (!c.acceptWord('RETURNING')) return undefined;
  const items: SelectItem[] = [];
  do {
    items.push(parseSelectItem(c));
  } while (c.acceptOp(','));
  return items;
}
