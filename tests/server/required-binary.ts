/**
 * External programs some server tests drive (psql, chromium). When one is missing the test
 * skips with the reason, unless SLUICE_REQUIRE_SERVICES=1 (CI), where a missing program is a
 * failure: CI installs them (.ci/run).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** The program's path, or undefined when it is not installed. */
export function findBinary(name: string): string | undefined {
  if (name.startsWith('/')) return existsSync(name) ? name : undefined;
  try {
    return execFileSync('which', [name], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether tests needing `name` should be skipped: false when it is installed; when it is not,
 * throws under SLUICE_REQUIRE_SERVICES=1 and otherwise returns true after saying why.
 */
export function skipWithout(name: string, apt: string): boolean {
  if (findBinary(name)) return false;
  const reason = `${name} is not installed (apt-get install ${apt})`;
  if (process.env.SLUICE_REQUIRE_SERVICES === '1') throw new Error(`${reason}; SLUICE_REQUIRE_SERVICES=1 requires it`);
  console.warn(`skipping: ${reason}`);
  return true;
}
