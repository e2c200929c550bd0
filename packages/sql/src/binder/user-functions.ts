/**
 * User-defined functions as the binder sees them: a name, a kind and one signature. An
 * embedding program registers the implementations with its engine; the engine hands the
 * binder their signatures through `CatalogReader.functions`.
 *
 * Binding is synchronous, so the functions of the catalog being bound against are made
 * visible for the duration of one bind call (`withUserFunctions`) instead of being threaded
 * through every expression context: `lookupFunction` and the aggregate-name test consult them
 * after the built-ins, which user functions never shadow.
 */
import type { DataType } from '../types/data-type.js';

/** Where a user function may be called: like a built-in scalar, set-returning or aggregate function. */
export type UserFunctionKind = 'scalar' | 'table' | 'aggregate';

/** The signature of one user function. Arguments are cast to `args` like a built-in's. */
export interface UserFunctionSignature {
  /** lower case */
  readonly name: string;
  readonly kind: UserFunctionKind;
  readonly args: readonly DataType[];
  /** the result type; for a table function, the type of each value it yields */
  readonly returns: DataType;
}

/** The user functions one catalog offers, by lower-case name. */
export interface UserFunctionLookup {
  get(name: string): UserFunctionSignature | undefined;
  names(): readonly string[];
}

let active: UserFunctionLookup | undefined;

/** Runs `body` with `functions` visible to the binder (nests; restores the previous set). */
export function withUserFunctions<R>(functions: UserFunctionLookup | undefined, body: () => R): R {
  const previous = active;
  active = functions ?? previous;
  try {
    return body();
  } finally {
    active = previous;
  }
}

/** The user function `name` (any case) visible to the bind call under way, if any. */
export function activeUserFunction(name: string): UserFunctionSignature | undefined {
  return active?.get(name.toLowerCase());
}

/** Names of the user functions visible now, for "did you mean" hints. */
export function activeUserFunctionNames(): readonly string[] {
  return active?.names() ?? [];
}
