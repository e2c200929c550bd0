import { describe, expect, it } from 'vitest';
import { field, listOf, schemaOf, T, type AggregateCall, type SqlValue } from '@sluice/sql';
import { deltaFromRows, deltaRows, type Delta, type Op } from '../delta.js';
import { HashAggregateOperator, type AggregateSpec } from './hash-aggregate.js';

// k, value, separator, order key, flag
const input = schemaOf([field('k', T.varchar), field('v', T.varchar), field('sep', T.varchar), field('o', T.int), field('b', T.boolean)]);

const aggregates: AggregateCall[] = [
  { kind: 'string_agg', args: [1, 2], distinct: false, orderBy: [{ column: 3, descending: true, nullsFirst: false }], type: T.varchar },
  { kind: 'array_agg', args: [3], distinct: false, orderBy: [{ column: 3, descending: false, nullsFirst: false }], type: listOf(T.int) },
  { kind: 'bool_and', args: [4], distinct: false, type: T.boolean },
  { kind: 'bool_or', args: [4], distinct: false, type: T.boolean },
  { kind: 'string_agg', args: [1, 2], distinct: false, type: T.varchar },
];
const spec: AggregateSpec = {
  groupKeys: [0],
  aggregates,
  emitOnWindowClose: false,
  schema: schemaOf([field('k', T.varchar), field('s', T.varchar), field('a', listOf(T.int)), field('all', T.boolean), field('any', T.boolean), field('arrival', T.varchar)]),
};

const rows = (deltas: Delta[]): [Op, SqlValue[]][] => deltas.flatMap((d) => deltaRows(d).map((r): [Op, SqlValue[]] => [r.op, r.values]));
const push = (op: HashAggregateOperator, data: SqlValue[][], ops?: Op[]): [Op, SqlValue[]][] => rows(op.push(deltaFromRows(input, data, ops), 0));

describe('collection and boolean aggregates', () => {
  it('order values, put each separator before its value, and undo retractions exactly', () => {
    const op = new HashAggregateOperator(spec, input, false);
    op.open();
    expect(push(op, [['g', 'x', ',', 1, true], ['g', 'y', ';', 3, true], ['g', null, '!', 2, null], ['g', 'y', ';', 3, false]])).toEqual([
      [1, ['g', 'y;y,x', [1, 2, 3, 3], false, true, 'x;y;y']],
    ]);
    // one copy of the duplicate goes; the NULL value stays in array_agg, never in string_agg
    expect(push(op, [['g', 'y', ';', 3, false]], [-1])).toEqual([
      [-1, ['g', 'y;y,x', [1, 2, 3, 3], false, true, 'x;y;y']],
      [1, ['g', 'y,x', [1, 2, 3], true, true, 'x;y']],
    ]);
    expect(push(op, [['g', 'x', ',', 1, true], ['g', 'y', ';', 3, true]], [-1, -1])).toEqual([
      [-1, ['g', 'y,x', [1, 2, 3], true, true, 'x;y']],
      [1, ['g', null, [2], null, null, null]],
    ]);
  });

  it('survive a snapshot and restore', () => {
    const op = new HashAggregateOperator(spec, input, false);
    op.open();
    push(op, [['g', 'b', '-', 2, false], ['g', 'a', '+', 1, true], ['g', 'a', '+', 1, true], ['h', 'z', '', null, null]]);
    const restored = new HashAggregateOperator(spec, input, false);
    restored.open(op.snapshot());
    expect(push(restored, [['g', 'c', '*', 3, true], ['g', 'a', '+', 1, true]], [1, -1])).toEqual([
      [-1, ['g', 'b+a+a', [1, 1, 2], false, true, 'b+a+a']],
      [1, ['g', 'c-b+a', [1, 2, 3], false, true, 'b+a*c']],
    ]);
    expect(push(restored, [['h', 'y', '/', null, true]])).toEqual([
      [-1, ['h', 'z', [null], null, null, 'z']],
      [1, ['h', 'z/y', [null, null], true, true, 'z/y']],
    ]);
  });
});
