/**
 * Finds the literal text of a top-level member's value in a JSON object line, for the rare
 * values `JSON.parse` cannot represent exactly (integers beyond 2^53). It only skips over
 * nested values and strings, so it costs one pass over the line and runs only when needed.
 */

/**
 * The raw text of the value of member `key` of the top-level object in `line` (the last one
 * when the key repeats, as `JSON.parse` keeps the last), or `undefined` when there is none.
 * Assumes `line` is valid JSON: call it after `JSON.parse` succeeded.
 */
export function rawTopLevelValue(line: string, key: string): string | undefined {
  let at = skipSpace(line, 0);
  if (line.charCodeAt(at) !== 123 /* { */) return undefined;
  at++;
  let found: string | undefined;
  for (;;) {
    at = skipSpace(line, at);
    if (line.charCodeAt(at) !== 34 /* " */) return found;
    const keyEnd = skipString(line, at);
    const rawKey = line.slice(at, keyEnd);
    const name = rawKey.includes('\\') ? (JSON.parse(rawKey) as string) : rawKey.slice(1, -1);
    at = skipSpace(line, keyEnd) + 1; // past ':'
    at = skipSpace(line, at);
    const valueEnd = skipValue(line, at);
    if (name === key) found = line.slice(at, valueEnd);
    at = skipSpace(line, valueEnd);
    if (line.charCodeAt(at) !== 44 /* , */) return found;
    at++;
  }
}

function skipSpace(s: string, at: number): number {
  while (at < s.length) {
    const c = s.charCodeAt(at);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) break;
    at++;
  }
  return at;
}

/** Index just past the string starting at `at` (which holds its opening quote). */
function skipString(s: string, at: number): number {
  at++;
  while (at < s.length) {
    const c = s.charCodeAt(at);
    if (c === 92 /* \ */) at += 2;
    else if (c === 34) return at + 1;
    else at++;
  }
  return at;
}

function skipValue(s: string, at: number): number {
  const c = s.charCodeAt(at);
  if (c === 34) return skipString(s, at);
  if (c === 123 || c === 91) {
    let depth = 0;
    while (at < s.length) {
      const d = s.charCodeAt(at);
      if (d === 34) {
        at = skipString(s, at);
        continue;
      }
      if (d === 123 || d === 91) depth++;
      else if (d === 125 || d === 93) {
        depth--;
        if (depth === 0) return at + 1;
      }
      at++;
    }
    return at;
  }
  while (at < s.length) {
    const d = s.charCodeAt(at);
    if (d === 44 || d === 125 || d === 93 || d === 32 || d === 9 || d === 10 || d === 13) break;
    at++;
  }
  return at;
}
