/**
 * Well-typed random expressions for the fuzz test's statement generator: a call picks one of
 * its function's overloads and generates each argument of that overload's type, so most
 * expressions bind and the binder, constant folding and the optimizer see real work. A test
 * fixture; nothing in the planner uses it.
 */
import { functionNames, lookupFunction, type FunctionOverload } from '../binder/function-registry.js';
import { typeName } from '../types/data-type.js';
import type { Prng } from './test-statement-fuzzer.js';

/** A column an expression may read: how to write it and its type's name (`INT`, `VARCHAR[]`). */
export interface TypedColumn {
  readonly ref: string;
  readonly type: string;
}

const SCALAR_TYPES = ['INT', 'BIGINT', 'SMALLINT', 'DOUBLE', 'REAL', 'DECIMAL', 'VARCHAR', 'BOOLEAN', 'TIMESTAMP', 'TIMESTAMPTZ', 'DATE', 'TIME', 'INTERVAL', 'BYTEA', 'JSONB'];
const COMPARISONS = ['=', '<>', '<', '<=', '>', '>=', 'IS DISTINCT FROM', 'IS NOT DISTINCT FROM'];

/** Generates expressions of a requested type over given columns. */
export class TypedExprGenerator {
  /** scalar function overloads by result type name */
  private readonly byResult = new Map<string, { name: string; overload: FunctionOverload }[]>();

  constructor(private readonly rng: Prng) {
    for (const name of functionNames()) {
      const def = lookupFunction(name);
      if (!def || def.kind !== 'scalar') continue;
      for (const overload of def.overloads) {
        const result = typeName(overload.result);
        const list = this.byResult.get(result) ?? [];
        list.push({ name, overload });
        this.byResult.set(result, list);
      }
    }
  }

  /** A type name worth asking for: one a column has, or any scalar type. */
  anyType(columns: readonly TypedColumn[]): string {
    return columns.length > 0 && this.rng.chance(0.6) ? this.rng.pick(columns).type : this.rng.pick(SCALAR_TYPES);
  }

  /** An expression of type `type` (a type name; `NULL` means any), at most `depth` deep. */
  expr(columns: readonly TypedColumn[], depth: number, type: string): string {
    const r = this.rng;
    const want = type === 'NULL' ? this.anyType(columns) : type;
    const matching = columns.filter((c) => c.type === want);
    if (depth <= 0 || r.chance(0.25)) {
      return matching.length > 0 && r.chance(0.7) ? r.pick(matching).ref : this.literal(want);
    }
    const sub = (t: string): string => this.expr(columns, depth - 1, t);
    const choice = r.int(10);
    if (want === 'BOOLEAN' && choice < 3) {
      const t = this.anyType(columns);
      return r.chance(0.8) ? `${sub(t)} ${r.pick(COMPARISONS)} ${sub(t)}` : `${sub('BOOLEAN')} ${r.pick(['AND', 'OR'])} ${sub('BOOLEAN')}`;
    }
    if (choice === 3) return `CASE WHEN ${sub('BOOLEAN')} THEN ${sub(want)} ELSE ${sub(want)} END`;
    if (choice === 4) return `CAST(${sub(r.chance(0.5) ? 'VARCHAR' : this.anyType(columns))} AS ${want})`;
    if (choice === 5) return `coalesce(${sub(want)}, ${sub(want)})`;
    const candidates = this.byResult.get(want);
    if (!candidates || candidates.length === 0) return this.literal(want);
    const { name, overload } = r.pick(candidates);
    const extra = overload.variadic ? r.int(3) : 0;
    const argTypes = [...overload.args.map(typeName), ...Array.from({ length: extra }, () => typeName(overload.args.at(-1)!))];
    return `${name}(${argTypes.map(sub).join(', ')})`;
  }

  /** A literal of type `type`, written as a user would. */
  literal(type: string): string {
    const r = this.rng;
    if (r.chance(0.05)) return `NULL::${type}`;
    if (type.endsWith('[]')) {
      // neither ARRAY[...] nor casts from text to lists are bound yet
      return type === 'VARCHAR[]' && r.chance(0.7) ? `string_to_array('a,b,,c', ',')` : `NULL::${type}`;
    }
    switch (type) {
      case 'INT': return String(r.between(-100, 100));
      case 'BIGINT': return r.pick(['9007199254740993', '-3', '0', '42']) + '::BIGINT';
      case 'SMALLINT': return `${r.between(-5, 5)}::SMALLINT`;
      case 'DECIMAL': return r.pick(['1.50', '0.0', '-12.345', '99999999.99']);
      case 'DOUBLE': return r.pick(['1.5::DOUBLE', "'NaN'::DOUBLE", '2.5e10::DOUBLE', '-0.0::DOUBLE']);
      case 'REAL': return r.pick(['1.5::REAL', '3::REAL']);
      case 'VARCHAR': return r.pick(["'abc'", "''", "'a,b,c'", "'2024-01-01'", "'ÄÖ€'", "'x%y_'", "'{\"k\": [1, 2]}'"]);
      case 'BOOLEAN': return r.pick(['TRUE', 'FALSE']);
      case 'TIMESTAMP': return r.pick(["TIMESTAMP '2024-01-01 00:00:00'", "TIMESTAMP '1970-01-01 00:00:00.000001'", "TIMESTAMP '2024-02-29 23:59:59'"]);
      case 'TIMESTAMPTZ': return r.pick(["TIMESTAMPTZ '2024-01-01 00:00:00+00'", "'2024-06-01 12:00:00-05'::TIMESTAMPTZ"]);
      case 'DATE': return r.pick(["DATE '2024-01-31'", "DATE '1999-12-31'"]);
      case 'TIME': return r.pick(["TIME '00:00:00'", "TIME '23:59:59.5'", "'12:30'::TIME"]);
      case 'INTERVAL': return r.pick(["INTERVAL '1' SECOND", "INTERVAL '2 days 3 hours'", "INTERVAL '1' MONTH", "INTERVAL '-90' MINUTE"]);
      case 'BYTEA': return r.pick(["'\\x0102'::BYTEA", "'abc'::BYTEA"]);
      case 'JSONB': return r.pick(["'{\"a\": 1, \"b\": [true, null]}'::JSONB", "'[1, 2, 3]'::JSONB", "'\"s\"'::JSONB"]);
      default: return 'NULL';
    }
  }
}
