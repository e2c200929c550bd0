/**
 * The SQL tokenizer. It reads the whole text given to `parse` once, so every token's offsets
 * are relative to that text and statement splitting can simply cut at `;` tokens: semicolons
 * inside strings, quoted identifiers, comments and dollar quotes never become tokens.
 */
import { SqlError } from '../errors.js';
import type { SourceText } from './source-text.js';

/**
 * - `word`: an unquoted identifier or keyword; `value` is folded to lower case, `upper` is
 *   the upper-case spelling used to compare keywords
 * - `quoted`: a "double-quoted" identifier; `value` is its exact, unescaped name
 * - `string`: a '...', E'...' or $$...$$ string; `value` is its unescaped content
 * - `number`: a numeric literal; `value` is its source text
 * - `op`: punctuation or an operator; `value` is the operator (`!=` is normalised to `<>`)
 * - `param`: a `$1` placeholder
 * - `eof`: the end of a statement
 */
export type TokenKind = 'word' | 'quoted' | 'string' | 'number' | 'op' | 'param' | 'eof';

/** One token. `start` and `end` are offsets into the whole text given to `parse`. */
export interface Token {
  readonly kind: TokenKind;
  readonly value: string;
  readonly upper: string;
  readonly start: number;
  readonly end: number;
}

// longest first, so that `<=` wins over `<`
const OPERATORS = [
  '->>', '#>>', '!~*', '::', '<=', '>=', '<>', '!=', '||', '=>', '->', '#>', '@>', '<@', '!~', '~*',
  '(', ')', ',', ';', '.', '+', '-', '*', '/', '%', '=', '<', '>', '[', ']', '^', ':', '~', '!',
  '@', '#', '&', '|',
];

const ESCAPES: Readonly<Record<string, string>> = {
  n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '\\': '\\', "'": "'", '"': '"',
};

function isWordStart(c: string): boolean {
  return /[A-Za-z_\u0080-\uffff]/.test(c);
}

