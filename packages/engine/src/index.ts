/**
 * @sluice/engine — runs SQL incrementally over Arrow record batches.
 */
export { Sluice, type SluiceOptions } from './sluice.js';
export type { StatementResult, ResultColumn, Change, ChangeBatch, ChangeStream } from './results.js';
export { EngineError, type ErrorDomain } from './errors.js';
export { type Delta, deltaFromRows, deltaRows, toRecordBatch } from './delta.js';
// embedding: docs/embedding.md
export type { SqlResult } from './embedding/embedded-api.js';
export type { ArrowChanges, SubscribeOptions, Subscription } from './embedding/subscription.js';
export type { RowsInput } from './embedding/row-objects.js';
export type { ValueOptions } from './embedding/js-values.js';
export type {
  AggregateFunctionSpec, BatchCallback, FunctionDefinition, RowChange, ScalarFunction, ScalarFunctionOptions, SqlTypeName,
  TableFunction, TableFunctionOptions, UdfErrorPolicy, VectorizedFunction,
} from './embedding/function-types.js';
// Connectors: implement SourceConnector / SinkConnector and register them (docs/connectors.md)
export { registerSourceConnector, registerSinkConnector, connectorNames } from './connectors/registry.js';
export type { SourceConnector, SourceReader, SourceContext, SourceBatch, SourceErrorCounters, InputProblem, DeadLetter } from './connectors/source.js';
export type { SinkConnector, SinkWriter, SinkContext } from './connectors/sink.js';
