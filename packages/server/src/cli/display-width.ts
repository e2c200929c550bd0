/**
 * How many terminal columns a string takes, so that tables line up with CJK text, emoji and
 * combining accents in them. A compact take on wcwidth: combining marks and format characters
 * take none, East Asian wide and fullwidth characters and pictographic emoji take two.
 */

const ZERO_WIDTH = /[\p{Mn}\p{Me}\p{Cf}\p{Cc}]/u;
const PICTOGRAPHIC = /\p{Extended_Pictographic}/u;

/** Ranges of East Asian Wide (W) and Fullwidth (F) code points, inclusive. */
const WIDE_RANGES: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f], [0x2e80, 0x303e], [0x3041, 0x33ff], [0x3400, 0x4dbf], [0x4e00, 0x9fff],
  [0xa000, 0xa4cf], [0xa960, 0xa97f], [0xac00, 0xd7a3], [0xf900, 0xfaff], [0xfe10, 0xfe19],
  [0xfe30, 0xfe6f], [0xff00, 0xff60], [0xffe0, 0xffe6], [0x1f300, 0x1f64f], [0x1f900, 0x1f9ff],
  [0x20000, 0x2fffd], [0x30000, 0x3fffd],
];

/** The display width of one code point: 0, 1 or 2. */
export function codePointWidth(codePoint: number): number {
  if (codePoint < 0x7f) return codePoint < 0x20 ? 0 : 1;
  const char = String.fromCodePoint(codePoint);
  if (ZERO_WIDTH.test(char)) return 0;
  for (const [low, high] of WIDE_RANGES) {
    if (codePoint >= low && codePoint <= high) return 2;
  }
  // emoji above the BMP are drawn two wide; older symbols such as © stay narrow
  return codePoint >= 0x1f000 && PICTOGRAPHIC.test(char) ? 2 : 1;
}

/** The display width of `text`: the sum over its code points. */
export function displayWidth(text: string): number {
  let width = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.codePointAt(i)!;
    if (code > 0xffff) i++;
    width += code < 0x7f && code >= 0x20 ? 1 : codePointWidth(code);
  }
  return width;
}

/** `text` padded with spaces on the right (or the left, `alignRight`) to `width` columns. */
export function padToWidth(text: string, width: number, alignRight = false): string {
  const padding = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return alignRight ? padding + text : text + padding;
}