function isWordPart(c: string): boolean {
  return /[A-Za-z0-9_$\u0080-\uffff]/.test(c);
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/** Splits `source.text` into tokens, skipping whitespace and comments. */
export function tokenize(source: SourceText): Token[] {
  return new Tokenizer(source).run();
}

class Tokenizer {
  private readonly text: string;
  private i = 0;
  private readonly tokens: Token[] = [];

  constructor(private readonly source: SourceText) {
    this.text = source.text;
  }

  run(): Token[] {
    while (this.skipSpaceAndComments()) {
      this.readToken();
    }
    return this.tokens;
  }

  private fail(message: string, offset: number): never {
    throw new SqlError('syntax-error', message, this.source.positionAt(offset));
  }

  private push(kind: TokenKind, value: string, start: number): void {
    const upper = kind === 'word' ? value.toUpperCase() : value;
    const folded = kind === 'word' ? value.toLowerCase() : value;
    this.tokens.push({ kind, value: folded, upper, start, end: this.i });
  }

  /** Returns false at the end of the text. */
  private skipSpaceAndComments(): boolean {
    const t = this.text;
    while (this.i < t.length) {
      const c = t[this.i]!;
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f') {
        this.i++;
      } else if (c === '-' && t[this.i + 1] === '-') {
        const nl = t.indexOf('\n', this.i);
        this.i = nl < 0 ? t.length : nl + 1;
      } else if (c === '/' && t[this.i + 1] === '*') {
        this.skipBlockComment();
      } else {
        return true;
      }
    }
    return false;
  }

  // PostgreSQL block comments nest
  private skipBlockComment(): void {
    const start = this.i;
    let depth = 0;
    while (this.i < this.text.length) {
      if (this.text.startsWith('/*', this.i)) {
        depth++;
        this.i += 2;
      } else if (this.text.startsWith('*/', this.i)) {
        depth--;
        this.i += 2;
        if (depth === 0) return;
      } else {
        this.i++;
      }
    }
    this.fail('unterminated /* comment', start);
  }

  private readToken(): void {
    const t = this.text;
    const c = t[this.i]!;
    const start = this.i;
    if ((c === 'e' || c === 'E') && t[this.i + 1] === "'") {
      this.i++;
      this.push('string', this.readQuoted("'", true, start), start);
    } else if (c === "'") {
      this.push('string', this.readQuoted("'", false, start), start);
    } else if (c === '"') {
      const name = this.readQuoted('"', false, start);
      if (name === '') this.fail('zero-length quoted identifier', start);
      this.push('quoted', name, start);
    } else if (c === '$' && isDigit(t[this.i + 1])) {
      this.i++;
      while (isDigit(t[this.i])) this.i++;
      this.push('param', t.slice(start, this.i), start);
    } else if (c === '$') {
      this.push('string', this.readDollarQuoted(start), start);
    } else if (isDigit(c) || (c === '.' && isDigit(t[this.i + 1]))) {
      this.readNumber();
      this.push('number', t.slice(start, this.i), start);
    } else if (isWordStart(c)) {
      while (this.i < t.length && isWordPart(t[this.i]!)) this.i++;
      this.push('word', t.slice(start, this.i), start);
    } else {
      const op = OPERATORS.find((o) => t.startsWith(o, this.i));
      if (op === undefined) this.fail(`unexpected character '${c}'`, start);
      this.i += op.length;
      this.push('op', op === '!=' ? '<>' : op, start);
    }
  }

  /** Reads a quoted string or identifier; the opening quote is at `this.i`. */
  private readQuoted(quote: string, escapes: boolean, start: number): string {
    const t = this.text;
    let out = '';
    this.i++;
    while (this.i < t.length) {
      const c = t[this.i]!;
      if (c === quote) {
        if (t[this.i + 1] === quote) {
          out += quote;
          this.i += 2;
          continue;
        }
        this.i++;
        return out;
      }
      if (escapes && c === '\\') {
        out += this.readEscape();
        continue;
      }
      out += c;
      this.i++;
    }
    return this.fail(quote === '"' ? 'unterminated quoted identifier' : 'unterminated string', start);
  }

  /** A backslash escape in an E'...' string; `this.i` is at the backslash. */
  private readEscape(): string {
    const t = this.text;
    const c = t[this.i + 1] ?? '';
    const hex = (len: number): string => {
      const digits = /^[0-9A-Fa-f]+/.exec(t.slice(this.i + 2, this.i + 2 + len))?.[0] ?? '';
      if (digits === '') this.fail('invalid escape sequence', this.i);
      this.i += 2 + digits.length;
      return String.fromCodePoint(parseInt(digits, 16));
    };
    if (c === 'x') return hex(2);
    if (c === 'u') return hex(4);
    if (c === 'U') return hex(8);
    if (/[0-7]/.test(c)) {
      const digits = /^[0-7]{1,3}/.exec(t.slice(this.i + 1))![0];
      this.i += 1 + digits.length;
      return String.fromCharCode(parseInt(digits, 8));
    }
    this.i += 2;
    return ESCAPES[c] ?? c;
  }

  /** `$$...$$` or `$tag$...$tag$`. */
  private readDollarQuoted(start: number): string {
    const t = this.text;
    const tag = /^\$[A-Za-z_]?[A-Za-z0-9_]*\$/.exec(t.slice(this.i))?.[0];
    if (tag === undefined) this.fail("unexpected character '$'", start);
    const bodyStart = this.i + tag.length;
    const close = t.indexOf(tag, bodyStart);
    if (close < 0) this.fail('unterminated dollar-quoted string', start);
    this.i = close + tag.length;
    return t.slice(bodyStart, close);
  }

  private readNumber(): void {
    const t = this.text;
    while (isDigit(t[this.i])) this.i++;
    if (t[this.i] === '.' && t[this.i + 1] !== '.') {
      this.i++;
      while (isDigit(t[this.i])) this.i++;
    }
    if ((t[this.i] === 'e' || t[this.i] === 'E')) {
      const sign = t[this.i + 1] === '+' || t[this.i + 1] === '-' ? 1 : 0;
      if (isDigit(t[this.i + 1 + sign])) {
        this.i += 1 + sign;
        while (isDigit(t[this.i])) this.i++;
      }
    }
    if (this.i < t.length && isWordStart(t[this.i]!)) {
      this.fail('trailing junk after numeric literal', this.i);
    }
  }
}
