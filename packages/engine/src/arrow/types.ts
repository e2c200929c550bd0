/**
 * SQL type <-> Arrow type mapping (the table in @sluice/sql's data-type.ts).
 */
import * as arrow from 'apache-arrow';
import { InternalError, type DataType, type Schema } from '@sluice/sql';

export function toArrowType(type: DataType): arrow.DataType {
  if (type.kind === 'list') {
    return new arrow.List(new arrow.Field('item', toArrowType(type.element), true));
  }
  switch (type.name) {
    case 'BOOLEAN': return new arrow.Bool();
    case 'SMALLINT': return new arrow.Int16();
    case 'INT': return new arrow.Int32();
    case 'BIGINT': return new arrow.Int64();
    case 'REAL': return new arrow.Float32();
    case 'DOUBLE':
    case 'DECIMAL': return new arrow.Float64();
    case 'VARCHAR':
    case 'JSONB': return new arrow.Utf8();
    case 'TIMESTAMP': return new arrow.TimestampMicrosecond();
    case 'TIMESTAMPTZ': return new arrow.TimestampMicrosecond('UTC');
    case 'DATE': return new arrow.DateDay();
    case 'TIME': return new arrow.TimeMicrosecond();
    case 'INTERVAL': return new arrow.DurationMicrosecond();
    case 'BYTEA': return new arrow.Binary();
    case 'NULL': return new arrow.Null();
    default: {
      const unknown: never = type.name;
      throw new InternalError(`no Arrow type for ${String(unknown)}`);
    }
  }
}

export function toArrowSchema(schema: Schema): arrow.Schema {
  return new arrow.Schema(schema.fields.map((f) => new arrow.Field(f.name, toArrowType(f.type), f.nullable)));
}
