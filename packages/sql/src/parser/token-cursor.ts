/**
 * A cursor over one statement's tokens, with the small vocabulary every parser in this folder
 * shares: look at, accept or expect a keyword, an operator or an identifier, and fail with a
 * `SqlError` that points at the offending token in the whole text given to `parse`.
 */
import { SqlError, type SourcePosition } from '../errors.js';
import { RESERVED_WORDS } from './keywords.js';
import { MAX_PARSE_DEPTH, tooComplex } from './nesting-limit.js';
import type { SourceText } from './source-text.js';
import type { Token } from './tokenizer.js';

/** An identifier with where it was written. */
export interface Name {
  readonly name: string;
  readonly pos: SourcePosition;
}

/** Reads a token list that ends with an `eof` token; never moves past that token. */
export class TokenCursor {
  private index = 0;
  /** how many `nested` calls are open: the parser's recursion depth */
  private depth = 0;

  constructor(
    readonly source: SourceText,
    private readonly tokens: readonly Token[],
  ) {}

  peek(ahead = 0): Token {
    return this.tokens[Math.min(this.index + ahead, this.tokens.length - 1)]!;
  }

  next(): Token {
    const token = this.peek();
    if (token.kind !== 'eof') this.index++;
    return token;
  }

  /** The token just consumed. */
  previous(): Token {
    return this.tokens[Math.max(this.index - 1, 0)]!;
  }

  atEnd(): boolean {
    return this.peek().kind === 'eof';
  }

  /** The position of a token (by default the current one). */
  posOf(token: Token = this.peek()): SourcePosition {
    return this.source.positionAt(token.start);
  }

  /** True if the tokens from the current one spell `words` (keywords, case-insensitive). */
  atWord(...words: string[]): boolean {
    return words.every((w, k) => {
      const t = this.peek(k);
      return t.kind === 'word' && t.upper === w;
    });
  }

  /** True if the current token (or the one `ahead`) is one of `words`. */
  atAnyWord(words: readonly string[], ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.kind === 'word' && words.includes(t.upper);
  }

  /** Consumes `words` if they come next. */
  acceptWord(...words: string[]): boolean {
    if (!this.atWord(...words)) return false;
    this.index += words.length;
    return true;
  }

  expectWord(...words: string[]): void {
    for (const w of words) {
      if (!this.acceptWord(w)) this.unexpected(`expected ${w}`);
    }
  }

  atOp(op: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.kind === 'op' && t.value === op;
  }

  acceptOp(op: string): boolean {
    if (!this.atOp(op)) return false;
    this.index++;
    return true;
  }

  expectOp(op: string): void {
    if (!this.acceptOp(op)) this.unexpected(`expected '${op}'`);
  }

  /** True if the current token can be read as an identifier. */
  atIdentifier(allowReserved = false): boolean {
    const t = this.peek();
    if (t.kind === 'quoted') return true;
    return t.kind === 'word' && (allowReserved || !RESERVED_WORDS.has(t.upper));
  }

  /** An unquoted (folded to lower case) or quoted identifier. */
  identifier(what = 'a name', allowReserved = false): Name {
    if (!this.atIdentifier(allowReserved)) this.unexpected(`expected ${what}`);
    const t = this.next();
    return { name: t.value, pos: this.posOf(t) };
  }

  /** `a` or `a.b.c`, joined with dots. */
  qualifiedName(what = 'a name'): Name {
    const first = this.identifier(what);
    let name = first.name;
    while (this.atOp('.') && this.peek(1).kind !== 'op') {
      this.next();
      name += '.' + this.identifier(what, true).name;
    }
    return { name, pos: first.pos };
  }

  /** `(a, b, c)` */
  identifierList(what = 'a column name'): string[] {
    this.expectOp('(');
    const names: string[] = [];
    do {
      names.push(this.identifier(what).name);
    } while (this.acceptOp(','));
    this.expectOp(')');
    return names;
  }

  /**
   * Runs `parse` one nesting level deeper (an expression operand, a query), failing with
   * `statement-too-complex` at the current token beyond `MAX_PARSE_DEPTH` levels, so that
   * deeply nested text is an error rather than a stack overflow.
   */
  nested<T>(parse: () => T): T {
    if (this.depth >= MAX_PARSE_DEPTH) throw tooComplex(this.posOf());
    this.depth++;
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  /** Throws a `SqlError` at `token` (by default the current one). */
  fail(message: string, token: Token = this.peek(), code = 'syntax-error'): never {
    throw new SqlError(code, message, this.posOf(token));
  }

  /** Throws "syntax error at or near ..." for the current token. */
  unexpected(expected?: string): never {
    const t = this.peek();
    const near = t.kind === 'eof' ? 'end of input' : `'${this.source.text.slice(t.start, t.end)}'`;
    const detail = expected ? `: ${expected}` : '';
    return this.fail(`syntax error at or near ${near}${detail}`, t);
  }

  /** The source text from the current token to the end of the statement. */
  remainingText(): string {
    const end = this.tokens[this.tokens.length - 1]!.start;
    return this.source.text.slice(this.peek().start, Math.max(this.peek().start, end));
  }

  /** The source text from token `first` to the last token consumed. */
  textFrom(first: Token): string {
    return this.source.text.slice(first.start, Math.max(first.start, this.previous().end));
  }
}
