/**
 * Builds connector contexts for tests: options as given, FORMAT from `encode`, problems
 * collected in `problems`.
 */
import type { Options, Schema } from '@sluice/sql';
import type { SinkContext } from './sink.js';
import type { InputProblem, SourceContext } from './source.js';

/** A source context whose reported problems land in the returned array. */
export function sourceContext(schema: Schema, options: Options, encode = 'json', formatOptions: Options = {}): SourceContext & { problems: InputProblem[] } {
  const problems: InputProblem[] = [];
  return { name: 'src', schema, options, format: { format: 'plain', encode, options: formatOptions }, report: (p) => problems.push(p), problems };
}

/** A sink context. */
export function sinkContext(schema: Schema, options: Options, encode = 'json'): SinkContext {
  return { name: 'out', schema, options, format: { format: 'plain', encode, options: {} } };
}
