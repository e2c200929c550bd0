import { describe, expect, it } from 'vitest';
import { field, inputRef, schemaOf, T, type AsOfCondition, type LogicalPlan, type Schema, type SqlValue } from '@sluice/sql';
import { deltaFromRows, deltaRows, type Delta, type Op } from '../delta.js';
import { AsOfJoinOperator, type AsOfJoinSpec } from './asof-join.js';

// left (k, t, id), right (k, t, id): ON l.k = r.k AND l.t <op> r.t
const side = schemaOf([field('k', T.int), field('t', T.int), field('id', T.int)]);

const values = (schema: Schema): LogicalPlan => ({ kind: 'Values', rows: [], schema, props: { appendOnly: true, bounded: false, watermarkColumns: [] } });

function spec(op: AsOfCondition['op'], padded = false): AsOfJoinSpec {
  return {
    joinType: padded ? 'asof-left' : 'asof',
    left: values(side),
    right: values(side),
    keys: [{ left: inputRef(0, T.int), right: inputRef(0, T.int) }],
    asof: { left: inputRef(1, T.int), right: inputRef(1, T.int), op },
    schema: schemaOf([...side.fields, ...side.fields.map((f) => field(f.name, f.type, true))]),
  };
}

const rows = (data: SqlValue[][], ops?: Op[]): Delta => deltaFromRows(side, data, ops);
const changes = (out: Delta[]): string[] => out.flatMap(deltaRows).map((r) => `${r.op > 0 ? '+' : '-'}${r.values.map(String).join(',')}`);

function opened(op: AsOfCondition['op'], padded = false): AsOfJoinOperator {
  const join = new AsOfJoinOperator(spec(op, padded));
  join.open();
  return join;
}

