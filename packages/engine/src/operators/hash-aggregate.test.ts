import { describe, expect, it } from 'vitest';
import { field, schemaOf, T, type AggregateCall, type SqlValue } from '@sluice/sql';
import { deltaFromRows, deltaRows, type Delta, type Op } from '../delta.js';
import { HashAggregateOperator, type AggregateSpec } from './hash-aggregate.js';

const S = 1_000_000;
const input = schemaOf([field('k', T.varchar), field('v', T.bigint), field('w', T.timestamp), field('ok', T.boolean)]);
const agg = (kind: AggregateCall['kind'], args: number[], type = T.bigint, filter?: number): AggregateCall =>
  ({ kind, args, distinct: false, type, ...(filter === undefined ? {} : { filter }) });

const aggregates = [agg('count_star', []), agg('sum', [1]), agg('min', [1]), agg('max', [1]), agg('avg', [1], T.double), agg('count', [1], T.bigint, 3)];
const aggFields = [field('n', T.bigint), field('s', T.bigint), field('lo', T.bigint), field('hi', T.bigint), field('mean', T.double), field('n_ok', T.bigint)];

function spec(groupKeys: number[], extra: Partial<AggregateSpec> = {}): AggregateSpec {
  const keys = groupKeys.map((k) => input.fields[k]!);
  return { groupKeys, aggregates, emitOnWindowClose: false, schema: schemaOf([...keys, ...aggFields]), ...extra };
}

const rows = (deltas: Delta[]): [Op, SqlValue[]][] => deltas.flatMap((d) => deltaRows(d).map((r): [Op, SqlValue[]] => [r.op, r.values]));
const push = (op: HashAggregateOperator, data: SqlValue[][], ops?: Op[]): [Op, SqlValue[]][] => rows(op.push(deltaFromRows(input, data, ops), 0));

describe('HashAggregateOperator (emit on update)', () => {
  it('emits retractions and new values for changed groups only', () => {
    const op = new HashAggregateOperator(spec([0]), input, false);
    op.open();
    expect(push(op, [['a', 1n, 0, true], ['a', 5n, 0, false], ['b', 2n, 0, null]])).toEqual([
      [1, ['a', 2n, 6n, 1n, 5n, 3, 1n]],
      [1, ['b', 1n, 2n, 2n, 2n, 2, 0n]],
    ]);
    expect(push(op, [['a', 5n, 0, false], ['b', 7n, 0, true]], [-1, 1])).toEqual([
      [-1, ['a', 2n, 6n, 1n, 5n, 3, 1n]],
      [1, ['a', 1n, 1n, 1n, 1n, 1, 1n]],
      [-1, ['b', 1n, 2n, 2n, 2n, 2, 0n]],
      [1, ['b', 2n, 9n, 2n, 7n, 4.5, 1n]],
    ]);
    expect(push(op, [['a', 1n, 0, true]], [-1])).toEqual([[-1, ['a', 1n, 1n, 1n, 1n, 1, 1n]]]);
    expect(op.metrics.stateRows).toBe(1);
  });

  it('keeps min/max right when the extreme is retracted, and emits nothing for no-op changes', () => {
    const op = new HashAggregateOperator({ ...spec([0]), aggregates: [agg('min', [1]), agg('max', [1])], schema: schemaOf([input.fields[0]!, field('lo', T.bigint), field('hi', T.bigint)]) }, input, false);
    op.open();
    push(op, [['a', 3n, 0, null], ['a', 9n, 0, null], ['a', 9n, 0, null], ['a', 1n, 0, null]]);
    expect(push(op, [['a', 9n, 0, null]], [-1])).toEqual([]);
    expect(push(op, [['a', 9n, 0, null], ['a', 1n, 0, null]], [-1, -1])).toEqual([[-1, ['a', 1n, 9n]], [1, ['a', 3n, 3n]]]);
  });

  it('sums BIGINT exactly beyond 2^53', () => {
    const op = new HashAggregateOperator(spec([]), input, true);
    op.open();
    const big = 2n ** 62n;
    const out = push(op, [['a', big, 0, null], ['a', big - 1n, 0, null], ['a', -big, 0, null], ['a', 3n, 0, null]]);
    expect(out[0]![1].slice(0, 4)).toEqual([4n, big + 2n, -big, big]);
  });

  it('emits the global aggregate on the first push, even when empty', () => {
    const op = new HashAggregateOperator(spec([]), input, false);
    op.open();
    expect(push(op, [])).toEqual([[1, [0n, null, null, null, null, 0n]]]);
    expect(push(op, [['a', 4n, 0, true]])).toEqual([[-1, [0n, null, null, null, null, 0n]], [1, [1n, 4n, 4n, 4n, 4, 1n]]]);
    expect(push(op, [['a', 4n, 0, true]], [-1])).toEqual([[-1, [1n, 4n, 4n, 4n, 4, 1n]], [1, [0n, null, null, null, null, 0n]]]);
  });

  it('drops late rows and evicts closed windows silently', () => {
    const op = new HashAggregateOperator(spec([2], { windowClose: { keyIndex: 0, endOffsetUs: 10 * S } }), input, true);
    op.open();
    push(op, [['a', 1n, 0, true], ['a', 1n, 10 * S, true]]);
    expect(op.advanceWatermark(10 * S)).toEqual([]);
    expect(op.metrics.stateRows).toBe(1);
    expect(push(op, [['a', 1n, 0, true]])).toEqual([]);
    expect(op.metrics.lateRowsDropped).toBe(1);
  });
});

