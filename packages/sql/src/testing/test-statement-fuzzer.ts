/**
 * Building blocks of the fuzz test (../fuzz.test.ts): a seeded random number generator and
 * mutations of SQL text — token deletion, duplication and swaps, inserted keywords,
 * identifiers and literals, truncation, unbalanced brackets and quotes, huge numbers,
 * unicode, bounded deep nesting. A test fixture; nothing in the planner uses it.
 */

/**
 * A small deterministic PRNG (mulberry32): the same seed gives the same sequence on every
 * machine, so a failing fuzz case can be reproduced from its seed.
 */
export class Prng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** An integer in [lo, hi]. */
  between(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
}

/** Words worth dropping into a statement: the dialect's keywords and a few near misses. */
export const FUZZ_KEYWORDS: readonly string[] = [
  'SELECT', 'FROM', 'WHERE', 'GROUP', 'BY', 'HAVING', 'ORDER', 'LIMIT', 'OFFSET', 'FETCH', 'FIRST', 'ROWS', 'ONLY', 'WITH',
  'TIES', 'UNION', 'ALL', 'EXCEPT', 'INTERSECT', 'CORRESPONDING', 'DISTINCT', 'ON', 'JOIN', 'LEFT', 'RIGHT', 'FULL', 'OUTER',
  'INNER', 'CROSS', 'NATURAL', 'ASOF', 'USING', 'LATERAL', 'AS', 'AND', 'OR', 'NOT', 'IN', 'EXISTS', 'BETWEEN', 'SYMMETRIC',
  'LIKE', 'ILIKE', 'SIMILAR', 'IS', 'NULL', 'TRUE', 'FALSE', 'UNKNOWN', 'CASE', 'WHEN', 'THEN', 'ELSE', 'END', 'CAST', 'INTERVAL',
  'TIMESTAMP', 'DATE', 'ARRAY', 'OVER', 'PARTITION', 'RANGE', 'PRECEDING', 'FOLLOWING', 'CURRENT', 'ROW', 'UNBOUNDED',
  'EXCLUDE', 'FILTER', 'WITHIN', 'EMIT', 'WINDOW', 'CLOSE', 'TUMBLE', 'HOP', 'SESSION', 'CUMULATE', 'DESCRIPTOR', 'TABLE',
  'VALUES', 'INSERT', 'INTO', 'UPDATE', 'SET', 'DELETE', 'RETURNING', 'CREATE', 'MATERIALIZED', 'VIEW', 'SOURCE', 'SINK',
  'WATERMARK', 'FOR', 'PRIMARY', 'KEY', 'APPEND', 'FORMAT', 'ENCODE', 'DROP', 'IF', 'CASCADE', 'EXPLAIN', 'ANALYZE',
  'FLUSH', 'SHOW', 'DESCRIBE', 'SUBSCRIBE', 'ASC', 'DESC', 'NULLS', 'LAST', 'COLLATE', 'ESCAPE', 'AT', 'TIME', 'ZONE',
  'RECURSIVE', 'GROUPING', 'SETS', 'ROLLUP', 'CUBE', 'TABLESAMPLE',
];

/** Odd literals: huge and tiny numbers, odd strings, special values. */
export const FUZZ_LITERALS: readonly string[] = [
  '0', '-1', '1.5', '1e308', '1e309', '-1e309', '9223372036854775807', '9223372036854775808', '-9223372036854775809',
  '2147483648', '99999999999999999999999999999999999999999', '0.000000000000000000000000000001', '.5', '5.', '1e', '0x1F',
  "''", "'x'", "'it''s'", "E'\\x41\\n\\u00e9'", "E'\\'", '$$dollar$$', "'2024-02-30'", "'not a date'", "'1 day 2 hours'",
  "INTERVAL '1' SECOND", "INTERVAL '-5' MINUTE", "INTERVAL '99999999999' DAY", "INTERVAL 'x' HOUR", "INTERVAL '1 month'",
  "TIMESTAMP '2024-01-01 00:00:00'", "TIMESTAMP '99999-01-01'", "DATE '0001-01-01'", "DATE 'x'", 'NULL', 'TRUE', 'FALSE',
  "'NaN'::double", "'Infinity'::double", 'ARRAY[1, 2]', 'ARRAY[]', "'{}'::jsonb", "'\u{1F600}'", "'\u0000'", "'日本語'",
];

/** Identifiers, real-looking and not. */
export const FUZZ_IDENTIFIERS: readonly string[] = [
  'x', 'v1', 'id', 'price', 'window_start', 'window_end', 'date_time', 't', 't1', 'mv', 'auction', '"Quoted Name"', '""',
  '"select"', 'ñandú', 'z\u0301', '_', 'a'.repeat(300), 'rowid', 'count', 'row_number', 'now', 'unnest', 'generate_series',
];

/** Punctuation that unbalances a statement. */
const UNBALANCED: readonly string[] = ['(', ')', '[', ']', "'", '"', '$$', 'E\'', '/*', '--', '::', ',', ';', '.', '*', '||', '->>', '@', '#', '?', '$1', '\\', '`'];

/** Unicode oddities: combining marks, astral characters, bidi controls, a lone surrogate, NUL. */
const UNICODE: readonly string[] = ['é', 'e\u0301', '\u{1F4A9}', '\u202E', '\uD800', '\u0000', '\u00A0', '\u2028', '\uFEFF', '漢字', '\t', '\r\n'];

