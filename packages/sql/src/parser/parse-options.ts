/**
 * The option lists of CREATE SOURCE/TABLE/SINK: `WITH (connector = 'kafka', a.b.c = 'v',
 * n = 10)` and `FORMAT PLAIN ENCODE JSON [(k = 'v')]`. Keys are folded to lower case (each
 * dotted part may be any word, reserved or not); values become strings: a quoted value
 * without its quotes, a number or an unquoted word as written.
 */
import type { FormatDef, Options } from '../ast/statement.js';
import type { TokenCursor } from './token-cursor.js';

/** `(key = value, ...)`; the cursor is at the `(`. Throws `duplicate-option` on a repeated key. */
export function parseOptionList(c: TokenCursor): Options {
  const options: Record<string, string> = {};
  c.expectOp('(');
  if (c.acceptOp(')')) return options;
  do {
    const keyToken = c.peek();
    const key = parseOptionKey(c);
    if (Object.hasOwn(options, key)) c.fail(`option '${key}' is given twice`, keyToken, 'duplicate-option');
    c.expectOp('=');
    options[key] = parseOptionValue(c);
  } while (c.acceptOp(','));
  c.expectOp(')');
  return options;
}

function parseOptionKey(c: TokenCursor): string {
  if (c.peek().kind === 'string') return c.next().value.toLowerCase();
  let key = c.identifier('an option name', true).name;
  while (c.acceptOp('.')) key += '.' + c.identifier('an option name', true).name;
  return key.toLowerCase();
}

function parseOptionValue(c: TokenCursor): string {
  const t = c.peek();
  if (t.kind === 'string') return c.next().value;
  if (c.atOp('-') || c.atOp('+')) {
    const sign = c.next().value;
    if (c.peek().kind !== 'number') c.unexpected('expected a number');
    return (sign === '-' ? '-' : '') + c.next().value;
  }
  if (t.kind === 'number' || t.kind === 'word' || t.kind === 'quoted') {
    c.next();
    return t.kind === 'quoted' ? t.value : c.source.text.slice(t.start, t.end);
  }
  return c.unexpected('expected an option value');
}

/** `FORMAT x ENCODE y [(options)]`, or the older `ROW FORMAT y`, if one is next. */
export function parseFormat(c: TokenCursor): FormatDef | undefined {
  if (c.acceptWord('ROW', 'FORMAT')) {
    const encode = c.identifier('an encoding', true).name.toUpperCase();
    return { format: 'PLAIN', encode, options: {} };
  }
  if (!c.acceptWord('FORMAT')) return undefined;
  const format = c.identifier('a format', true).name.toUpperCase();
  c.expectWord('ENCODE');
  const encode = c.identifier('an encoding', true).name.toUpperCase();
  const options = c.atOp('(') ? parseOptionList(c) : {};
  return { format, encode, options };
}
