/**
 * The user functions the Nexmark queries call (q14's `count_char`), registered with every
 * engine that runs a query file: `Sluice.open({ functions: NEXMARK_FUNCTIONS })`, and the
 * catalog and planner of the engine-alone run (engine-alone.ts).
 */
import type { FunctionDefinition } from '@sluice/engine';

/** How many times the character `c` occurs in `s` (Nexmark q14's user function). */
export function countChar(s: string, c: string): number {
  let n = 0;
  for (const x of s) if (x === c) n++;
  return n;
}

/** Every function a query file may call, for `Sluice.open({ functions })`. */
export const NEXMARK_FUNCTIONS: readonly FunctionDefinition[] = [
  { name: 'count_char', fn: countChar, args: ['VARCHAR', 'VARCHAR'], returns: 'BIGINT' },
];
