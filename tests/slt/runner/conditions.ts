/**
 * `skipif` / `onlyif`. This engine answers to the name `sluice`. Records marked `onlyif <other>`
 * or `skipif sluice` are not run. Sluice follows RisingWave's semantics, yet
 * `onlyif risingwave` records are not run either: they test RisingWave's own behaviour
 * (catalogs, settings), not the SQL both share. `skipif risingwave` records are not run
 * because RisingWave never checked their expected results. Records left out this way are
 * counted as skipped.
 */
import type { Condition } from './records.js';

export const ENGINE_NAME = 'sluice';

export function conditionsAllow(conditions: readonly Condition[]): boolean {
  for (const condition of conditions) {
    if (condition.kind === 'skipif' && (condition.engine === ENGINE_NAME || condition.engine === 'risingwave')) return false;
    if (condition.kind === 'onlyif' && condition.engine !== ENGINE_NAME) return false;
  }
  return true;
}
