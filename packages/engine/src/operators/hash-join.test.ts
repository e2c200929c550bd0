import { describe, expect, it } from 'vitest';
import { call, field, inputRef, literal, schemaOf, T, type BoundExpr, type JoinKind, type LogicalPlan, type Schema, type SqlValue } from '@sluice/sql';
import { deltaFromRows, deltaRows, type Delta, type Op } from '../delta.js';
import { HashJoinOperator, type HashJoinSpec } from './hash-join.js';

const left = schemaOf([field('id', T.int), field('v', T.varchar)]);
const right = schemaOf([field('id', T.int), field('w', T.varchar)]);
const timed = schemaOf([field('k', T.int), field('ts', T.timestamp)]);

const values = (schema: Schema): LogicalPlan => ({ kind: 'Values', rows: [], schema, props: { appendOnly: true, bounded: false, watermarkColumns: [] } });

function spec(joinType: JoinKind, l: Schema, r: Schema, residual?: BoundExpr): HashJoinSpec {
  const nullableLeft = joinType === 'right' || joinType === 'full';
  const nullableRight = joinType === 'left' || joinType === 'full';
  return {
    joinType,
    left: values(l),
    right: values(r),
    keys: [{ left: inputRef(0, l.fields[0]!.type), right: inputRef(0, r.fields[0]!.type) }],
    ...(residual ? { residual } : {}),
    schema: schemaOf([...l.fields.map((f) => field(f.name, f.type, nullableLeft || f.nullable)), ...r.fields.map((f) => field(f.name, f.type, nullableRight || f.nullable))]),
  };
}

const rows = (schema: Schema, data: SqlValue[][], ops?: Op[]): Delta => deltaFromRows(schema, data, ops);
const changes = (out: Delta[]): string[] => out.flatMap(deltaRows).map((r) => `${r.op > 0 ? '+' : '-'}${r.values.map(String).join(',')}`);

