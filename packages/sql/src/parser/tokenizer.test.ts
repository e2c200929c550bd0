import { expect, test } from 'vitest';
import { SourceText } from './source-text.js';
import { tokenize } from './tokenizer.js';
import { positionAt } from '../errors.js';

const kinds = (text: string): [string, string][] =>
  tokenize(new SourceText(text)).map((t) => [t.kind, t.value]);

test('words fold, quoted identifiers keep case and escape ""', () => {
  expect(kinds('Select "My ""Col"" " x1')).toEqual([
    ['word', 'select'], ['quoted', 'My "Col" '], ['word', 'x1'],
  ]);
});

test("strings: '' escapes, E'' backslash escapes, dollar quotes", () => {
  expect(kinds(`'it''s' E'a\\n\\x41\\'' $$x'y$$ $tag$a$$b$tag$`)).toEqual([
    ['string', "it's"], ['string', "a\nA'"], ['string', "x'y"], ['string', 'a$$b'],
  ]);
});

test('numbers keep their text; operators, longest first; != is <>', () => {
  expect(kinds('1 2.50 .5 1e10 3E-2 a::int b<=c d!=e f||g')).toEqual([
    ['number', '1'], ['number', '2.50'], ['number', '.5'], ['number', '1e10'], ['number', '3E-2'],
    ['word', 'a'], ['op', '::'], ['word', 'int'], ['word', 'b'], ['op', '<='], ['word', 'c'],
    ['word', 'd'], ['op', '<>'], ['word', 'e'], ['word', 'f'], ['op', '||'], ['word', 'g'],
  ]);
});

test('comments are skipped, block comments nest', () => {
  expect(kinds('a -- b\n/* c /* d */ e */ f')).toEqual([['word', 'a'], ['word', 'f']]);
});

test('unterminated constructs fail at their start', () => {
  expect(() => kinds('a /* b')).toThrow(expect.objectContaining({ message: 'unterminated /* comment', position: expect.objectContaining({ column: 3 }) }));
  expect(() => kinds('a "b')).toThrow(expect.objectContaining({ message: 'unterminated quoted identifier' }));
  expect(() => kinds('a ? b')).toThrow(expect.objectContaining({ code: 'syntax-error', message: "unexpected character '?'" }));
});

test('SourceText positions agree with positionAt', () => {
  const text = 'ab\ncd\n\nef';
  const source = new SourceText(text);
  for (let i = 0; i <= text.length + 1; i++) expect(source.positionAt(i)).toEqual(positionAt(text, i));
});
