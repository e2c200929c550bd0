/**
 * Every SqlError carries a position; these are the cases the fuzz test (../fuzz.test.ts)
 * found without one.
 */
import { describe, expect, test } from 'vitest';
import { bindSql, sqlErrorOf, testCatalog } from './test-catalog.js';

const error = (sql: string): string => sqlErrorOf(() => bindSql(sql, testCatalog()));

describe('error positions', () => {
  test('VALUES mixing types points at the first value of another type, also inside a set operation', () => {
    expect(error("VALUES (1, 'a'), (TRUE, 'b')")).toMatchInlineSnapshot(`"type-mismatch at 1:19: VALUES column 1 mixes INT, BOOLEAN"`);
    expect(error("SELECT 1 UNION VALUES (1), (DATE '2024-01-01')")).toMatchInlineSnapshot(`"type-mismatch at 1:29: VALUES column 1 mixes INT, DATE"`);
  });

  test('a set operation nested in another points at its first operand', () => {
    expect(error('SELECT 1 UNION SELECT 2 EXCEPT SELECT TRUE INTERSECT SELECT 4')).toMatchInlineSnapshot(`"type-mismatch at 1:32: INTERSECT types BOOLEAN and INT cannot be matched (column 1)"`);
  });

  test('a column of * that is not grouped points at the star', () => {
    expect(error('SELECT * FROM users GROUP BY id')).toMatchInlineSnapshot(`"column-not-grouped at 1:8: column users.name must appear in the GROUP BY clause or be used in an aggregate function"`);
  });

  test('a RANGE frame with a malformed interval points at the window call', () => {
    expect(error("SELECT max(v) OVER (ORDER BY ts RANGE BETWEEN INTERVAL 'x' SECOND PRECEDING AND CURRENT ROW) FROM ticks"))
      .toMatch(/^invalid-interval at 1:8: /);
  });
});
