/**
 * Grammar-based random statements for the fuzz test (../fuzz.test.ts): queries over the
 * objects of a catalog (joins, window table functions, grouping, window functions, set
 * operations, subqueries, every built-in function with random arguments) wrapped in the
 * statements that bind them. Mostly well-formed and mostly meaningful, so that the binder and
 * optimizer see plans, not just syntax errors. A test fixture; nothing in the planner uses it.
 */
import type { CatalogObject, CatalogReader } from '../catalog/catalog.js';
import { functionNames } from '../binder/function-registry.js';
import { typeName } from '../types/data-type.js';
import { FUZZ_IDENTIFIERS, FUZZ_LITERALS, type Prng } from './test-statement-fuzzer.js';
import { type TypedColumn, TypedExprGenerator } from './test-typed-expr-generator.js';

/** A relation in scope while generating: its alias and column names with their types. */
interface Rel {
  readonly alias: string;
  readonly columns: readonly { readonly name: string; readonly type: string }[];
}

const TYPES = ['INT', 'BIGINT', 'SMALLINT', 'DOUBLE', 'REAL', 'DECIMAL', 'VARCHAR', 'BOOLEAN', 'TIMESTAMP', 'TIMESTAMPTZ', 'DATE',
  'TIME', 'INTERVAL', 'BYTEA', 'JSONB', 'INT[]', 'VARCHAR[]'];
const BINARY = ['+', '-', '*', '/', '%', '||', '=', '<>', '!=', '<', '<=', '>', '>=', 'AND', 'OR', 'LIKE', 'ILIKE', 'NOT LIKE',
  'IS DISTINCT FROM', 'IS NOT DISTINCT FROM', '->', '->>', '^', '&', '|', '#', '<<', '>>', '@>', '<@', '~', '~*'];
const AGGREGATES = ['count', 'sum', 'avg', 'min', 'max', 'string_agg', 'array_agg', 'bool_and', 'bool_or'];
const WINDOW_FUNCTIONS = ['row_number()', 'rank()', 'dense_rank()', 'lag', 'lead', 'first_value', 'last_value', 'sum', 'count', 'avg', 'min', 'max'];
const INTERVALS = ["INTERVAL '1' SECOND", "INTERVAL '10' SECOND", "INTERVAL '1' MINUTE", "INTERVAL '2' HOUR", "INTERVAL '1 day'",
  "INTERVAL '0' SECOND", "INTERVAL '-1' SECOND", "INTERVAL '1' MONTH", "INTERVAL '3' SECOND"];

/** Generates random statements over the objects of `catalog`. */
export class StatementGenerator {
  private readonly functions: readonly string[];
  private readonly objects: readonly CatalogObject[];
  private readonly typed: TypedExprGenerator;
  private aliasCount = 0;

  constructor(private readonly rng: Prng, catalog: CatalogReader) {
    this.functions = functionNames();
    this.typed = new TypedExprGenerator(rng);
    this.objects = catalog.list().filter((o) => o.kind !== 'sink');
  }

  /** One statement: mostly a query or a view over one, sometimes DML or DDL. */
  statement(): string {
    const r = this.rng;
    this.aliasCount = 0;
    switch (r.int(12)) {
      case 0:
        return `CREATE MATERIALIZED VIEW fuzz_mv AS ${this.query(2)}${r.chance(0.4) ? ' EMIT ON WINDOW CLOSE' : ''}`;
      case 1:
        return `CREATE SINK fuzz_sink AS ${this.query(2)}${r.chance(0.3) ? ' EMIT ON WINDOW CLOSE' : ''} WITH (connector = 'console')`;
      case 2:
        return `EXPLAIN ${this.query(2)}`;
      case 3:
        return this.insert();
      case 4:
        return this.modify();
      case 5:
        return this.createTable();
      case 6:
        return `SELECT ${this.typedExpr([], 4)}${r.chance(0.3) ? `, ${this.expr([], 3)}` : ''}`;
      default:
        return this.query(3);
    }
  }