describe('AsOfJoinOperator', () => {
  it('<=: the least right value at or above the left one; a closer right row takes over and gives way', () => {
    const op = opened('le');
    expect(changes(op.push(rows([[1, 5, 100]]), 0))).toEqual([]);
    expect(changes(op.push(rows([[1, 8, 20], [1, 3, 30], [2, 6, 40]]), 1))).toEqual(['+1,5,100,1,8,20']);
    expect(changes(op.push(rows([[1, 5, 10]]), 1))).toEqual(['-1,5,100,1,8,20', '+1,5,100,1,5,10']);
    expect(changes(op.push(rows([[1, 5, 10]], [-1]), 1))).toEqual(['-1,5,100,1,5,10', '+1,5,100,1,8,20']);
    expect(changes(op.push(rows([[1, 8, 20]], [-1]), 1))).toEqual(['-1,5,100,1,8,20']);
    expect(op.metrics.stateRows).toBe(3);
  });

  it('ties on the inequality value go to the right row first in column order', () => {
    const op = opened('ge');
    op.push(rows([[1, 5, 100]]), 0);
    expect(changes(op.push(rows([[1, 5, 30], [1, 3, 50]]), 1))).toEqual(['+1,5,100,1,5,30']);
    expect(changes(op.push(rows([[1, 5, 10]]), 1))).toEqual(['-1,5,100,1,5,30', '+1,5,100,1,5,10']);
    expect(changes(op.push(rows([[1, 5, 10], [1, 5, 30]], [-1, -1]), 1))).toEqual(['-1,5,100,1,5,10', '+1,5,100,1,3,50']);
  });

  it('< and >: strict, the closest value on the other side of the left one', () => {
    const lt = opened('lt');
    lt.push(rows([[1, 5, 1], [1, 5, 3], [1, 6, 4], [1, 7, 2]]), 1);
    expect(changes(lt.push(rows([[1, 5, 100]]), 0))).toEqual(['+1,5,100,1,6,4']);
    const gt = opened('gt');
    gt.push(rows([[1, 5, 1], [1, 4, 3], [1, 4, 2], [1, 9, 9]]), 1);
    expect(changes(gt.push(rows([[1, 5, 100]]), 0))).toEqual(['+1,5,100,1,4,2']);
    expect(changes(gt.push(rows([[1, 4, 100]]), 0))).toEqual([]);
  });

  it('asof-left pads left rows without a partner, and NULL keys or values never match', () => {
    const op = opened('gt', true);
    expect(changes(op.push(rows([[1, 2, 3], [null, 2, 4], [1, null, 5]]), 0))).toEqual([
      '+1,2,3,null,null,null', '+null,2,4,null,null,null', '+1,null,5,null,null,null',
    ]);
    expect(changes(op.push(rows([[1, 2, 9], [null, 1, 9], [1, null, 9]]), 1))).toEqual([]);
    expect(changes(op.push(rows([[1, 1, 3]]), 1))).toEqual(['-1,2,3,null,null,null', '+1,2,3,1,1,3']);
    expect(changes(op.push(rows([[1, 1, 3]], [-1]), 1))).toEqual(['-1,2,3,1,1,3', '+1,2,3,null,null,null']);
    expect(changes(op.push(rows([[null, 2, 4], [1, 2, 3]], [-1, -1]), 0))).toEqual(['-null,2,4,null,null,null', '-1,2,3,null,null,null']);
  });

  it('one right change re-pairs several left rows; duplicate left rows emit once per copy', () => {
    const op = opened('le');
    op.push(rows([[1, 3, 101], [1, 5, 102], [1, 7, 103], [1, 3, 101]]), 0);
    expect(changes(op.push(rows([[1, 10, 200]]), 1))).toEqual([
      '+1,3,101,1,10,200', '+1,3,101,1,10,200', '+1,5,102,1,10,200', '+1,7,103,1,10,200',
    ]);
    expect(changes(op.push(rows([[1, 6, 201], [1, 10, 200]], [1, -1]), 1)).sort()).toEqual([
      '+1,3,101,1,6,201', '+1,3,101,1,6,201', '+1,5,102,1,6,201',
      '-1,3,101,1,10,200', '-1,3,101,1,10,200', '-1,5,102,1,10,200', '-1,7,103,1,10,200',
    ]);
    // a retraction of a row never seen changes nothing
    expect(changes(op.push(rows([[1, 4, 999]], [-1]), 1))).toEqual([]);
    expect(changes(op.push(rows([[1, 4, 999]], [-1]), 0))).toEqual([]);
  });

  it('restores a snapshot into a fresh operator with the same later output', () => {
    const op = opened('ge', true);
    op.push(rows([[1, 5, 100], [1, 5, 100], [2, 1, 7]]), 0);
    op.push(rows([[1, 4, 1], [1, 2, 2]]), 1);
    const restored = new AsOfJoinOperator(spec('ge', true));
    restored.open(op.snapshot());
    expect(restored.metrics.stateRows).toBe(4);
    const next = (o: AsOfJoinOperator) => changes(o.push(rows([[1, 4, 1]], [-1]), 1));
    const expected = next(op);
    expect(expected).toEqual(['-1,5,100,1,4,1', '-1,5,100,1,4,1', '+1,5,100,1,2,2', '+1,5,100,1,2,2']);
    expect(next(restored)).toEqual(expected);
    expect(changes(restored.push(rows([[2, 1, 7]], [-1]), 0))).toEqual(['-2,1,7,null,null,null']);
  });

  it('matches a from-scratch evaluation after every change of a random history, for every comparison', () => {
    for (const cmp of ['lt', 'le', 'gt', 'ge'] as const) {
      let seed = 17;
      // mulberry32: a small deterministic generator, exact in 32-bit integer arithmetic
      const random = (n: number): number => {
        seed = (seed + 0x6d2b79f5) | 0;
        let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return ((t ^ (t >>> 14)) >>> 0) % n;
      };
      const op = opened(cmp, true);
      const held: [SqlValue[][], SqlValue[][]] = [[], []];
      const view = new Map<string, number>();
      for (let step = 0; step < 600; step++) {
        // one to three changes of one side in a push
        const side = random(2) as 0 | 1;
        const batch: SqlValue[][] = [];
        const ops: Op[] = [];
        for (let n = 1 + random(3); n > 0; n--) {
          const retract = held[side].length > 0 && random(3) === 0;
          const row: SqlValue[] = retract
            ? held[side].splice(random(held[side].length), 1)[0]!
            : [random(3), random(8) === 0 ? null : random(10), random(4)];
          if (!retract) held[side].push(row);
          batch.push(row);
          ops.push(retract ? -1 : 1);
        }
        for (const out of op.push(rows(batch, ops), side).flatMap(deltaRows)) {
          const key = out.values.map(String).join(',');
          view.set(key, (view.get(key) ?? 0) + out.op);
          if (view.get(key) === 0) view.delete(key);
        }
        expect(view).toEqual(reference(cmp, held[0], held[1]));
      }
    }
  });
});

/** The ASOF LEFT JOIN of `left` and `right` computed from scratch, as row text -> count. */
function reference(cmp: AsOfCondition['op'], left: SqlValue[][], right: SqlValue[][]): Map<string, number> {
  const holds = (l: number, r: number): boolean => (cmp === 'lt' ? l < r : cmp === 'le' ? l <= r : cmp === 'gt' ? l > r : l >= r);
  const better = (a: SqlValue[], b: SqlValue[]): boolean => {
    const [x, y] = [a[1] as number, b[1] as number];
    if (x !== y) return cmp === 'lt' || cmp === 'le' ? x < y : x > y;
    return (a[2] as number) < (b[2] as number);
  };
  const out = new Map<string, number>();
  for (const l of left) {
    let best: SqlValue[] | undefined;
    for (const r of right) {
      if (l[0] === null || l[0] !== r[0] || l[1] === null || r[1] === null || !holds(l[1] as number, r[1] as number)) continue;
      if (!best || better(r, best)) best = r;
    }
    const key = [...l, ...(best ?? [null, null, null])].map(String).join(',');
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}