/** Splits text into tokens and the spaces between them (a loose split that never fails). */
export function looseTokens(text: string): string[] {
  return text.match(/'(?:[^']|'')*'?|"(?:[^"]|"")*"?|\s+|[A-Za-z_][A-Za-z0-9_$]*|\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|::|->>|->|<=|>=|<>|!=|\|\||./gsu) ?? [];
}

type Mutation = (tokens: string[], rng: Prng) => string[];

const nonSpace = (tokens: readonly string[], rng: Prng): number => {
  const indexes = tokens.flatMap((t, i) => (/^\s+$/.test(t) ? [] : [i]));
  return indexes.length === 0 ? -1 : rng.pick(indexes);
};

const insertAt = (tokens: string[], rng: Prng, text: string): string[] => {
  const at = rng.int(tokens.length + 1);
  return [...tokens.slice(0, at), ' ', text, ' ', ...tokens.slice(at)];
};

/** The mutations, each taking a token list and returning a new one. */
const MUTATIONS: readonly Mutation[] = [
  // delete a token
  (tokens, rng) => {
    const i = nonSpace(tokens, rng);
    return i < 0 ? tokens : [...tokens.slice(0, i), ...tokens.slice(i + 1)];
  },
  // duplicate a token
  (tokens, rng) => {
    const i = nonSpace(tokens, rng);
    return i < 0 ? tokens : [...tokens.slice(0, i + 1), ' ', tokens[i]!, ...tokens.slice(i + 1)];
  },
  // swap two tokens
  (tokens, rng) => {
    const i = nonSpace(tokens, rng);
    const j = nonSpace(tokens, rng);
    if (i < 0 || j < 0) return tokens;
    const copy = [...tokens];
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    return copy;
  },
  (tokens, rng) => insertAt(tokens, rng, rng.pick(FUZZ_KEYWORDS)),
  (tokens, rng) => insertAt(tokens, rng, rng.pick(FUZZ_IDENTIFIERS)),
  (tokens, rng) => insertAt(tokens, rng, rng.pick(FUZZ_LITERALS)),
  (tokens, rng) => insertAt(tokens, rng, rng.pick(UNBALANCED)),
  // replace a number (or any token) with a huge or odd literal
  (tokens, rng) => {
    const numbers = tokens.flatMap((t, i) => (/^\d/.test(t) ? [i] : []));
    const i = numbers.length > 0 ? rng.pick(numbers) : nonSpace(tokens, rng);
    if (i < 0) return tokens;
    const copy = [...tokens];
    copy[i] = rng.pick(FUZZ_LITERALS);
    return copy;
  },
  // unicode inside a token or between tokens
  (tokens, rng) => {
    const i = nonSpace(tokens, rng);
    if (i < 0 || rng.chance(0.3)) return insertAt(tokens, rng, rng.pick(UNICODE));
    const t = tokens[i]!;
    const at = rng.int(t.length + 1);
    const copy = [...tokens];
    copy[i] = t.slice(0, at) + rng.pick(UNICODE) + t.slice(at);
    return copy;
  },
  // truncate the text at a random character
  (tokens, rng) => {
    const text = tokens.join('');
    return [text.slice(0, rng.int(text.length + 1))];
  },
  // wrap a token in parentheses, deeply (bounded)
  (tokens, rng) => {
    const i = nonSpace(tokens, rng);
    if (i < 0) return tokens;
    const depth = rng.between(1, 60);
    const copy = [...tokens];
    copy[i] = '('.repeat(depth) + tokens[i]! + ')'.repeat(rng.chance(0.8) ? depth : rng.int(depth));
    return copy;
  },
  // replace a word with another word of the statement (a column where a table was, ...)
  (tokens, rng) => {
    const words = tokens.flatMap((t, i) => (/^[A-Za-z_]/.test(t) ? [i] : []));
    if (words.length < 2) return tokens;
    const copy = [...tokens];
    copy[rng.pick(words)] = tokens[rng.pick(words)]!;
    return copy;
  },
];

/** `sql` with one to three random mutations applied. */
export function mutateStatement(sql: string, rng: Prng): string {
  let tokens = looseTokens(sql);
  const count = rng.between(1, 3);
  for (let i = 0; i < count; i++) tokens = rng.pick(MUTATIONS)(tokens, rng);
  return tokens.join('');
}

/**
 * Bounded deep nesting around an expression or a query: `depth` parentheses, a chain of
 * NOTs or unary minuses, nested CASE, nested function calls or nested subqueries, or a chain
 * of `depth` ORs, `||`s or UNION ALLs (which parse into trees as deep as they are long).
 */
export function deeplyNested(rng: Prng, depth: number): string {
  switch (rng.int(9)) {
    case 6:
      return `SELECT 1 WHERE ${Array.from({ length: depth }, (_, i) => `${i} = 1`).join(' OR ')}`;
    case 7:
      return `SELECT ${Array.from({ length: depth }, () => "'x'").join(' || ')}`;
    case 8:
      return Array.from({ length: depth }, (_, i) => `SELECT ${i}`).join(' UNION ALL ');
    case 0:
      return `SELECT ${'('.repeat(depth)}1${')'.repeat(depth)}`;
    case 1:
      return `SELECT ${'NOT '.repeat(depth)}TRUE`;
    case 2:
      return `SELECT ${'- '.repeat(depth)}1`;
    case 3:
      return `SELECT ${'CASE WHEN TRUE THEN '.repeat(depth)}1${' END'.repeat(depth)}`;
    case 4:
      return `SELECT ${'abs('.repeat(depth)}1${')'.repeat(depth)}`;
    default:
      return `${'SELECT * FROM ('.repeat(depth)}SELECT 1 AS x${') AS q'.repeat(depth)}`;
  }
}
