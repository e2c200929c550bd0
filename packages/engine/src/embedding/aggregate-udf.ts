/**
 * The accumulator of a user aggregate (function-types.ts `AggregateFunctionSpec`): one JS
 * state per group slot, folded row by row with `add` / `retract`. The state checkpoints as
 * JSON text in the `groups` state table (column `<prefix>_state`, bigints tagged so they come
 * back as bigints), so a restored view continues from it.
 */
import type { AggregateCall, DataType, Field, SqlValue } from '@sluice/sql';
import { T } from '@sluice/sql';
import { EngineError } from '../errors.js';
import { columnValues } from '../expr/functions/row-map.js';
import type { Vec } from '../expr/vec.js';
import type { Accumulator, BatchRouting } from '../operators/accumulators.js';
import { stateField } from '../operators/aggregate-values.js';
import type { AggregateFunctionSpec } from './function-types.js';
import { toJsValue } from './js-values.js';
import { checked, failed } from './scalar-udf.js';
import { engineFunction, type AggregateEntry } from './user-function-registry.js';

/**
 * Implementations found per aggregate call: an operator creates its accumulators again in
 * `open`, after planning, when no engine is in scope any more.
 */
const resolved = new WeakMap<AggregateCall, AggregateEntry>();

/** The accumulator for the user aggregate `call.fn` of the engine in scope (or of the call's first accumulator). */
export function newUserAccumulator(call: AggregateCall): Accumulator {
  const name = call.fn ?? '';
  let entry = resolved.get(call);
  if (!entry) {
    const found = engineFunction(name);
    if (found.kind !== 'aggregate') throw new EngineError('function-not-found', `${name} is not an aggregate function`);
    entry = found;
    resolved.set(call, entry);
  }
  return new UserAggregateAccumulator(name, entry.spec, entry.args, entry.returns);
}

const EMPTY = Symbol('empty');

class UserAggregateAccumulator implements Accumulator {
  /** per slot: the state, or EMPTY before the first row */
  private states: unknown[] = [];

  constructor(
    private readonly name: string,
    private readonly spec: AggregateFunctionSpec,
    private readonly argTypes: readonly DataType[],
    private readonly returns: DataType,
  ) {}

  accumulate({ slots, signs, n }: BatchRouting, arg: Vec | null, filter: Uint8Array | null, extra: readonly Vec[] = []): void {
    const columns = [arg, ...extra].filter((v): v is Vec => v !== null).map(columnValues);
    const options = { bigint: this.spec.bigint ?? false };
    for (let i = 0; i < n; i++) {
      const s = slots[i]!;
      if (s < 0 || (filter && !filter[i])) continue;
      const values = columns.map((c) => c[i]!);
      if (values.some((v) => v === null)) continue;
      const args = values.map((v, k) => toJsValue(v, this.argTypes[k]!, options));
      const state = this.stateOf(s);
      const step = signs[i]! > 0 ? this.spec.add : this.spec.retract;
      if (!step) {
        throw new EngineError('udf-not-retractable', `aggregate ${this.name} has no retract function, and a row it counted was deleted`, 'user', {
          operator: `function ${this.name}`, hint: 'give the aggregate a retract(state, ...args), or use it over append-only input',
        });
      }
      try {
        this.states[s] = (step as (state: unknown, ...values: unknown[]) => unknown).call(this.spec, state, ...args);
      } catch (error) {
        throw failed(this.name, error);
      }
    }
  }

  private stateOf(slot: number): unknown {
    const state = this.states[slot];
    if (state !== undefined && state !== EMPTY) return state;
    try {
      return this.spec.init();
    } catch (error) {
      throw failed(this.name, error);
    }
  }

  result(slot: number): SqlValue {
    let value: unknown;
    try {
      value = this.spec.result(this.stateOf(slot));
    } catch (error) {
      throw failed(this.name, error);
    }
    return checked(this.name, this.returns, value);
  }

  clear(slot: number): void {
    this.states[slot] = EMPTY;
  }

  stateFields(prefix: string): Field[] {
    return [stateField(`${prefix}_state`, T.varchar)];
  }

  stateValues(slot: number): SqlValue[] {
    const state = this.states[slot];
    return [state === undefined || state === EMPTY ? null : JSON.stringify(state, tagBigints)];
  }

  restore(slot: number, values: readonly SqlValue[]): void {
    const text = values[0];
    this.states[slot] = typeof text === 'string' ? JSON.parse(text, untagBigints) : EMPTY;
  }
}

function tagBigints(_key: string, v: unknown): unknown {
  return typeof v === 'bigint' ? { $bigint: v.toString() } : v;
}

function untagBigints(_key: string, v: unknown): unknown {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const keys = Object.keys(v);
    if (keys.length === 1 && keys[0] === '$bigint') return BigInt((v as { $bigint: string }).$bigint);
  }
  return v;
}
