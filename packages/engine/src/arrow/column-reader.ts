/**
 * Reads single values out of Arrow columns as JS scalars (see @sluice/sql data-type.ts).
 * For output, tests and slow paths; operator hot loops read the typed arrays directly.
 */
import type * as arrow from 'apache-arrow';
import type { DataType, SqlValue } from '@sluice/sql';

const utf8 = new TextDecoder();

export function isValid(data: arrow.Data, i: number): boolean {
  const bitmap = data.nullBitmap;
  if (data.nullCount === 0 || !bitmap || bitmap.length === 0) return data.typeId !== 0; // 0: Null type
  const j = data.offset + i;
  return (bitmap[j >> 3]! & (1 << (j & 7))) !== 0;
}

export function readValue(data: arrow.Data, type: DataType, i: number): SqlValue {
  if (!isValid(data, i)) return null;
  // Arrow slices value and offset buffers but keeps bitmaps whole: only bits use the offset.
  const j = data.offset + i;
  if (type.kind === 'list') {
    const offsets = data.valueOffsets as Int32Array;
    const child = data.children[0]!;
    const out: SqlValue[] = [];
    for (let k = offsets[i]!; k < offsets[i + 1]!; k++) out.push(readValue(child, type.element, k));
    return out;
  }
  switch (type.name) {
    case 'BOOLEAN': return ((data.values as Uint8Array)[j >> 3]! & (1 << (j & 7))) !== 0;
    case 'SMALLINT':
    case 'INT':
    case 'DATE':
    case 'REAL':
    case 'DOUBLE':
    case 'DECIMAL': return (data.values as ArrayLike<number>)[i]!;
    case 'BIGINT': return (data.values as BigInt64Array)[i]!;
    case 'TIMESTAMP':
    case 'TIMESTAMPTZ':
    case 'TIME': return Number((data.values as BigInt64Array)[i]!);
    case 'INTERVAL': return { months: 0, days: 0, micros: Number((data.values as BigInt64Array)[i]!) };
    case 'VARCHAR':
    case 'JSONB': {
      const offsets = data.valueOffsets as Int32Array;
      return utf8.decode((data.values as Uint8Array).subarray(offsets[i]!, offsets[i + 1]!));
    }
    case 'BYTEA': {
      const offsets = data.valueOffsets as Int32Array;
      return (data.values as Uint8Array).slice(offsets[i]!, offsets[i + 1]!);
    }
    case 'NULL': return null;
  }
}