  /** A query: optional WITH, a body, optional ORDER BY / LIMIT. */
  query(depth: number): string {
    const r = this.rng;
    let body = this.select(depth);
    if (depth > 0 && r.chance(0.15)) {
      const op = r.pick(['UNION', 'UNION ALL', 'EXCEPT', 'INTERSECT', 'EXCEPT ALL', 'INTERSECT ALL', 'UNION CORRESPONDING']);
      body = `${body} ${op} ${this.select(depth - 1)}`;
    }
    if (depth > 0 && r.chance(0.1)) body = `WITH c${depth} AS (${this.select(depth - 1)}) ${body}`;
    if (r.chance(0.2)) body += ` ORDER BY ${r.between(1, 2)}${r.chance(0.5) ? ' DESC' : ''}${r.chance(0.3) ? ' NULLS FIRST' : ''}`;
    if (r.chance(0.15)) body += ` LIMIT ${r.pick(['0', '1', '5', '-1', '9223372036854775807', '1.5', 'NULL'])}`;
    if (r.chance(0.05)) body += ` OFFSET ${r.pick(['0', '2', '-3'])}`;
    return body;
  }

  private select(depth: number): string {
    const r = this.rng;
    if (r.chance(0.05)) return `VALUES (${this.literal()}, ${this.literal()}), (${this.literal()}, ${this.literal()})`;
    const { text: from, rels } = this.from(depth);
    const grouped = r.chance(0.35);
    const keys = grouped ? this.groupKeys(rels) : [];
    const items = this.selectItems(rels, keys, grouped, depth);
    const distinct = r.chance(0.1) ? (r.chance(0.5) ? 'DISTINCT ' : `DISTINCT ON (${this.column(rels)}) `) : '';
    let text = `SELECT ${distinct}${items.join(', ')} FROM ${from}`;
    if (r.chance(0.5)) text += ` WHERE ${this.predicate(rels, depth)}`;
    if (grouped && keys.length > 0) text += ` GROUP BY ${keys.join(', ')}`;
    if (grouped && r.chance(0.3)) text += ` HAVING ${this.aggregate(rels)} > ${this.literal()}`;
    return text;
  }

  private selectItems(rels: readonly Rel[], keys: readonly string[], grouped: boolean, depth: number): string[] {
    const r = this.rng;
    if (!grouped && r.chance(0.15)) return ['*'];
    const items: string[] = [...keys.slice(0, r.between(0, keys.length))];
    const count = r.between(1, 4);
    for (let i = 0; i < count; i++) {
      if (grouped) items.push(`${this.aggregate(rels)} AS a${i}`);
      else if (r.chance(0.15)) items.push(`${this.windowCall(rels)} AS w${i}`);
      else if (r.chance(0.7)) items.push(`${this.typedExpr(rels, 3)} AS e${i}`);
      else items.push(`${this.expr(rels, Math.min(depth, 2))} AS e${i}`);
    }
    return items;
  }

  private groupKeys(rels: readonly Rel[]): string[] {
    const keys = [this.column(rels)];
    if (this.rng.chance(0.4)) keys.push(this.column(rels));
    const windowed = rels.some((rel) => rel.columns.some((c) => c.name === 'window_start'));
    if (windowed) keys.push(this.rng.pick(['window_start', 'window_end']));
    return keys;
  }

  /** A FROM clause and the relations it brings into scope. */
  private from(depth: number): { text: string; rels: Rel[] } {
    const r = this.rng;
    const first = this.tableFactor(depth);
    const rels = [first.rel];
    let text = first.text;
    if (r.chance(0.25)) {
      const second = this.tableFactor(depth - 1);
      rels.push(second.rel);
      const kind = r.pick(['JOIN', 'LEFT JOIN', 'RIGHT JOIN', 'FULL JOIN', 'CROSS JOIN', 'NATURAL JOIN', 'ASOF JOIN', 'ASOF LEFT JOIN', ',']);
      const on = kind === 'CROSS JOIN' || kind === 'NATURAL JOIN' || kind === ',' ? ''
        : ` ON ${this.column([first.rel])} = ${this.column([second.rel])}${r.chance(0.4) ? ` AND ${this.column([first.rel])} ${r.pick(['<', '>=', 'BETWEEN'])} ${this.column([second.rel])}${r.chance(0.3) ? ` - INTERVAL '1' HOUR AND ${this.column([second.rel])}` : ''}` : ''}`;
      text += ` ${kind} ${second.text}${on}`;
    }
    return { text, rels };
  }

