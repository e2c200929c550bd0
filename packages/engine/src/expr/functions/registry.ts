/**
 * Every scalar function the engine implements, by canonical name (docs/functions-contract.md).
 */
import { arithmeticFunctions } from './arithmetic.js';
import { comparisonFunctions } from './comparison.js';
import { conditionalFunctions } from './conditional.js';
import type { FunctionCompiler } from './kernel.js';
import { likeFunctions } from './like.js';
import { logicFunctions } from './logic.js';
import { mathFunctions } from './math.js';
import { numericExtraFunctions } from './numeric-extra.js';
import { pgCatalogFunctions } from './pg-catalog.js';
import { stringFunctions } from './strings.js';
import { temporalFunctions } from './temporal.js';
import { moreTextFunctions } from './text-extra.js';
import { formattingFunctions } from './to-char.js';

const registry: ReadonlyMap<string, FunctionCompiler> = new Map(Object.entries({
  ...arithmeticFunctions,
  ...comparisonFunctions,
  ...logicFunctions,
  ...likeFunctions,
  ...stringFunctions,
  ...mathFunctions,
  ...temporalFunctions,
  ...conditionalFunctions,
  ...moreTextFunctions,
  ...numericExtraFunctions,
  ...formattingFunctions,
  ...pgCatalogFunctions,
}));

/** The compiler of a scalar function, or undefined when the engine does not know it. */
export function lookupFunction(name: string): FunctionCompiler | undefined {
  return registry.get(name);
}

/** Names of all scalar functions (for tests and error hints). */
export function scalarFunctionNames(): string[] {
  return [...registry.keys()];
}
