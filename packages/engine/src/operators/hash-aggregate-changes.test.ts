import { describe, expect, it } from 'vitest';
import { field, schemaOf, T, type SqlValue } from '@sluice/sql';
import { deltaFromRows, deltaRows, type Op } from '../delta.js';
import { HashAggregateOperator, type AggregateSpec } from './hash-aggregate.js';
import type { OperatorChanges } from './state-changes.js';

const input = schemaOf([field('k', T.varchar), field('v', T.bigint)]);
const spec: AggregateSpec = {
  groupKeys: [0],
  aggregates: [{ kind: 'count_star', args: [], distinct: false, type: T.bigint }, { kind: 'min', args: [1], distinct: false, type: T.bigint }],
  emitOnWindowClose: false,
  schema: schemaOf([input.fields[0]!, field('n', T.bigint), field('lo', T.bigint)]),
};

function push(op: HashAggregateOperator, rows: SqlValue[][], ops?: Op[]): void {
  op.push(deltaFromRows(input, rows, ops), 0);
}

/** Keys upserted and removed in the `groups` table, and the value rows upserted. */
function summary(changes: OperatorChanges | null): { upserted: SqlValue[]; removed: SqlValue[]; values: SqlValue[][] } {
  const groups = changes?.['groups'];
  const values = changes?.['aggregate_1_values'];
  if (groups?.kind !== 'upsert' || values?.kind !== 'upsert') throw new Error('expected keyed changes');
  return {
    upserted: deltaRows(groups.upserts).map((r) => r.values[0]!).sort(),
    removed: deltaRows(groups.removed).map((r) => r.values[0]!).sort(),
    values: deltaRows(values.upserts).map((r) => r.values).sort((a, b) => String(a).localeCompare(String(b))),
  };
}

describe('HashAggregateOperator: incremental snapshots', () => {
  it('tracks nothing until a snapshot is durable, then reports changed groups and removed keys', () => {
    const op = new HashAggregateOperator(spec, input, false);
    op.open();
    push(op, [['a', 1n]]);
    expect(op.snapshotChanges()).toBeNull(); // a full snapshot is due
    op.snapshotDurable();
    push(op, [['b', 2n], ['c', 3n], ['a', 5n]]);
    push(op, [['c', 3n]], [-1]); // c goes: its slot is free for the next new group
    push(op, [['d', 4n]]);
    expect(summary(op.snapshotChanges())).toEqual({ upserted: ['a', 'b', 'd'], removed: ['c'], values: [['a', 1n, 1], ['a', 5n, 1], ['b', 2n, 1], ['d', 4n, 1]] });
    op.snapshotDurable();
    push(op, [['b', 7n]]);
    expect(summary(op.snapshotChanges())).toEqual({ upserted: ['b'], removed: [], values: [['b', 2n, 1], ['b', 7n, 1]] });
  });

  it('keeps the changes of a capture that never became durable (a failed checkpoint) for the next one', () => {
    const op = new HashAggregateOperator(spec, input, false);
    op.open();
    op.snapshotDurable();
    push(op, [['a', 1n], ['b', 2n]]);
    expect(summary(op.snapshotChanges()).upserted).toEqual(['a', 'b']);
    // no snapshotDurable: the write failed
    push(op, [['a', 1n]], [-1]);
    push(op, [['c', 3n]]);
    expect(summary(op.snapshotChanges())).toMatchObject({ upserted: ['b', 'c'], removed: ['a'] });
    op.snapshotDurable();
    push(op, [['d', 4n]]);
    expect(summary(op.snapshotChanges())).toMatchObject({ upserted: ['d'], removed: [] });
  });

  it('restores groups keyed by NULLs, text and BIGINTs beyond 2^53 from its snapshot', () => {
    const byBoth = { ...spec, groupKeys: [0, 1], schema: schemaOf([input.fields[0]!, input.fields[1]!, field('n', T.bigint), field('lo', T.bigint)]) };
    const op = new HashAggregateOperator(byBoth, input, false);
    op.open();
    push(op, [['a', null], [null, 2n ** 60n], [null, 2n ** 60n], ['b', 3n], ['a', null]]);
    const restored = new HashAggregateOperator(byBoth, input, false);
    restored.open(op.snapshot());
    const text = (o: HashAggregateOperator): string[] => deltaRows(o.snapshot()['groups']!).map((r) => JSON.stringify(r.values, (_, v: unknown) => (typeof v === 'bigint' ? String(v) : v))).sort();
    expect(text(restored)).toEqual(text(op));
    // the restored groups are found again by the keys pushed later
    const out = restored.push(deltaFromRows(input, [[null, 2n ** 60n]], [-1]), 0);
    expect(deltaRows(out[0]!).map((r) => [r.op, r.values[2]])).toEqual([[-1, 2n], [1, 1n]]);
  });

  it('replaces the tables of the global aggregate whole', () => {
    const op = new HashAggregateOperator({ ...spec, groupKeys: [], schema: schemaOf([field('n', T.bigint), field('lo', T.bigint)]) }, input, false);
    op.open();
    op.snapshotDurable();
    push(op, [['a', 1n]]);
    const changes = op.snapshotChanges()!;
    expect(Object.values(changes).map((c) => c.kind)).toEqual(['replace', 'replace', 'replace']);
  });
});