describe('HashAggregateOperator (emit on window close)', () => {
  const eowc = spec([2, 0], { emitOnWindowClose: true, windowClose: { keyIndex: 0, endOffsetUs: 10 * S } });

  it('emits each window once when the watermark passes its end', () => {
    const op = new HashAggregateOperator(eowc, input, true);
    op.open();
    expect(push(op, [['a', 1n, 0, true], ['b', 2n, 0, true], ['a', 3n, 10 * S, true]])).toEqual([]);
    expect(rows(op.advanceWatermark(9 * S))).toEqual([]);
    expect(rows(op.advanceWatermark(10 * S))).toEqual([
      [1, [0, 'a', 1n, 1n, 1n, 1n, 1, 1n]],
      [1, [0, 'b', 1n, 2n, 2n, 2n, 2, 1n]],
    ]);
    expect(push(op, [['a', 5n, 0, true]])).toEqual([]);
    expect(op.metrics.lateRowsDropped).toBe(1);
    expect(rows(op.advanceWatermark(Infinity))).toEqual([[1, [10 * S, 'a', 1n, 3n, 3n, 3n, 3, 1n]]]);
    expect(op.metrics.stateRows).toBe(0);
  });
});

describe('HashAggregateOperator snapshot/restore', () => {
  const batches: [SqlValue[][], Op[] | undefined][] = [
    [[['a', 1n, 0, true], ['b', 2n ** 60n, 0, false], ['a', 7n, 0, true]], undefined],
    [[['a', 7n, 0, true], ['c', 4n, 10 * S, null]], [-1, 1]],
    [[['b', 2n ** 60n, 0, false], ['a', 2n, 0, true], ['a', 1n, 0, true]], [1, 1, -1]],
  ];

  for (const appendOnly of [false, true]) {
    it(`continues identically after a restore (appendOnlyInput=${appendOnly})`, () => {
      const usable = appendOnly ? batches.map(([d]) => [d, undefined] as const) : batches;
      const reference = new HashAggregateOperator(spec([0]), input, appendOnly);
      reference.open();
      const expected = usable.map(([d, o]) => push(reference, d, o as Op[] | undefined));
      for (let cut = 1; cut < usable.length; cut++) {
        const first = new HashAggregateOperator(spec([0]), input, appendOnly);
        first.open();
        usable.slice(0, cut).forEach(([d, o]) => push(first, d, o as Op[] | undefined));
        const restored = new HashAggregateOperator(spec([0]), input, appendOnly);
        restored.open(first.snapshot());
        const later = usable.slice(cut).map(([d, o]) => push(restored, d, o as Op[] | undefined));
        expect(later).toEqual(expected.slice(cut));
      }
    });
  }

  it('restores EOWC state and the watermark', () => {
    const s = spec([2], { emitOnWindowClose: true, windowClose: { keyIndex: 0, endOffsetUs: 10 * S } });
    const a = new HashAggregateOperator(s, input, true);
    a.open();
    push(a, [['a', 1n, 0, true], ['a', 2n, 10 * S, true]]);
    a.advanceWatermark(10 * S);
    const b = new HashAggregateOperator(s, input, true);
    b.open(a.snapshot());
    expect(push(b, [['a', 9n, 0, true]])).toEqual([]);
    expect(b.metrics.lateRowsDropped).toBe(1);
    expect(rows(b.advanceWatermark(Infinity))).toEqual([[1, [10 * S, 1n, 2n, 2n, 2n, 2, 1n]]]);
  });
});

describe('HashAggregateOperator DISTINCT aggregates', () => {
  const distinct = (kind: AggregateCall['kind'], type = T.bigint): AggregateCall => ({ kind, args: [1], distinct: true, type });
  const dspec: AggregateSpec = {
    groupKeys: [0],
    aggregates: [distinct('count'), distinct('sum'), distinct('avg', T.double), { ...distinct('count'), filter: 3 }],
    emitOnWindowClose: false,
    schema: schemaOf([input.fields[0]!, field('n', T.bigint), field('s', T.bigint), field('mean', T.double), field('n_ok', T.bigint)]),
  };

  it('counts each value once and follows retractions of its copies', () => {
    const op = new HashAggregateOperator(dspec, input, false);
    op.open();
    expect(push(op, [['a', 1n, 0, true], ['a', 1n, 0, false], ['a', 3n, 0, null], ['a', null, 0, true]])).toEqual([[1, ['a', 2n, 4n, 2, 1n]]]);
    expect(push(op, [['a', 1n, 0, true]], [-1])).toEqual([[-1, ['a', 2n, 4n, 2, 1n]], [1, ['a', 2n, 4n, 2, 0n]]]);
    const restored = new HashAggregateOperator(dspec, input, false);
    restored.open(op.snapshot());
    expect(push(restored, [['a', 1n, 0, false]], [-1])).toEqual([[-1, ['a', 2n, 4n, 2, 0n]], [1, ['a', 1n, 3n, 3, 0n]]]);
  });
});
