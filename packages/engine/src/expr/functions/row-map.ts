/**
 * The slow-but-general kernel for functions that need JS values per row (most string
 * functions must decode UTF-8 anyway): decodes each argument column once, calls `f` per row,
 * and builds the result column. NULL in any argument gives NULL without calling `f`, unless
 * `callOnNull` is set.
 */
import type { DataType, SqlValue } from '@sluice/sql';
import { ColumnBuilder } from '../../arrow/column-builder.js';
import { dataToVec, valueAt, vecFromStrings, vecStrings } from '../vec-convert.js';
import { boolVec, numVec, reprOf, type Vec } from '../vec.js';

/** Row values of a Vec as a JS array, decoding strings in one pass. */
export function columnValues(v: Vec): readonly SqlValue[] {
  if (v.repr === 'str' && !(v.type.kind === 'scalar' && v.type.name === 'BYTEA')) return vecStrings(v);
  if (v.repr === 'num' && !(v.type.kind === 'scalar' && v.type.name === 'INTERVAL')) {
    const out: SqlValue[] = new Array(v.length);
    for (let i = 0; i < v.length; i++) out[i] = v.valid && !v.valid[i] ? null : v.values[i]!;
    return out;
  }
  return Array.from({ length: v.length }, (_, i) => valueAt(v, i));
}

/** A Vec of `type` from JS values (null = NULL). */
export function vecFromValues(type: DataType, values: readonly SqlValue[]): Vec {
  const n = values.length;
  switch (reprOf(type)) {
    case 'str':
      if (!(type.kind === 'scalar' && type.name === 'BYTEA')) return vecFromStrings(type, values as (string | null)[]);
      break;
    case 'num':
      if (!(type.kind === 'scalar' && type.name === 'INTERVAL')) {
        const out = new Float64Array(n);
        const valid = new Uint8Array(n);
        for (let i = 0; i < n; i++) if (values[i] !== null) { out[i] = values[i] as number; valid[i] = 1; }
        return numVec(type, out, valid);
      }
      break;
    case 'bool': {
      const out = new Uint8Array(n);
      const valid = new Uint8Array(n);
      for (let i = 0; i < n; i++) if (values[i] !== null) { out[i] = values[i] ? 1 : 0; valid[i] = 1; }
      return boolVec(type, out, valid);
    }
    default: break;
  }
  const b = new ColumnBuilder(type);
  for (const v of values) b.append(v);
  return dataToVec(b.finish(), type);
}

/** Maps rows of the argument columns through `f`. */
export function mapRows(
  type: DataType,
  args: readonly Vec[],
  n: number,
  f: (values: readonly SqlValue[], row: number) => SqlValue,
  callOnNull = false,
): Vec {
  const columns = args.map(columnValues);
  const out: SqlValue[] = new Array(n);
  const row: SqlValue[] = new Array(args.length);
  for (let i = 0; i < n; i++) {
    let hasNull = false;
    for (let k = 0; k < columns.length; k++) {
      const v = columns[k]![i]!;
      row[k] = v;
      if (v === null) hasNull = true;
    }
    out[i] = hasNull && !callOnNull ? null : f(row, i);
  }
  return vecFromValues(type, out);
}
