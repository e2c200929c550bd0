/**
 * equal, not_equal, less_than(_or_equal), greater_than(_or_equal), is_(not_)distinct_from
 * and in_list. Numeric comparisons run in generated loops; other types through a row
 * comparator (see comparator.ts).
 */
import { T, type BoundCall } from '@sluice/sql';
import { boolVec, combineValid, type NumVec, type Vec } from '../vec.js';
import { comparatorOf } from './comparator.js';
import { int64Words } from '../../arrow/int64.js';
import { binaryLoop, int64CompareLoop } from './generated-loop.js';
import type { FunctionTable, Kernel } from './kernel.js';

type CmpOp = 'equal' | 'not_equal' | 'less_than' | 'less_than_or_equal' | 'greater_than' | 'greater_than_or_equal';

const NUM_BODY: Record<CmpOp, string> = {
  equal: 'x === y ? 1 : 0',
  not_equal: 'x !== y ? 1 : 0',
  less_than: 'x < y ? 1 : 0',
  less_than_or_equal: 'x <= y ? 1 : 0',
  greater_than: 'x > y ? 1 : 0',
  greater_than_or_equal: 'x >= y ? 1 : 0',
};

/** BIGINT comparisons, over the three-way comparison `c` of exact Int64 words. */
const INT64_BODY: Record<CmpOp, string> = {
  equal: 'c === 0 ? 1 : 0',
  not_equal: 'c !== 0 ? 1 : 0',
  less_than: 'c < 0 ? 1 : 0',
  less_than_or_equal: 'c <= 0 ? 1 : 0',
  greater_than: 'c > 0 ? 1 : 0',
  greater_than_or_equal: 'c >= 0 ? 1 : 0',
};

const TEST: Record<CmpOp, (c: number) => boolean> = {
  equal: (c) => c === 0,
  not_equal: (c) => c !== 0,
  less_than: (c) => c < 0,
  less_than_or_equal: (c) => c <= 0,
  greater_than: (c) => c > 0,
  greater_than_or_equal: (c) => c >= 0,
};

function compileCompare(op: CmpOp): (call: BoundCall) => Kernel {
  const loop = binaryLoop(NUM_BODY[op]);
  const int64Loop = int64CompareLoop(INT64_BODY[op]);
  const test = TEST[op];
  return () => (args, _ctx, n) => {
    const [a, b] = args as [Vec, Vec];
    const out = new Uint8Array(n);
    if (a.repr === 'num' && b.repr === 'num') loop(a.values, b.values, out, n);
    else if (a.repr === 'big' && b.repr === 'big') int64Loop(int64Words(a.values), int64Words(b.values), out, n);
    else {
      const cmp = comparatorOf(a, b);
      for (let i = 0; i < n; i++) out[i] = test(cmp(i, i)) ? 1 : 0;
    }
    return boolVec(T.boolean, out, combineValid(args, n));
  };
}

/** NULL-safe equality: two NULLs are not distinct; never returns NULL. */
function compileDistinct(distinct: boolean): (call: BoundCall) => Kernel {
  return () => (args, _ctx, n) => {
    const [a, b] = args as [NumVec, NumVec];
    const cmp = comparatorOf(a, b);
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const va = a.valid === null || a.valid[i] === 1;
      const vb = b.valid === null || b.valid[i] === 1;
      const same = va && vb ? cmp(i, i) === 0 : va === vb;
      out[i] = same !== distinct ? 1 : 0;
    }
    return boolVec(T.boolean, out, null);
  };
}

/** x IN (v1, ..., vn): true on a match; else NULL if x or any candidate is NULL; else false. */
const inList: (call: BoundCall) => Kernel = () => (args, _ctx, n) => {
  const x = args[0]!;
  const out = new Uint8Array(n);
  const valid = new Uint8Array(n).fill(1);
  const comparators = args.slice(1).map((v) => comparatorOf(x, v));
  for (let i = 0; i < n; i++) {
    if (x.valid !== null && !x.valid[i]) { valid[i] = 0; continue; }
    let sawNull = false;
    for (let k = 0; k < comparators.length; k++) {
      const v = args[k + 1]!;
      if (v.valid !== null && !v.valid[i]) { sawNull = true; continue; }
      if (comparators[k]!(i, i) === 0) { out[i] = 1; break; }
    }
    if (!out[i] && sawNull) valid[i] = 0;
  }
  return boolVec(T.boolean, out, valid);
};

/** Comparison functions by canonical name. */
export const comparisonFunctions: FunctionTable = {
  equal: compileCompare('equal'),
  not_equal: compileCompare('not_equal'),
  less_than: compileCompare('less_than'),
  less_than_or_equal: compileCompare('less_than_or_equal'),
  greater_than: compileCompare('greater_than'),
  greater_than_or_equal: compileCompare('greater_than_or_equal'),
  is_distinct_from: compileDistinct(true),
  is_not_distinct_from: compileDistinct(false),
  in_list: inList,
};
