/**
 * Offsets to line:column positions for one text given to `parse`. Built once per call so that
 * positioning every token and expression stays linear in the text's size.
 */
import type { SourcePosition } from '../errors.js';

/** The text given to `parse`, with its line starts indexed. */
export class SourceText {
  private readonly lineStarts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
    }
  }

  /** The same position `positionAt(text, offset)` gives, found by binary search. */
  positionAt(offset: number): SourcePosition {
    const clamped = Math.min(Math.max(offset, 0), this.text.length);
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid]! <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: clamped - this.lineStarts[low]! + 1, offset: clamped };
  }
}
