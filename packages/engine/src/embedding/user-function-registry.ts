/**
 * One engine's user-defined functions and batch callbacks. The binder reads the signatures
 * (it is the catalog's `functions`); operators compiled while `withEngineFunctions` runs find
 * the implementations through `currentEngineFunctions` (pipelines are planned synchronously,
 * so the engine whose statement is being planned is the one in scope).
 */
import type { DataType, UserFunctionLookup, UserFunctionSignature } from '@sluice/sql';
import { isBuiltinFunction } from '@sluice/sql/internal';
import { EngineError } from '../errors.js';
import type {
  AggregateFunctionSpec, BatchCallback, ScalarFunction, ScalarFunctionOptions, TableFunction, TableFunctionOptions, VectorizedFunction,
} from './function-types.js';
import { signatureType } from './js-values.js';

/** A registered scalar function with its parsed types. */
export interface ScalarEntry {
  readonly kind: 'scalar';
  readonly name: string;
  readonly fn: ScalarFunction | VectorizedFunction;
  readonly args: readonly DataType[];
  readonly returns: DataType;
  readonly options: ScalarFunctionOptions;
}

export interface AggregateEntry {
  readonly kind: 'aggregate';
  readonly name: string;
  readonly spec: AggregateFunctionSpec;
  readonly args: readonly DataType[];
  readonly returns: DataType;
}

export interface TableEntry {
  readonly kind: 'table';
  readonly name: string;
  readonly fn: TableFunction;
  readonly args: readonly DataType[];
  readonly returns: DataType;
  readonly options: TableFunctionOptions;
}

export type UserFunctionEntry = ScalarEntry | AggregateEntry | TableEntry;

const NAME = /^[a-z_][a-z0-9_]*$/;

export class UserFunctionRegistry implements UserFunctionLookup {
  private readonly entries = new Map<string, UserFunctionEntry>();
  private readonly callbacks = new Map<string, BatchCallback>();

  get(name: string): UserFunctionSignature | undefined {
    const e = this.entries.get(name.toLowerCase());
    return e ? { name: e.name, kind: e.kind, args: e.args, returns: e.returns } : undefined;
  }

  names(): readonly string[] {
    return [...this.entries.keys()];
  }

  entry(name: string): UserFunctionEntry | undefined {
    return this.entries.get(name.toLowerCase());
  }

  addScalar(name: string, fn: ScalarFunction | VectorizedFunction, options: ScalarFunctionOptions): void {
    const key = this.checkName(name, fn);
    const { args, returns } = this.types(key, options.args, options.returns);
    this.entries.set(key, { kind: 'scalar', name: key, fn, args, returns, options });
  }

  addAggregate(name: string, spec: AggregateFunctionSpec): void {
    const key = this.checkName(name, spec.add);
    for (const part of ['init', 'result'] as const) {
      if (typeof spec[part] !== 'function') throw new EngineError('invalid-function', `aggregate ${key} needs a ${part} function`);
    }
    if (spec.stateType !== undefined && spec.stateType !== 'json') {
      throw new EngineError('invalid-function', `aggregate ${key}: stateType must be 'json'`);
    }
    const { args, returns } = this.types(key, spec.args, spec.returns);
    this.entries.set(key, { kind: 'aggregate', name: key, spec, args, returns });
  }

  addTable(name: string, fn: TableFunction, options: TableFunctionOptions): void {
    const key = this.checkName(name, fn);
    const { args, returns } = this.types(key, options.args, options.returns);
    this.entries.set(key, { kind: 'table', name: key, fn, args, returns, options });
  }

  addCallback(name: string, callback: BatchCallback): void {
    if (typeof callback !== 'function') throw new EngineError('invalid-function', `callback ${name} is not a function`);
    this.callbacks.set(name.toLowerCase(), callback);
  }

  callback(name: string): BatchCallback | undefined {
    return this.callbacks.get(name.toLowerCase());
  }

  /** Lower-cases and checks a name; re-registering a user function replaces it. */
  private checkName(name: string, fn: unknown): string {
    const key = String(name).toLowerCase();
    if (!NAME.test(key)) throw new EngineError('invalid-function', `'${name}' is not a valid function name (letters, digits and _)`);
    if (isBuiltinFunction(key)) {
      throw new EngineError('function-already-exists', `${key} is a built-in function; choose another name`);
    }
    if (typeof fn !== 'function') throw new EngineError('invalid-function', `${key}: the implementation is not a function`);
    return key;
  }

  private types(name: string, args: readonly string[] | undefined, returns: string | undefined): { args: DataType[]; returns: DataType } {
    if (!Array.isArray(args)) throw new EngineError('invalid-function', `${name} needs args: an array of SQL type names`);
    if (typeof returns !== 'string') throw new EngineError('invalid-function', `${name} needs returns: a SQL type name`);
    return {
      args: args.map((a, i) => signatureType(a, `${name} argument ${i + 1}`)),
      returns: signatureType(returns, `${name} result`),
    };
  }
}

let current: UserFunctionRegistry | null = null;

/** Runs `body` (which plans operators) with `registry`'s implementations in scope. */
export function withEngineFunctions<R>(registry: UserFunctionRegistry, body: () => R): R {
  const previous = current;
  current = registry;
  try {
    return body();
  } finally {
    current = previous;
  }
}

/**
 * The user function `name` of the engine being planned. Throws `function-not-found` when
 * there is none (a plan bound elsewhere, or a function dropped since).
 */
export function engineFunction(name: string): UserFunctionEntry {
  const entry = current?.entry(name);
  if (!entry) {
    throw new EngineError('function-not-found', `function ${name} is not registered with this engine`, 'user', {
      hint: 'register it with engine.registerFunction (or Sluice.open({ functions })) before the statement runs',
    });
  }
  return entry;
}
