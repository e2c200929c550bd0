import { describe, expect, it } from 'vitest';
import { call, field, inputRef, literal, schemaOf, T, type BoundExpr } from '@sluice/sql';
import { deltaFromRows, deltaRows, type Delta } from '../delta.js';
import type { EngineError } from '../errors.js';
import type { RowErrorRoute } from '../expr/row-errors.js';
import { UserFunctionRegistry, withEngineFunctions } from '../embedding/user-function-registry.js';
import { FilterOperator } from './filter.js';
import { ProjectOperator } from './project.js';

const input = schemaOf([field('id', T.bigint), field('v', T.double)]);
const delta = deltaFromRows(input, [[1n, 4], [2n, -1], [3n, 9], [4n, -2]], [1, 1, -1, 1]);

const functions = new UserFunctionRegistry();
functions.addScalar('picky', (x: number) => {
  if (x < 0) throw new Error(`negative ${x}`);
  return Math.sqrt(x);
}, { args: ['DOUBLE'], returns: 'DOUBLE' });
const picky = (e: BoundExpr): BoundExpr => call('picky', [e], T.double);

/** A route that remembers what it was handed. */
function recordingRoute(): RowErrorRoute & { rejected: { id: unknown; message: string }[] } {
  const rejected: { id: unknown; message: string }[] = [];
  return {
    policy: 'skip',
    rejected,
    reject(d: Delta, failures: ReadonlyMap<number, EngineError>) {
      for (const [row, error] of failures) rejected.push({ id: deltaRows(d)[row]!.values[0], message: error.message });
    },
  };
}

describe('Filter and Project with a row error route', () => {
  it('Project drops the rows a user function failed on; the others keep their ops', () => {
    const route = recordingRoute();
    const out = schemaOf([field('id', T.bigint), field('r', T.double)]);
    const op = withEngineFunctions(functions, () => new ProjectOperator([inputRef(0, T.bigint), picky(inputRef(1, T.double))], out, input, route));
    expect(deltaRows(op.push(delta, 0)[0]!)).toEqual([{ op: 1, values: [1n, 2] }, { op: -1, values: [3n, 3] }]);
    expect(route.rejected).toEqual([{ id: 2n, message: 'function picky failed: negative -1' }, { id: 4n, message: 'function picky failed: negative -2' }]);
    expect(op.problems).toBe(2);
  });

  it('Filter drops them whatever the rest of the predicate says', () => {
    const route = recordingRoute();
    // picky(v) IS NULL would be true for a failed row's NULL: the row must still go
    const predicate = call('is_null', [picky(inputRef(1, T.double))], T.boolean);
    const op = withEngineFunctions(functions, () => new FilterOperator(input, predicate, route));
    expect(op.push(delta, 0).reduce((n, d) => n + d.length, 0)).toBe(0);
    expect(route.rejected.map((r) => r.id)).toEqual([2n, 4n]);
  });

  it('without a route a failure fails the batch, and built-ins are untouched', () => {
    const op = withEngineFunctions(functions, () => new FilterOperator(input, call('greater_than', [picky(inputRef(1, T.double)), literal(1, T.double)], T.boolean)));
    expect(() => op.push(delta, 0)).toThrow(/function picky failed: negative -1/);
    const divide = new ProjectOperator([call('divide', [inputRef(1, T.double), literal(0, T.double)], T.double)], schemaOf([field('q', T.double)]), input, recordingRoute());
    expect(divide.push(delta, 0)[0]!.length).toBe(4);
  });
});