  private tableFactor(depth: number): { text: string; rel: Rel } {
    const r = this.rng;
    const alias = `t${this.aliasCount++}`;
    if (depth > 0 && r.chance(0.15)) {
      const sub = this.query(depth - 1);
      return { text: `(${sub}) AS ${alias}`, rel: { alias, columns: [{ name: 'e0', type: '?' }, { name: 'a0', type: '?' }] } };
    }
    if (r.chance(0.05) || this.objects.length === 0) {
      return { text: `generate_series(1, ${r.pick(['3', '0', '-2', '100000'])}) AS ${alias}(x)`, rel: { alias, columns: [{ name: 'x', type: 'INT' }] } };
    }
    const object = r.pick(this.objects);
    const columns = object.schema.fields.map((f) => ({ name: f.name, type: typeName(f.type) }));
    const time = columns.filter((c) => c.type.startsWith('TIMESTAMP') || c.type === 'DATE');
    if (time.length > 0 && r.chance(0.35)) {
      const col = r.pick(time).name;
      const windowed = [...columns, { name: 'window_start', type: 'TIMESTAMP' }, { name: 'window_end', type: 'TIMESTAMP' }];
      return { text: `${this.windowTvf(object.name, col, columns)} AS ${alias}`, rel: { alias, columns: windowed } };
    }
    return { text: `${object.name} AS ${alias}`, rel: { alias, columns } };
  }

  private windowTvf(table: string, col: string, columns: Rel['columns']): string {
    const r = this.rng;
    const i = (): string => r.pick(INTERVALS);
    const key = columns.length > 0 ? r.pick(columns).name : 'x';
    switch (r.int(7)) {
      case 0: return `TUMBLE(${table}, ${col}, ${i()}${r.chance(0.2) ? `, ${i()}` : ''})`;
      case 1: return `HOP(${table}, ${col}, ${i()}, ${i()})`;
      case 2: return `SESSION(${table}, ${col}, ${i()})`;
      case 3: return `TABLE(TUMBLE(TABLE ${table}, DESCRIPTOR(${col}), ${i()}))`;
      case 4: return `TABLE(HOP(TABLE ${table}, DESCRIPTOR(${col}), ${i()}, ${i()}))`;
      case 5: return `TABLE(SESSION(TABLE ${table} PARTITION BY ${key}, DESCRIPTOR(${col}), ${i()}))`;
      default: return `TABLE(CUMULATE(TABLE ${table}, DESCRIPTOR(${col}), ${i()}, ${i()}))`;
    }
  }

  private column(rels: readonly Rel[]): string {
    const r = this.rng;
    const withColumns = rels.filter((rel) => rel.columns.length > 0);
    if (withColumns.length === 0 || r.chance(0.02)) return r.pick(FUZZ_IDENTIFIERS);
    const rel = r.pick(withColumns);
    const name = r.pick(rel.columns).name;
    return rels.length > 1 || r.chance(0.3) ? `${rel.alias}.${name}` : name;
  }

  private aggregate(rels: readonly Rel[]): string {
    const r = this.rng;
    const fn = r.pick(AGGREGATES);
    if (fn === 'count' && r.chance(0.3)) return 'count(*)';
    const distinct = r.chance(0.15) ? 'DISTINCT ' : '';
    const arg = r.chance(0.5) ? this.column(rels) : r.chance(0.6) ? this.typedExpr(rels, 2) : this.expr(rels, 1);
    const extra = fn === 'string_agg' ? `, ${r.pick(["','", "' '", 'NULL'])}` : '';
    const order = (fn === 'string_agg' || fn === 'array_agg') && r.chance(0.3) ? ` ORDER BY ${this.column(rels)}` : '';
    const filter = r.chance(0.15) ? ` FILTER (WHERE ${this.predicate(rels, 0)})` : '';
    return `${fn}(${distinct}${arg}${extra}${order})${filter}`;
  }

