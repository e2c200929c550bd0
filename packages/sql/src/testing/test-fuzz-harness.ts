/**
 * The fuzz test's harness: the seed corpus, a catalog built by running its CREATE statements
 * the way the engine does (without running anything), and the check every statement must
 * pass — it goes through parse, bind, optimize and EXPLAIN, and the only error allowed out is
 * a `SqlError` with a code and a position inside the text. A test fixture.
 */
import { readFileSync } from 'node:fs';
import type { Statement } from '../ast/statement.js';
import { bindWatermark, schemaFromColumns } from '../binder/bind-ddl.js';
import { bindInsert } from '../binder/bind-insert.js';
import { bindDelete, bindUpdate } from '../binder/bind-modify.js';
import { bindQuery } from '../binder/bind-query.js';
import { Catalog, type CatalogObject } from '../catalog/catalog.js';
import { positionAt, SqlError } from '../errors.js';
import { explainPlan } from '../explain/explain-plan.js';
import { optimize } from '../optimizer/optimize.js';
import type { LogicalPlan } from '../plan/logical-plan.js';
import { parse } from '../parser/parse.js';

/** The seed statements of `fuzz-corpus.sql`, in file order, without their group comments. */
export function loadCorpus(): string[] {
  const text = readFileSync(new URL('./fuzz-corpus.sql', import.meta.url), 'utf8');
  return text.split(/;\n\n/)
    .map((chunk) => chunk.split('\n').filter((line) => !line.startsWith('-- ')).join('\n').trim())
    .filter((s) => s.length > 0);
}

/** A copy of `catalog` that later DDL does not change. */
export function copyCatalog(catalog: Catalog): Catalog {
  const copy = new Catalog();
  for (const o of catalog.list()) copy.add(o);
  return copy;
}

/**
 * Applies a statement's effect on the catalog as the engine would (CREATE adds, DROP
 * removes; a CREATE of an existing name replaces it, as a DROP and CREATE in a test file
 * would). Throws what binding the statement throws.
 */
export function applyDdl(stmt: Statement, catalog: Catalog): void {
  const base = { definition: stmt, primaryKey: [] as number[], options: {} };
  switch (stmt.kind) {
    case 'CreateSource':
    case 'CreateTable': {
      const schema = schemaFromColumns(stmt.columns);
      const watermark = stmt.watermark ? bindWatermark(stmt.watermark, schema) : undefined;
      const source = stmt.kind === 'CreateSource';
      const primaryKey = source ? [] : stmt.primaryKey.map((n) => schema.fields.findIndex((f) => f.name === n.toLowerCase())).filter((i) => i >= 0);
      const appendOnly = source || stmt.appendOnly;
      catalog.add({ ...base, name: stmt.name, kind: source ? 'source' : 'table', schema, primaryKey, appendOnly, bounded: false, options: stmt.options, ...(watermark ? { watermark } : {}) });
      return;
    }
    case 'CreateMaterializedView':
    case 'CreateView':
    case 'CreateSink': {
      const query = stmt.kind === 'CreateSink' ? stmt.query : stmt.query;
      const eowc = stmt.kind === 'CreateView' ? false : stmt.emitOnWindowClose;
      const plan = query ? optimize(bindQuery(query, catalog, { emitOnWindowClose: eowc, materialized: true }).plan) : undefined;
      const schema = plan?.schema ?? catalog.get(stmt.kind === 'CreateSink' ? stmt.from ?? '' : '')?.schema ?? { fields: [] };
      const kind: CatalogObject['kind'] = stmt.kind === 'CreateSink' ? 'sink' : stmt.kind === 'CreateView' ? 'view' : 'materialized-view';
      catalog.add({
        ...base, name: stmt.name, kind, schema, appendOnly: plan?.props.appendOnly ?? true, bounded: plan?.props.bounded ?? false,
        ...(kind === 'view' && query ? { query } : {}), ...(kind === 'materialized-view' && plan ? { watermarkColumns: plan.props.watermarkColumns } : {}),
      });
      return;
    }
    case 'Drop':
      catalog.remove(stmt.name);
      return;
    default:
      return;
  }
}

/** Binds, optimizes and explains one parsed statement (DDL included) against `catalog`. */
export function planStatement(stmt: Statement, catalog: Catalog): void {
  const explain = (plan: LogicalPlan): void => {
    explainPlan(plan, { props: true });
    explainPlan(optimize(plan), { props: true });
  };
  switch (stmt.kind) {
    case 'Query':
      explain(bindQuery(stmt.query, catalog, { emitOnWindowClose: stmt.emitOnWindowClose ?? false }).plan);
      return;
    case 'CreateMaterializedView':
    case 'CreateSink':
    case 'CreateView':
      if (stmt.query) explain(bindQuery(stmt.query, catalog, { emitOnWindowClose: stmt.kind !== 'CreateView' && stmt.emitOnWindowClose, materialized: true }).plan);
      applyDdl(stmt, copyCatalog(catalog));
      return;
    case 'CreateSource':
    case 'CreateTable':
      applyDdl(stmt, copyCatalog(catalog));
      return;
    case 'Insert':
      explain(bindInsert(stmt, catalog).plan);
      return;
    case 'Delete':
      explain(bindDelete(stmt, catalog).plan);
      return;
    case 'Update':
      explain(bindUpdate(stmt, catalog).plan);
      return;
    case 'Explain':
      if (stmt.statement) planStatement(stmt.statement, catalog);
      return;
    default:
      return;
  }
}

/** What went wrong with one statement: not a SqlError, or a SqlError without a good position. */
export interface FuzzFailure {
  readonly sql: string;
  readonly problem: string;
}

/**
 * Runs `sql` through parse, bind, optimize and EXPLAIN. Returns the outcome: `ok`, the
 * SqlError's code, or a failure when anything else escaped or the SqlError lacks a code or
 * a position inside `sql` (line and column agreeing with the offset).
 */
export function checkStatement(sql: string, catalog: Catalog): { outcome: string; failure?: FuzzFailure } {
  try {
    for (const stmt of parse(sql)) planStatement(stmt, catalog);
    return { outcome: 'ok' };
  } catch (e) {
    if (!(e instanceof SqlError)) {
      const problem = e instanceof Error ? `${e.name}: ${e.message}\n${e.stack?.split('\n').slice(1, 6).join('\n')}` : String(e);
      return { outcome: 'crash', failure: { sql, problem } };
    }
    const problem = sqlErrorProblem(e, sql);
    return problem ? { outcome: e.code, failure: { sql, problem: `${problem}: ${e.describe()}` } } : { outcome: e.code };
  }
}

function sqlErrorProblem(e: SqlError, sql: string): string | undefined {
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(e.code)) return 'code is not kebab-case';
  const pos = e.position;
  if (!pos) return 'no position';
  if (pos.offset < 0 || pos.offset > sql.length) return `offset ${pos.offset} outside the text`;
  const expected = positionAt(sql, pos.offset);
  if (expected.line !== pos.line || expected.column !== pos.column) {
    return `line:column ${pos.line}:${pos.column} does not match offset ${pos.offset} (${expected.line}:${expected.column})`;
  }
  return undefined;
}
