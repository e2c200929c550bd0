import { describe, expect, it } from 'vitest';
import { field, schemaOf, T, type SemiJoinKind, type SqlValue } from '@sluice/sql';
import { deltaFromRows, deltaRows, type Delta, type Op } from '../delta.js';
import { SemiJoinOperator } from './semi-join.js';
import { SingleJoinOperator } from './single-join.js';
import { UnionOperator } from './union.js';

const left = schemaOf([field('id', T.int), field('k', T.int)]);
const right = schemaOf([field('g', T.int), field('x', T.int)]);
const rows = (deltas: Delta[]): [Op, SqlValue[]][] => deltas.flatMap((d) => deltaRows(d).map((r): [Op, SqlValue[]] => [r.op, r.values]));
const sorted = (r: [Op, SqlValue[]][]): [Op, SqlValue[]][] => [...r].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

function semi(kind: SemiJoinKind, leftKeys = [1], rightKeys = [1]): SemiJoinOperator {
  const op = new SemiJoinOperator({ joinKind: kind, leftKeys, rightKeys, schema: left }, right);
  op.open();
  return op;
}
const pushL = (op: { push(d: Delta, i: number): Delta[] }, data: SqlValue[][], ops?: Op[]) => sorted(rows(op.push(deltaFromRows(left, data, ops), 0)));
const pushR = (op: { push(d: Delta, i: number): Delta[] }, data: SqlValue[][], ops?: Op[]) => sorted(rows(op.push(deltaFromRows(right, data, ops), 1)));

describe('SemiJoinOperator', () => {
  it('semi: left rows appear when a right row of their key arrives and leave with the last one', () => {
    const op = semi('semi');
    expect(pushL(op, [[1, 10], [2, 20], [3, null]])).toEqual([]);
    expect(pushR(op, [[0, 10], [0, 10], [0, null]])).toEqual([[1, [1, 10]]]);
    expect(pushL(op, [[4, 10], [1, 10]], [1, -1])).toEqual([[-1, [1, 10]], [1, [4, 10]]]);
    expect(pushR(op, [[0, 10]], [-1])).toEqual([]);
    expect(pushR(op, [[0, 10]], [-1])).toEqual([[-1, [4, 10]]]);
  });

  it('anti: the complement, NULL keys always kept', () => {
    const op = semi('anti');
    expect(pushL(op, [[1, 10], [3, null]])).toEqual([[1, [1, 10]], [1, [3, null]]]);
    expect(pushR(op, [[0, 10], [0, null]])).toEqual([[-1, [1, 10]]]);
    expect(pushR(op, [[0, 10]], [-1])).toEqual([[1, [1, 10]]]);
  });

  it('anti-null-aware: NOT IN is empty once the subquery holds a NULL, everything when it is empty', () => {
    const op = semi('anti-null-aware');
    expect(pushL(op, [[1, 10], [2, 20], [3, null]])).toEqual([[1, [1, 10]], [1, [2, 20]], [1, [3, null]]]);
    expect(pushR(op, [[0, 10]])).toEqual([[-1, [1, 10]], [-1, [3, null]]]);
    expect(pushR(op, [[0, null]])).toEqual([[-1, [2, 20]]]);
    expect(pushR(op, [[0, null]], [-1])).toEqual([[1, [2, 20]]]);
    expect(pushR(op, [[0, 10]], [-1])).toEqual([[1, [1, 10]], [1, [3, null]]]);
  });

  it('anti-null-aware with a correlation key: NULL rules apply per group', () => {
    // left (id, k): correlation on id = g, NOT IN on k = x
    const op = semi('anti-null-aware', [0, 1], [0, 1]);
    expect(pushL(op, [[1, 10], [2, 20], [null, 5]])).toHaveLength(3);
    expect(pushR(op, [[1, null], [2, 7]])).toEqual([[-1, [1, 10]]]);
    expect(pushR(op, [[2, 20]])).toEqual([[-1, [2, 20]]]);
  });

  it('restores from a snapshot with the same later output', () => {
    const op = semi('anti-null-aware');
    pushL(op, [[1, 10], [2, 20], [2, 20]]);
    pushR(op, [[0, 10]]);
    const restored = semi('anti-null-aware');
    restored.open(op.snapshot());
    expect(pushR(restored, [[0, 10]], [-1])).toEqual([[1, [1, 10]]]);
    expect(pushR(restored, [[0, null]])).toEqual([[-1, [1, 10]], [-1, [2, 20]], [-1, [2, 20]]]);
  });
});

describe('SingleJoinOperator', () => {
  const out = schemaOf([...left.fields, field('x', T.int)]);
  const single = (): SingleJoinOperator => {
    const op = new SingleJoinOperator({ leftKeys: [1], rightKeys: [0], rightColumns: [1], schema: out }, left, right);
    op.open();
    return op;
  };

  it('extends left rows with the right value, re-emitting them when it changes', () => {
    const op = single();
    expect(pushL(op, [[1, 10], [2, null]])).toEqual([[1, [1, 10, null]], [1, [2, null, null]]]);
    expect(pushR(op, [[10, 100]])).toEqual([[-1, [1, 10, null]], [1, [1, 10, 100]]]);
    expect(pushR(op, [[10, 100], [10, 200]], [-1, 1])).toEqual([[-1, [1, 10, 100]], [1, [1, 10, 200]]]);
    expect(pushL(op, [[1, 10]], [-1])).toEqual([[-1, [1, 10, 200]]]);
  });

  it('two right rows for one key is an error', () => {
    const op = single();
    pushL(op, [[1, 10]]);
    expect(() => pushR(op, [[10, 1], [10, 2]])).toThrow(/more than one row/);
  });

  it('restores from a snapshot', () => {
    const op = single();
    pushL(op, [[1, 10]]);
    pushR(op, [[10, 100]]);
    const restored = single();
    restored.open(op.snapshot());
    expect(pushR(restored, [[10, 100]], [-1])).toEqual([[-1, [1, 10, 100]], [1, [1, 10, null]]]);
  });
});

describe('UnionOperator', () => {
  it('passes every input through with its ops', () => {
    const op = new UnionOperator(left);
    expect(rows(op.push(deltaFromRows(right, [[1, 2]], [-1]), 1))).toEqual([[-1, [1, 2]]]);
    expect(op.push(deltaFromRows(right, [[1, 2]]), 0)[0]!.schema).toBe(left);
  });
});
