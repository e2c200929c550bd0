import { describe, expect, it } from 'vitest';
import { call, field, inputRef, listOf, literal, schemaOf, T } from '@sluice/sql';
import { deltaFromRows, deltaRows } from '../delta.js';
import { evaluateValues } from '../expr/evaluate-values.js';
import { FilterOperator } from './filter.js';
import { ProjectOperator } from './project.js';
import { ProjectSetOperator } from './project-set.js';

const input = schemaOf([field('id', T.bigint), field('line', T.varchar), field('tags', listOf(T.varchar))]);
const delta = deltaFromRows(input, [
  [1n, 'a b', ['x', 'y', 'z']],
  [2n, null, []],
  [3n, 'c', null],
], [1, -1, 1]);

describe('stateless operators', () => {
  it('filters with ops passing through', () => {
    const op = new FilterOperator(input, call('greater_than', [inputRef(0, T.bigint), literal(1n, T.bigint)], T.boolean));
    const [out] = op.push(delta, 0);
    expect(deltaRows(out!).map((r) => [r.op, r.values[0]])).toEqual([[-1, 2n], [1, 3n]]);
    expect(op.metrics.rowsOut).toBe(2);
  });

  it('projects expressions', () => {
    const out = schemaOf([field('id2', T.bigint), field('upper', T.varchar)]);
    const op = new ProjectOperator([
      call('multiply', [inputRef(0, T.bigint), literal(2n, T.bigint)], T.bigint),
      call('upper', [inputRef(1, T.varchar)], T.varchar),
    ], out);
    expect(deltaRows(op.push(delta, 0)[0]!)).toEqual([
      { op: 1, values: [2n, 'A B'] }, { op: -1, values: [4n, null] }, { op: 1, values: [6n, 'C'] },
    ]);
  });

  it('expands set-returning items to the longest set, padding with NULL', () => {
    const out = schemaOf([field('id', T.bigint), field('tag', T.varchar), field('word', T.varchar), field('n', T.int)]);
    const op = new ProjectSetOperator([
      { kind: 'scalar', expr: inputRef(0, T.bigint) },
      { kind: 'set', fn: 'unnest', args: [inputRef(2, listOf(T.varchar))] },
      { kind: 'set', fn: 'regexp_split_to_table', args: [inputRef(1, T.varchar), literal('\\s+', T.varchar)] },
      { kind: 'set', fn: 'generate_series', args: [literal(1, T.int), literal(2, T.int)] },
    ], out);
    expect(deltaRows(op.push(delta, 0)[0]!)).toEqual([
      { op: 1, values: [1n, 'x', 'a', 1] },
      { op: 1, values: [1n, 'y', 'b', 2] },
      { op: 1, values: [1n, 'z', null, null] },
      { op: -1, values: [2n, null, null, 1] },
      { op: -1, values: [2n, null, null, 2] },
      { op: 1, values: [3n, null, 'c', 1] },
      { op: 1, values: [3n, null, null, 2] },
    ]);
  });

  it('evaluates VALUES rows', () => {
    const schema = schemaOf([field('a', T.int), field('b', T.varchar)]);
    const d = evaluateValues([[literal(1, T.int), call('concat_op', [literal('x', T.varchar), literal('y', T.varchar)], T.varchar)]], schema);
    expect(deltaRows(d)).toEqual([{ op: 1, values: [1, 'xy'] }]);
  });
});
