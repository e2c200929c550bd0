/**
 * The `sluice_dead_letters` table: records that sources with `on_error = 'dead_letter'` could
 * not decode, with where they came from and why (DeadLetter in connectors/source.ts). The
 * engine creates the table at the first dead letter; it is an ordinary table afterwards
 * (queryable, subscribable, durable with a data directory, and droppable).
 */
import { parse, type CreateTableStatement } from '@sluice/sql';
import type { DeadLetter } from '../connectors/source.js';
import { deltaFromRows } from '../delta.js';
import type { EngineContext } from './engine-context.js';
import { createTable } from './statements/create-object.js';
import { applyTableChange } from './table-changes.js';

/** The table's name. */
export const DEAD_LETTER_TABLE = 'sluice_dead_letters';

const DDL = `CREATE TABLE IF NOT EXISTS ${DEAD_LETTER_TABLE} (source VARCHAR, "offset" VARCHAR, payload VARCHAR, error VARCHAR, received_at TIMESTAMP)`;

const pending = new WeakMap<EngineContext, DeadLetter[]>();

/**
 * Queues `letter` for the table; letters reported in the same turn are inserted together,
 * through the table's ingest chain (so they are logged like an INSERT's rows).
 */
export function recordDeadLetter(ctx: EngineContext, letter: DeadLetter): void {
  const queue = pending.get(ctx);
  if (queue) {
    queue.push(letter);
    return;
  }
  const letters = [letter];
  pending.set(ctx, letters);
  queueMicrotask(() => {
    pending.delete(ctx);
    void insertLetters(ctx, letters).catch((e: unknown) => ctx.notice(`could not keep ${letters.length} dead letter(s): ${(e as Error).message}`));
  });
}

async function insertLetters(ctx: EngineContext, letters: readonly DeadLetter[]): Promise<void> {
  if (ctx.closed) return;
  await ctx.ingest(DEAD_LETTER_TABLE, async () => {
    if (!ctx.catalog.get(DEAD_LETTER_TABLE)) {
      const statement = parse(DDL)[0] as CreateTableStatement;
      await createTable(ctx, statement);
    }
    const runtime = ctx.runtime(DEAD_LETTER_TABLE);
    if (!runtime || runtime.kind !== 'table') return; // a user object took the name
    const nowUs = Date.now() * 1000;
    const delta = deltaFromRows(runtime.store.schema, letters.map((l) => [l.source, l.offset, l.payload, l.error, nowUs]));
    await applyTableChange(ctx, DEAD_LETTER_TABLE, runtime, delta);
  });
}
