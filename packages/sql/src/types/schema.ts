import type { DataType } from './data-type.js';

/** One named, typed column. */
export interface Field {
  readonly name: string;
  readonly type: DataType;
  readonly nullable: boolean;
}

/**
 * The columns of a relation, in order. Immutable. Names may repeat inside a plan (a join of
 * two tables with an `id` each); the binder resolves names before they get here.
 */
export interface Schema {
  readonly fields: readonly Field[];
}

export function field(name: string, type: DataType, nullable = true): Field {
  return Object.freeze({ name, type, nullable });
}

export function schemaOf(fields: readonly Field[]): Schema {
  return Object.freeze({ fields: Object.freeze([...fields]) });
}

export function fieldIndex(schema: Schema, name: string): number {
  const lower = name.toLowerCase();
  return schema.fields.findIndex((f) => f.name.toLowerCase() === lower);
}
