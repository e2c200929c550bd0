/**
 * Picks the line decoder for a source's `FORMAT ... ENCODE ...`.
 */
import type { Options, Schema } from '@sluice/sql';
import { EngineError } from '../errors.js';
import { CsvDecoder, csvOptions } from './csv-decoder.js';
import { JsonDecoder } from './json-decoder.js';
import { columnPaths } from './json-path.js';
import type { RowDecoder } from './row-decoder.js';
import { RawLineDecoder } from './raw-line-decoder.js';

/** Encodings `createRowDecoder` understands. */
export const ROW_ENCODINGS = ['json', 'csv', 'text', 'bytes'] as const;

/**
 * The decoder for `encode` (`json`, `csv`, or `text`/`bytes`: each line as is into the single
 * VARCHAR column). `options` are the merged FORMAT and WITH options (see csv-decoder.ts for
 * CSV's; JSON reads `fields.<col>.path`, json-path.ts). Throws EngineError('invalid-option') for an unknown encoding or bad CSV options.
 */
export function createRowDecoder(schema: Schema, encode: string, options: Options): RowDecoder {
  switch (encode.toLowerCase()) {
    case 'json': return new JsonDecoder(schema, columnPaths(schema, options));
    case 'csv': return new CsvDecoder(schema, csvOptions(options));
    case 'text':
    case 'bytes': return new RawLineDecoder(schema);
    default:
      throw new EngineError('invalid-option', `ENCODE ${encode} is not supported for line input`, 'user', {
        hint: `use one of ${ROW_ENCODINGS.join(', ')}`,
      });
  }
}