  private windowCall(rels: readonly Rel[]): string {
    const r = this.rng;
    const fn = r.pick(WINDOW_FUNCTIONS);
    const call = fn.endsWith(')') ? fn
      : fn === 'lag' || fn === 'lead' ? `${fn}(${this.column(rels)}${r.chance(0.5) ? `, ${r.pick(['1', '2', '0', '-1'])}` : ''})`
        : `${fn}(${this.column(rels)})`;
    const partition = r.chance(0.6) ? `PARTITION BY ${this.column(rels)} ` : '';
    const order = r.chance(0.8) ? `ORDER BY ${this.column(rels)}${r.chance(0.3) ? ' DESC' : ''}` : '';
    const frame = order && r.chance(0.3)
      ? ` ${r.pick(['ROWS', 'RANGE'])} BETWEEN ${r.pick(['UNBOUNDED PRECEDING', '2 PRECEDING', 'CURRENT ROW', "INTERVAL '1' HOUR PRECEDING"])} AND ${r.pick(['CURRENT ROW', '1 FOLLOWING', 'UNBOUNDED FOLLOWING'])}`
      : '';
    return `${call} OVER (${partition}${order}${frame})`;
  }

  private predicate(rels: readonly Rel[], depth: number): string {
    const r = this.rng;
    switch (r.int(8)) {
      case 0: return `${this.column(rels)} IS ${r.chance(0.5) ? 'NOT ' : ''}NULL`;
      case 1: return `${this.column(rels)} ${r.chance(0.2) ? 'NOT ' : ''}IN (${this.literal()}, ${this.literal()})`;
      case 2: return `${this.column(rels)} BETWEEN ${this.literal()} AND ${this.literal()}`;
      case 3: return depth > 0 ? `${r.chance(0.3) ? 'NOT ' : ''}EXISTS (${this.query(depth - 1)})` : 'TRUE';
      case 4: return depth > 0 ? `${this.column(rels)} ${r.chance(0.3) ? 'NOT ' : ''}IN (${this.select(depth - 1)})` : 'FALSE';
      case 5: return `${this.predicate(rels, 0)} ${r.pick(['AND', 'OR'])} ${this.predicate(rels, 0)}`;
      case 6: return this.typedExpr(rels, 3, 'BOOLEAN');
      default: return `${this.column(rels)} ${r.pick(['=', '<>', '<', '>=', '>'])} ${r.chance(0.5) ? this.literal() : this.column(rels)}`;
    }
  }

  /** A scalar expression over `rels`, at most `depth` levels deep. */
  expr(rels: readonly Rel[], depth: number): string {
    const r = this.rng;
    if (depth <= 0) return r.chance(0.6) && rels.length > 0 ? this.column(rels) : this.literal();
    const sub = (): string => this.expr(rels, depth - 1);
    switch (r.int(12)) {
      case 0: return `${sub()} ${r.pick(BINARY)} ${sub()}`;
      case 1: return `${r.pick(['-', 'NOT ', '+', '~'])}${sub()}`;
      case 2: return `CAST(${sub()} AS ${r.pick(TYPES)})`;
      case 3: return `${sub()}::${r.pick(TYPES)}`;
      case 4: return `CASE ${r.chance(0.3) ? sub() : ''} WHEN ${sub()} THEN ${sub()}${r.chance(0.5) ? ` ELSE ${sub()}` : ''} END`;
      case 5: return `(${r.chance(0.1) && depth > 1 ? this.query(0) : sub()})`;
      case 6: return `ARRAY[${sub()}, ${sub()}]${r.chance(0.3) ? `[${r.pick(['1', '0', '-1', '99999999999'])}]` : ''}`;
      case 7: return `extract(${r.pick(['year', 'month', 'epoch', 'dow', 'hour', 'century', 'bogus'])} FROM ${sub()})`;
      default: return this.call(rels, depth);
    }
  }

  /** A well-typed expression (of `type`, or of a type a column has). */
  private typedExpr(rels: readonly Rel[], depth: number, type?: string): string {
    const columns: TypedColumn[] = rels.flatMap((rel) => rel.columns.filter((c) => c.type !== '?')
      .map((c) => ({ ref: rels.length > 1 ? `${rel.alias}.${c.name}` : c.name, type: c.type })));
    return this.typed.expr(columns, depth, type ?? this.typed.anyType(columns));
  }

