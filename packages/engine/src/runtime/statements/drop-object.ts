/**
 * DROP SOURCE / TABLE / MATERIALIZED VIEW / VIEW / SINK [IF EXISTS] name [CASCADE].
 */
import { SqlError, type DropStatement, type ObjectType } from '@sluice/sql';
import type { StatementResult } from '../../results.js';
import type { EngineContext } from '../engine-context.js';

const KIND_OF: Record<ObjectType, string> = {
  SOURCE: 'source', TABLE: 'table', 'MATERIALIZED VIEW': 'materialized-view', VIEW: 'view', SINK: 'sink',
};

export async function dropObject(ctx: EngineContext, stmt: DropStatement): Promise<StatementResult> {
  const tag = `DROP_${stmt.objectType.replace(' ', '_')}`;
  const object = ctx.catalog.get(stmt.name);
  if (!object) {
    if (stmt.ifExists) return { kind: 'command', tag, notices: [`${stmt.objectType.toLowerCase()} "${stmt.name}" does not exist, skipping`] };
    throw new SqlError('object-not-found', `${stmt.objectType.toLowerCase()} "${stmt.name}" does not exist`, stmt.pos);
  }
  if (object.kind !== KIND_OF[stmt.objectType]) {
    throw new SqlError('wrong-object-type', `"${stmt.name}" is a ${ctx.describeKind(object)}, not a ${stmt.objectType.toLowerCase()}`, stmt.pos);
  }
  const dependents = ctx.dependentsOf(stmt.name);
  if (dependents.length > 0 && !stmt.cascade) {
    throw new SqlError('object-in-use', `cannot drop "${stmt.name}": ${dependents.join(', ')} depend${dependents.length === 1 ? 's' : ''} on it`, stmt.pos, 'use DROP ... CASCADE to drop them too');
  }
  await dropRecursively(ctx, stmt.name.toLowerCase());
  return { kind: 'command', tag, notices: [] };
}

async function dropRecursively(ctx: EngineContext, name: string): Promise<void> {
  for (const dependent of ctx.dependentsOf(name)) await dropRecursively(ctx, dependent);
  const runtime = ctx.runtime(name);
  // a table filled by a connector has an ingest pipeline to stop too
  const pipeline = runtime && 'pipeline' in runtime ? runtime.pipeline : runtime?.kind === 'table' ? runtime.ingest : undefined;
  if (pipeline) {
    await pipeline.stop();
    const index = ctx.pipelines.indexOf(pipeline);
    if (index >= 0) ctx.pipelines.splice(index, 1);
  }
  if (runtime?.kind === 'sink') {
    runtime.detach?.();
    if (!runtime.pipeline) await runtime.writer.close();
  }
  if (runtime && 'feed' in runtime) await runtime.feed.close();
  ctx.runtimes.delete(name);
  ctx.dependencies.delete(name);
  ctx.catalog.remove(name);
  await ctx.durability?.forget(name);
}
