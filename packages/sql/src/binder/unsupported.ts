/**
 * The one error for SQL that parses but that Sluice does not plan yet, so every such case
 * reads the same and is easy to find when the feature lands.
 */
import { type SourcePosition, SqlError } from '../errors.js';

/** SqlError `unsupported-feature` naming `feature`. */
export function unsupported(feature: string, pos: SourcePosition | undefined): SqlError {
  return new SqlError('unsupported-feature', `not supported yet: ${feature}`, pos);
}
