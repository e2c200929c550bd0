/**
 * like, not_like, ilike, not_ilike. A pattern becomes a RegExp once: at compile time for a
 * literal pattern, else once per distinct pattern value. `%` is any run of characters, `_`
 * one character (code point), `\` escapes the next character.
 */
import { T, type BoundCall } from '@sluice/sql';
import { boolVec, combineValid } from '../vec.js';
import { columnValues } from './row-map.js';
import { literalArg, type FunctionTable, type Kernel } from './kernel.js';

/** The anchored RegExp equivalent of a LIKE pattern. */
export function likeToRegExp(pattern: string, caseInsensitive: boolean): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\' && i + 1 < pattern.length) source += escapeRegExp(pattern[++i]!);
    else if (c === '%') source += '[\\s\\S]*';
    else if (c === '_') source += '[\\s\\S]';
    else source += escapeRegExp(c);
  }
  return new RegExp(`^${source}$`, caseInsensitive ? 'iu' : 'u');
}

function escapeRegExp(c: string): string {
  return /[.*+?^${}()|[\]\\/-]/.test(c) ? `\\${c}` : c;
}

function compileLike(caseInsensitive: boolean, negated: boolean): (call: BoundCall) => Kernel {
  return (call) => {
    const fixed = literalArg(call, 1);
    const cache = new Map<string, RegExp>();
    const regexpOf = (p: string): RegExp => {
      let re = cache.get(p);
      if (!re) {
        if (cache.size > 1000) cache.clear();
        re = likeToRegExp(p, caseInsensitive);
        cache.set(p, re);
      }
      return re;
    };
    const fixedRe = typeof fixed === 'string' ? likeToRegExp(fixed, caseInsensitive) : null;
    return (args, _ctx, n) => {
      const values = columnValues(args[0]!) as (string | null)[];
      const patterns = fixedRe ? null : (columnValues(args[1]!) as (string | null)[]);
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        const s = values[i];
        if (s === null || s === undefined) continue;
        const p = patterns ? patterns[i] : null;
        if (patterns && p === null) continue;
        const re = fixedRe ?? regexpOf(p!);
        out[i] = re.test(s) !== negated ? 1 : 0;
      }
      return boolVec(T.boolean, out, combineValid(args, n));
    };
  };
}

/** Pattern-matching functions by canonical name. */
export const likeFunctions: FunctionTable = {
  like: compileLike(false, false),
  not_like: compileLike(false, true),
  ilike: compileLike(true, false),
  not_ilike: compileLike(true, true),
};
