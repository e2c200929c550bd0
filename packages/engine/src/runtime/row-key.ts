/**
 * A string identity for a row of JS values, for multisets and primary-key maps outside the hot
 * path (materialized rows, subscriptions). Distinct rows get distinct keys: values are
 * tagged by kind so that 1, 1n, '1' and true never collide.
 */
import type { SqlValue } from '@sluice/sql';

export function rowKey(values: readonly SqlValue[]): string {
  let key = '';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) key += '\u0001';
    key += valueKey(values[i]!);
  }
  return key;
}

function valueKey(v: SqlValue): string {
  if (v === null) return 'N';
  switch (typeof v) {
    case 'number': return 'n' + v;
    case 'bigint': return 'b' + v.toString();
    case 'string': return 's' + v;
    case 'boolean': return v ? 'T' : 'F';
    default:
      if (v instanceof Uint8Array) return 'x' + Buffer.from(v).toString('hex');
      if (Array.isArray(v)) return 'l[' + v.map(valueKey).join('\u0002') + ']';
      return 'i' + v.months + ':' + v.days + ':' + v.micros;
  }
}
