/**
 * Registration helpers shared by `Sluice.open({ functions })` and the `register*` methods.
 */
import { registerSinkConnector, registerSourceConnector } from '../connectors/registry.js';
import { EngineError } from '../errors.js';
import { callbackSinkConnector } from './callback-sink.js';
import type { FunctionDefinition } from './function-types.js';
import { pushSourceConnector } from './push-source.js';
import type { UserFunctionRegistry } from './user-function-registry.js';

let registered = false;

/** Adds the `push` source and `callback` sink connectors to the connector registry (once). */
export function registerEmbeddingConnectors(): void {
  if (registered) return;
  registered = true;
  registerSourceConnector(pushSourceConnector);
  registerSinkConnector(callbackSinkConnector);
}

/** Registers one `Sluice.open({ functions })` entry by its kind (default scalar). */
export function registerDefinition(registry: UserFunctionRegistry, definition: FunctionDefinition): void {
  if (!definition || typeof definition !== 'object') throw new EngineError('invalid-function', 'each entry of functions must be an object with a name');
  switch (definition.kind) {
    case 'aggregate': registry.addAggregate(definition.name, definition); break;
    case 'table': registry.addTable(definition.name, definition.fn, definition); break;
    case 'scalar':
    case undefined: registry.addScalar(definition.name, definition.fn, definition); break;
    default: throw new EngineError('invalid-function', `unknown function kind '${String((definition as { kind: unknown }).kind)}' (scalar, aggregate or table)`);
  }
}