describe('HashJoinOperator', () => {
  it('inner join: both sides probe, multiplicities multiply, retractions undo', () => {
    const op = new HashJoinOperator(spec('inner', left, right));
    op.open();
    expect(changes(op.push(rows(left, [[1, 'a'], [1, 'a'], [2, 'b'], [null, 'n']]), 0))).toEqual([]);
    expect(changes(op.push(rows(right, [[1, 'x'], [3, 'z'], [null, 'n']]), 1))).toEqual(['+1,a,1,x', '+1,a,1,x']);
    expect(changes(op.push(rows(left, [[1, 'a']], [-1]), 0))).toEqual(['-1,a,1,x']);
    expect(changes(op.push(rows(right, [[1, 'x'], [2, 'y']], [-1, 1]), 1))).toEqual(['-1,a,1,x', '+2,b,2,y']);
    expect(op.metrics.stateRows).toBe(6);
  });

  it('keeps the same results with retracting inputs (rows kept by identity) and BIGINT keys beyond 2^53', () => {
    const big = schemaOf([field('id', T.bigint), field('v', T.varchar)]);
    const retracting = (schema: Schema): LogicalPlan => ({ ...values(schema), props: { appendOnly: false, bounded: false, watermarkColumns: [] } });
    const op = new HashJoinOperator({ ...spec('inner', big, big), left: retracting(big), right: retracting(big) });
    op.open();
    const huge = 2n ** 60n + 1n;
    expect(changes(op.push(rows(big, [[huge, 'a'], [huge, 'a'], [1n, 'b'], [null, 'n']]), 0))).toEqual([]);
    expect(changes(op.push(rows(big, [[huge, 'x'], [2n ** 60n, 'z'], [1n, 'y']]), 1))).toEqual([`+${huge},a,${huge},x`, `+${huge},a,${huge},x`, '+1,b,1,y']);
    expect(changes(op.push(rows(big, [[huge, 'a']], [-1]), 0))).toEqual([`-${huge},a,${huge},x`]);
    expect(op.metrics.stateRows).toBe(6); // distinct rows: (huge, a) once with count 1
    expect(changes(op.push(rows(big, [[huge, 'a'], [7n, 'q']], [-1, -1]), 0))).toEqual([`-${huge},a,${huge},x`]);
  });

  it('left join: NULL padding goes when the first match arrives and comes back with the last', () => {
    const op = new HashJoinOperator(spec('left', left, right));
    op.open();
    expect(changes(op.push(rows(left, [[1, 'a'], [null, 'n']]), 0))).toEqual(['+1,a,null,null', '+null,n,null,null']);
    expect(changes(op.push(rows(right, [[1, 'x']]), 1))).toEqual(['+1,a,1,x', '-1,a,null,null']);
    expect(changes(op.push(rows(right, [[1, 'y']]), 1))).toEqual(['+1,a,1,y']);
    expect(changes(op.push(rows(right, [[1, 'x'], [1, 'y']], [-1, -1]), 1))).toEqual(['-1,a,1,x', '-1,a,1,y', '+1,a,null,null']);
    expect(changes(op.push(rows(left, [[1, 'a']], [-1]), 0))).toEqual(['-1,a,null,null']);
  });

  it('full join pads both sides; a residual decides what matches', () => {
    const residual = call('not_equal', [inputRef(1, T.varchar), literal('skip', T.varchar)], T.boolean);
    const op = new HashJoinOperator(spec('full', left, right, residual));
    op.open();
    expect(changes(op.push(rows(right, [[1, 'x']]), 1))).toEqual(['+null,null,1,x']);
    expect(changes(op.push(rows(left, [[1, 'skip'], [1, 'a']]), 0))).toEqual(['+1,skip,null,null', '+1,a,1,x', '-null,null,1,x']);
    expect(changes(op.push(rows(left, [[1, 'a']], [-1]), 0))).toEqual(['-1,a,1,x', '+null,null,1,x']);
  });

  it('restores a snapshot into a fresh operator with the same later output', () => {
    const op = new HashJoinOperator(spec('left', left, right));
    op.open();
    op.push(rows(left, [[1, 'a'], [2, 'b']]), 0);
    op.push(rows(right, [[1, 'x']]), 1);
    const restored = new HashJoinOperator(spec('left', left, right));
    restored.open(op.snapshot());
    expect(restored.metrics.stateRows).toBe(3);
    const next = (o: HashJoinOperator) => changes(o.push(rows(right, [[1, 'x'], [2, 'y']], [-1, 1]), 1));
    expect(next(restored)).toEqual(next(op));
    expect(changes(restored.push(rows(left, [[1, 'a']], [-1]), 0))).toEqual(['-1,a,null,null']);
  });

  it('interval join: rows the other side can no longer match are evicted by the watermark', () => {
    // l.ts BETWEEN r.ts - 10 AND r.ts: left rows go once W > ts + 0, right rows once W > ts + 10
    const residual = call('and', [
      call('greater_than_or_equal', [inputRef(1, T.timestamp), call('subtract', [inputRef(3, T.timestamp), literal({ months: 0, days: 0, micros: 10 }, T.interval)], T.timestamp)], T.boolean),
      call('less_than_or_equal', [inputRef(1, T.timestamp), inputRef(3, T.timestamp)], T.boolean),
    ], T.boolean);
    const op = new HashJoinOperator(spec('inner', timed, timed, residual), { left: { column: 1, offsetUs: 0 }, right: { column: 1, offsetUs: -10 } });
    op.open();
    op.push(rows(timed, [[1, 100], [1, 105]]), 0);
    expect(changes(op.push(rows(timed, [[1, 108]]), 1))).toEqual(['+1,100,1,108', '+1,105,1,108']);
    expect(op.metrics.stateRows).toBe(3);
    op.advanceWatermark(104);
    expect(op.metrics.stateRows).toBe(2);
    expect(changes(op.push(rows(timed, [[1, 112]]), 1))).toEqual(['+1,105,1,112']);
    op.advanceWatermark(125);
    expect(op.metrics.stateRows).toBe(0);
    const restored = new HashJoinOperator(spec('inner', timed, timed, residual), { left: { column: 1, offsetUs: 0 }, right: { column: 1, offsetUs: -10 } });
    restored.open(op.snapshot());
    // a late left row is still joined with what is held, but not stored
    expect(changes(restored.push(rows(timed, [[1, 90]]), 0))).toEqual([]);
    expect(restored.metrics.stateRows).toBe(0);
  });
});
