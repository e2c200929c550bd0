/**
 * Three-way comparison of row i of one Vec with row j of another of the same type:
 * numbers numerically, BIGINT exactly on its words, strings on their UTF-8 bytes (code
 * point order, PostgreSQL's C collation), booleans false < true.
 */
import { EngineError } from '../../errors.js';
import { compareInt64, int64Words } from '../../arrow/int64.js';
import { compareUtf8 } from '../../arrow/utf8.js';
import { valueAt } from '../vec-convert.js';
import type { Vec } from '../vec.js';

/** Returns <0, 0 or >0; NULLs are the caller's business. */
export type RowComparator = (i: number, j: number) => number;

/** The comparator of rows of `a` against rows of `b`. */
export function comparatorOf(a: Vec, b: Vec): RowComparator {
  if (a.repr === 'num' && b.repr === 'num') {
    const x = a.values;
    const y = b.values;
    return (i, j) => (x[i]! < y[j]! ? -1 : x[i]! > y[j]! ? 1 : 0);
  }
  if (a.repr === 'big' && b.repr === 'big') {
    const x = int64Words(a.values);
    const y = int64Words(b.values);
    return (i, j) => compareInt64(x, i, y, j);
  }
  if (a.repr === 'bool' && b.repr === 'bool') {
    const x = a.values;
    const y = b.values;
    return (i, j) => x[i]! - y[j]!;
  }
  if (a.repr === 'str' && b.repr === 'str') {
    const { offsets: ao, bytes: ab } = a;
    const { offsets: bo, bytes: bb } = b;
    return (i, j) => compareUtf8(ao, ab, i, bo, bb, j);
  }
  if (a.repr === 'list' && b.repr === 'list') {
    return (i, j) => {
      const x = JSON.stringify(valueAt(a, i), bigintJson);
      const y = JSON.stringify(valueAt(b, j), bigintJson);
      return x < y ? -1 : x > y ? 1 : 0;
    };
  }
  if (a.repr === 'null' || b.repr === 'null') return () => 0;
  throw new EngineError('unsupported-feature', `cannot compare ${a.repr} with ${b.repr} values`);
}

function bigintJson(_key: string, v: unknown): unknown {
  return typeof v === 'bigint' ? v.toString() : v;
}
