import { describe, expect, test } from 'vitest';
import type { Statement } from '../ast/statement.js';
import { SqlError } from '../errors.js';
import { parse } from './parse.js';

/** The statement without positions and text, for comparing shapes. */
function bare(sql: string): unknown {
  const [statement] = parse(sql);
  return JSON.parse(JSON.stringify(statement, (key, v: unknown) => (key === 'pos' || key === 'sql' ? undefined : v)));
}

function errorOf(sql: string): string {
  try {
    parse(sql);
  } catch (e) {
    if (e instanceof SqlError) return e.describe();
    throw e;
  }
  throw new Error('expected a SqlError');
}

const col = (name: string): unknown => ({ kind: 'ColumnRef', name });
const num = (text: string): unknown => ({ kind: 'Literal', value: { type: 'number', text } });

describe('DELETE', () => {
  test('without and with WHERE', () => {
    expect(bare('DELETE FROM t')).toEqual({ kind: 'Delete', table: 't' });
    expect(bare('delete from T where v = 1')).toEqual({
      kind: 'Delete', table: 't', where: { kind: 'Binary', op: '=', left: col('v'), right: num('1') },
    });
  });

  test('an alias, ONLY and RETURNING', () => {
    const stmt = parse('DELETE FROM ONLY t AS x WHERE x.v > 0 RETURNING x.v, *')[0] as Extract<Statement, { kind: 'Delete' }>;
    expect(stmt.alias).toBe('x');
    expect(stmt.returning?.map((i) => i.expr.kind)).toEqual(['ColumnRef', 'Star']);
  });
});

describe('UPDATE', () => {
  test('SET list and WHERE', () => {
    expect(bare('UPDATE t SET a = a + 1, b = NULL WHERE c')).toEqual({
      kind: 'Update', table: 't',
      assignments: [
        { column: 'a', value: { kind: 'Binary', op: '+', left: col('a'), right: num('1') } },
        { column: 'b', value: { kind: 'Literal', value: { type: 'null' } } },
      ],
      where: col('c'),
    });
  });

  test('(a, b) = (x, y) is two assignments; an alias before SET', () => {
    const stmt = parse('UPDATE t u SET (a, b) = (1, 2) RETURNING a')[0] as Extract<Statement, { kind: 'Update' }>;
    expect(stmt.alias).toBe('u');
    expect(stmt.assignments.map((a) => a.column)).toEqual(['a', 'b']);
    expect(stmt.returning).toHaveLength(1);
  });

  test('what is not supported says so', () => {
    expect(errorOf('UPDATE t SET a = 1 FROM u')).toMatch(/^unsupported-syntax at 1:20: UPDATE \.\.\. FROM/);
    expect(errorOf('UPDATE t SET a = DEFAULT')).toMatch(/^unsupported-syntax/);
    expect(errorOf('UPDATE t SET (a, b) = (1)')).toMatch(/^wrong-column-count/);
    expect(errorOf('UPDATE t WHERE a = 1')).toMatch(/^syntax-error/);
  });

  test('EXPLAIN takes DELETE and UPDATE', () => {
    const [stmt] = parse('EXPLAIN DELETE FROM t');
    expect(stmt?.kind === 'Explain' && stmt.statement?.kind).toBe('Delete');
  });
});
