/**
 * "Did you mean" suggestions for misspelled names, from `closestName` in errors.ts (which
 * counts a swap of two adjacent letters, "prcie" -> "price", as one typo).
 */
import { closestName } from '../errors.js';

/** The candidate `name` most likely a typo of, if any. */
export function suggestName(name: string, candidates: Iterable<string>): string | undefined {
  return closestName(name, candidates);
}

/** A hint string for `suggestName`'s answer: `did you mean 'price'?`. */
export function didYouMean(name: string, candidates: Iterable<string>): string | undefined {
  const s = suggestName(name, candidates);
  return s ? `did you mean '${s}'?` : undefined;
}
