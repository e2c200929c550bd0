/**
 * Finds statement boundaries in SQL text without parsing it: `;` outside string literals,
 * quoted identifiers, dollar-quoted strings and comments. The REPL uses it to know when a
 * statement is complete, the PostgreSQL front end to split a query string so compatibility
 * statements (BEGIN, SELECT version()) can be answered one at a time, and parameter
 * substitution to find `$1` outside literals.
 */

/** One statement's text (without its `;`) and where it starts in the whole text. */
export interface StatementSlice {
  readonly sql: string;
  readonly offset: number;
}

/**
 * Calls `visit(index)` for every character of `text` that is code (outside literals and
 * comments); returns what the scan ended inside, if anything (an unterminated literal).
 */
export function scanCode(text: string, visit: (index: number) => void): 'string' | 'identifier' | 'comment' | 'dollar' | undefined {
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (c === "'" || c === '"') {
      const close = findQuoteEnd(text, i + 1, c);
      if (close < 0) return c === "'" ? 'string' : 'identifier';
      i = close + 1;
    } else if (c === '-' && text[i + 1] === '-') {
      const end = text.indexOf('\n', i);
      if (end < 0) return undefined;
      i = end + 1;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = blockCommentEnd(text, i);
      if (end < 0) return 'comment';
      i = end;
    } else if (c === '$' && /^\$[A-Za-z_]*\$/.test(text.slice(i, i + 64)) && !/[\w$]/.test(text[i - 1] ?? ' ')) {
      const tag = /^\$[A-Za-z_]*\$/.exec(text.slice(i, i + 64))![0];
      const end = text.indexOf(tag, i + tag.length);
      if (end < 0) return 'dollar';
      i = end + tag.length;
    } else {
      visit(i);
      i++;
    }
  }
  return undefined;
}

/** Splits `text` on top-level `;`. Blank statements are dropped; an unterminated tail is kept. */
export function splitStatements(text: string): StatementSlice[] {
  const slices: StatementSlice[] = [];
  let start = 0;
  scanCode(text, (i) => {
    if (text[i] !== ';') return;
    pushSlice(slices, text, start, i);
    start = i + 1;
  });
  pushSlice(slices, text, start, text.length);
  return slices;
}

/**
 * true when `text` holds at least one statement and ends with a `;` that is code (not inside
 * a literal or comment), followed by nothing but blanks and comments.
 */
export function endsStatement(text: string): boolean {
  let lastSemicolon = -1;
  let lastCode = -1;
  const open = scanCode(text, (i) => {
    if (/\s/.test(text[i]!)) return;
    lastCode = i;
    if (text[i] === ';') lastSemicolon = i;
  });
  return open === undefined && lastSemicolon >= 0 && lastSemicolon === lastCode;
}

function pushSlice(slices: StatementSlice[], text: string, start: number, end: number): void {
  const raw = text.slice(start, end);
  if (isBlank(raw)) return;
  const lead = raw.length - raw.trimStart().length;
  slices.push({ sql: raw.trim(), offset: start + lead });
}

/** true when `text` has nothing but blanks and comments. */
export function isBlank(text: string): boolean {
  let code = false;
  scanCode(text, (i) => {
    if (!/\s/.test(text[i]!)) code = true;
  });
  return !code;
}

function findQuoteEnd(text: string, from: number, quote: string): number {
  let i = from;
  for (;;) {
    const end = text.indexOf(quote, i);
    if (end < 0) return -1;
    if (text[end + 1] === quote) {
      i = end + 2; // doubled quote: an escaped quote inside the literal
      continue;
    }
    return end;
  }
}

/** Index just after the end of the (nestable) block comment starting at `from`, or -1. */
function blockCommentEnd(text: string, from: number): number {
  let depth = 0;
  let i = from;
  while (i < text.length) {
    if (text[i] === '/' && text[i + 1] === '*') {
      depth++;
      i += 2;
    } else if (text[i] === '*' && text[i + 1] === '/') {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else {
      i++;
    }
  }
  return -1;
}
