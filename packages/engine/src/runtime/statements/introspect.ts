/**
 * SHOW, DESCRIBE and EXPLAIN: statements that report on the engine rather than change it.
 */
import {
  bindDelete, bindInsert, bindQuery, bindUpdate, explainPlan, optimize, SqlError, T, typeName,
  type CatalogObjectKind, type DescribeStatement, type ExplainStatement, type LogicalPlan, type ShowStatement,
} from '@sluice/sql';
import type { StatementResult } from '../../results.js';
import type { EngineContext } from '../engine-context.js';
import { explainPhysical } from '../physical-planner.js';
import { planPhysical } from '../physical-planner.js';
import { StaticInput } from '../pipeline-input.js';
import { deltaFromRows } from '../../delta.js';
import { readSetting } from '../settings.js';
import { formatBytes } from '../state-size.js';
import { withEngineFunctions } from '../../embedding/user-function-registry.js';

const SHOWN: Record<string, CatalogObjectKind> = {
  SOURCES: 'source', TABLES: 'table', 'MATERIALIZED VIEWS': 'materialized-view', VIEWS: 'view', SINKS: 'sink',
};

const text = (names: string[], rows: (string | null)[][]): StatementResult => ({
  kind: 'rows', columns: names.map((name) => ({ name, type: T.varchar })), rows, notices: [],
});

export function show(ctx: EngineContext, stmt: ShowStatement): StatementResult {
  if (stmt.what === 'PARAMETER') {
    const value = readSetting(ctx.settings, stmt.parameter!);
    if (value === undefined) throw new SqlError('unknown-setting', `unrecognized configuration parameter "${stmt.parameter}"`, stmt.pos);
    return text([stmt.parameter!], [[value]]);
  }
  if (stmt.what === 'PIPELINES') {
    return text(
      ['name', 'status', 'batches', 'rows_in', 'rows_out', 'processing_ms', 'scheduling_delay_ms', 'watermark_us', 'state_rows', 'late_rows_dropped', 'state_bytes', 'checkpoint_ms'],
      ctx.pipelines.map((p) => [
        p.name, p.status, String(p.metrics.batches), String(p.metrics.rowsIn), String(p.metrics.rowsOut),
        p.metrics.lastProcessingMs.toFixed(2), p.metrics.lastSchedulingDelayMs.toFixed(2),
        p.metrics.watermarkUs === null ? null : String(p.metrics.watermarkUs),
        String(p.metrics.stateRows), String(p.metrics.lateRowsDropped),
        String(p.metrics.stateBytes), p.durability ? p.metrics.lastCheckpointMs.toFixed(2) : null,
      ]),
    );
  }
  const kind = SHOWN[stmt.what];
  const names = ctx.catalog.list().filter((o) => o.kind === kind).map((o) => o.name).sort();
  return text(['Name'], names.map((n) => [n]));
}

export function describe(ctx: EngineContext, stmt: DescribeStatement): StatementResult {
  const object = ctx.catalog.get(stmt.name);
  if (!object) throw new SqlError('table-not-found', `"${stmt.name}" does not exist`, stmt.pos);
  const rows = object.schema.fields.map((f, i) => [
    f.name,
    typeName(f.type),
    object.primaryKey.includes(i) ? 'primary key' : null,
    object.watermark?.column === i ? `watermark - ${object.watermark.delayUs / 1_000_000}s` : null,
  ]);
  return text(['Name', 'Type', 'Key', 'Watermark'], rows);
}

export function explain(ctx: EngineContext, stmt: ExplainStatement): StatementResult {
  const inner = stmt.statement;
  let plan: LogicalPlan;
  if (stmt.analyze) return explainAnalyze(ctx, stmt);
  if (!inner) throw new SqlError('unsupported-statement', 'EXPLAIN needs a statement', stmt.pos);
  switch (inner.kind) {
    case 'Query': plan = bindQuery(inner.query, ctx.catalog, { emitOnWindowClose: inner.emitOnWindowClose ?? false }).plan; break;
    case 'CreateMaterializedView': plan = bindQuery(inner.query, ctx.catalog, { emitOnWindowClose: inner.emitOnWindowClose, materialized: true }).plan; break;
    case 'CreateSink':
      if (!inner.query) throw new SqlError('unsupported-statement', 'EXPLAIN CREATE SINK needs AS SELECT', stmt.pos);
      plan = bindQuery(inner.query, ctx.catalog, { emitOnWindowClose: inner.emitOnWindowClose, materialized: true }).plan;
      break;
    case 'Insert': plan = bindInsert(inner, ctx.catalog).plan; break;
    case 'Delete': plan = bindDelete(inner, ctx.catalog).plan; break;
    case 'Update': plan = bindUpdate(inner, ctx.catalog).plan; break;
    default: throw new SqlError('unsupported-statement', `EXPLAIN does not apply to ${inner.kind}`, stmt.pos);
  }
  const optimized = optimize(plan);
  const physical = withEngineFunctions(ctx.functions, () => planPhysical(optimized, (scan) => new StaticInput(scan.object, deltaFromRows(scan.schema, []))));
  const lines = [
    'Logical plan:', ...indent(explainPlan(plan)),
    'Optimized plan:', ...indent(explainPlan(optimized)),
    'Physical plan:', ...indent(explainPhysical(physical.tree)),
  ];
  return text(['QUERY PLAN'], lines.map((l) => [l]));
}

function explainAnalyze(ctx: EngineContext, stmt: ExplainStatement): StatementResult {
  const runtime = stmt.target ? ctx.runtime(stmt.target) : undefined;
  const pipeline = runtime && 'pipeline' in runtime ? runtime.pipeline : undefined;
  if (!pipeline) throw new SqlError('not-a-pipeline', `EXPLAIN ANALYZE needs a materialized view or sink, and "${stmt.target}" is not one`, stmt.pos);
  const lines = [`Pipeline ${pipeline.name}: ${pipeline.status}, ${pipeline.metrics.batches} batches, watermark ${pipeline.metrics.watermarkUs ?? 'none'}`];
  const nodes = pipeline.tree.nodes;
  for (let i = nodes.length - 1; i >= 0; i--) {
    const m = nodes[i]!.operator.metrics;
    const bytes = pipeline.operatorStateBytes[i] ?? 0;
    lines.push(`  ${nodes[i]!.operator.name}: rows in ${m.rowsIn}, rows out ${m.rowsOut}, busy ${m.busyMs.toFixed(1)} ms, state rows ${m.stateRows}, state ~${formatBytes(bytes)}, late rows dropped ${m.lateRowsDropped}`);
  }
  return text(['QUERY PLAN'], lines.map((l) => [l]));
}

function indent(block: string): string[] {
  return block.split('\n').map((l) => `  ${l}`);
}
