import { describe, expect, test } from 'vitest';
import { explainPlan } from '../explain/explain-plan.js';
import { bindSql, sqlErrorOf } from './test-catalog.js';

const plan = (sql: string): string => explainPlan(bindSql(sql).plan);

describe('ARRAY[...]', () => {
  test('elements are cast to their common type', () => {
    expect(plan('SELECT ARRAY[price, 1, NULL] AS a FROM bids').split('\n')[0]).toMatchInlineSnapshot(`"Project a=array(#2, 1::BIGINT, NULL::BIGINT)"`);
    expect(bindSql("SELECT ARRAY['a', 'b'] AS a").plan.schema.fields[0]!.type).toEqual({ kind: 'list', element: { kind: 'scalar', name: 'VARCHAR' } });
  });

  test('types without a common type are an error', () => {
    expect(sqlErrorOf(() => bindSql('SELECT ARRAY[1, DATE \'2024-01-01\']'))).toMatch(/^type-mismatch/);
  });

  test('an empty ARRAY[] takes the type of its cast, and has none without one', () => {
    expect(plan('SELECT ARRAY[]::INT[] AS a, CAST(ARRAY[] AS VARCHAR[]) AS b').split('\n')[0]).toMatchInlineSnapshot(`"Values columns=[a, b] rows=[('{}'::INT[], '{}'::VARCHAR[])]"`);
    expect(sqlErrorOf(() => bindSql('SELECT ARRAY[] AS a'))).toMatchInlineSnapshot(`"type-mismatch at 1:8: cannot determine the type of an empty ARRAY[] (hint: cast it to the array type: ARRAY[]::INT[])"`);
    expect(sqlErrorOf(() => bindSql('SELECT ARRAY[]::INT AS a'))).toMatch(/^type-mismatch/);
  });
});
