import { describe, expect, it } from 'vitest';
import { parquetReadObjects } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { T, type DataType, type SqlValue } from '@sluice/sql';
import { fromParquetValue, PARQUET_PARSERS, parquetColumn, toParquetValue } from './parquet-values.js';

async function roundTrip(type: DataType, values: SqlValue[]): Promise<SqlValue[]> {
  const file = parquetWriteBuffer({
    columnData: [{ name: 'c', data: values.map((v) => toParquetValue(v, type)) as never }],
    schema: [{ name: 'root', num_children: 1 }, parquetColumn('c', type)] as never,
  });
  const rows = await parquetReadObjects({ file, parsers: PARQUET_PARSERS });
  return rows.map((r) => {
    const v = fromParquetValue((r as { c: unknown }).c, type);
    return v === undefined ? 'does not fit' : v;
  });
}

describe('Parquet values', () => {
  it('writes TIME as INT64 TIME_MICROS and reads it back', async () => {
    expect(parquetColumn('c', T.time)).toMatchObject({ type: 'INT64', converted_type: 'TIME_MICROS' });
    expect(await roundTrip(T.time, [7_200_000_500, null, 0])).toEqual([7_200_000_500, null, 0]);
  });

  it('keeps timestamps in microseconds and dates in days', async () => {
    expect(await roundTrip(T.timestamp, [1_704_164_645_000_001])).toEqual([1_704_164_645_000_001]);
    expect(await roundTrip(T.date, [19_000])).toEqual([19_000]);
  });
});