  /** A call of any built-in function with 0-4 random arguments. */
  private call(rels: readonly Rel[], depth: number): string {
    const r = this.rng;
    const name = r.pick(this.functions);
    const args = Array.from({ length: r.between(0, 4) }, () => this.expr(rels, depth - 1));
    return `${name}(${args.join(', ')})`;
  }

  private literal(): string {
    const r = this.rng;
    if (r.chance(0.3)) return r.pick(FUZZ_LITERALS);
    switch (r.int(6)) {
      case 0: return String(r.between(-10, 1000));
      case 1: return (r.next() * 1000 - 500).toFixed(r.int(5));
      case 2: return `'${r.pick(['a', 'abc', '', '%x_', '2024-01-01 10:00:00', '1', 'true', '{"k": 1}', '[1,2]'])}'`;
      case 3: return r.pick(["TIMESTAMP '2024-01-01 00:00:05'", "DATE '2024-02-29'", "TIMESTAMPTZ '2024-01-01 00:00:00+02'"]);
      case 4: return r.pick(INTERVALS);
      default: return r.pick(['NULL', 'TRUE', 'FALSE']);
    }
  }

  private tableOf(kind: CatalogObject['kind']): CatalogObject | undefined {
    const tables = this.objects.filter((o) => o.kind === kind);
    return tables.length > 0 ? this.rng.pick(tables) : undefined;
  }

  private insert(): string {
    const r = this.rng;
    const table = this.tableOf('table');
    if (!table) return 'INSERT INTO nowhere VALUES (1)';
    const cols = table.schema.fields.map((f) => f.name);
    const listed = r.chance(0.4) ? cols.slice(0, r.between(1, cols.length)) : cols;
    const names = listed === cols ? '' : ` (${listed.join(', ')})`;
    if (r.chance(0.3)) return `INSERT INTO ${table.name}${names} ${this.query(1)}`;
    const typeOf = (name: string): string => typeName(table.schema.fields.find((f) => f.name === name)!.type);
    const value = (name: string): string => (r.chance(0.7) ? this.typed.literal(typeOf(name)) : this.literal());
    const row = (): string => `(${listed.map(value).join(', ')}${r.chance(0.05) ? ', 1' : ''})`;
    return `INSERT INTO ${table.name}${names} VALUES ${row()}${r.chance(0.4) ? `, ${row()}` : ''}`;
  }

  private modify(): string {
    const r = this.rng;
    const table = this.tableOf('table');
    if (!table) return 'DELETE FROM nowhere';
    const rel: Rel = { alias: table.name, columns: table.schema.fields.map((f) => ({ name: f.name, type: typeName(f.type) })) };
    const where = r.chance(0.7) ? ` WHERE ${this.predicate([rel], 1)}` : '';
    const returning = r.chance(0.2) ? ` RETURNING ${r.chance(0.5) ? '*' : this.expr([rel], 1)}` : '';
    if (r.chance(0.5)) return `DELETE FROM ${table.name}${where}${returning}`;
    const target = r.pick(rel.columns);
    const set = `${target.name} = ${r.chance(0.7) ? this.typedExpr([rel], 2, target.type) : this.expr([rel], 2)}`;
    return `UPDATE ${table.name} SET ${set}${where}${returning}`;
  }

  private createTable(): string {
    const r = this.rng;
    const count = r.between(0, 5);
    const cols = Array.from({ length: count }, (_, i) => `c${i} ${r.pick(TYPES)}${r.chance(0.1) ? ' PRIMARY KEY' : ''}${r.chance(0.1) ? ' NOT NULL' : ''}`);
    if (r.chance(0.3)) cols.push(`WATERMARK FOR c${r.int(count + 1)} AS c${r.int(count + 1)} - ${r.pick(INTERVALS)}`);
    if (r.chance(0.2)) cols.push(`PRIMARY KEY (c${r.int(count + 1)})`);
    const kind = r.chance(0.5) ? 'TABLE' : 'SOURCE';
    const opts = kind === 'SOURCE' ? ` WITH (connector = 'datagen')${r.chance(0.3) ? ' FORMAT PLAIN ENCODE JSON' : ''}` : r.chance(0.2) ? ' APPEND ONLY' : '';
    return `CREATE ${kind} fuzz_t (${cols.join(', ')})${opts}`;
  }
}
