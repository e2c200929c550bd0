/**
 * Errors raised while turning SQL text into a plan.
 *
 * Contract: every error a user can cause is a `SqlError` with a kebab-case `code` (listed in
 * docs/errors.md), a message, and where known the 1-based `line` and `column` of the offending
 * text. A bug in Sluice itself is an `InternalError`, never a `SqlError`.
 */

/** A position in SQL text: 1-based line and column, 0-based character offset. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
  readonly offset: number;
}

export class SqlError extends Error {
  override readonly name = 'SqlError';
  constructor(
    /** kebab-case, stable, documented in docs/errors.md */
    readonly code: string,
    message: string,
    readonly position?: SourcePosition,
    /** a suggestion, e.g. "did you mean 'price'?" */
    readonly hint?: string,
  ) {
    super(message);
  }

  get line(): number | undefined {
    return this.position?.line;
  }

  get column(): number | undefined {
    return this.position?.column;
  }

  /** `code at line:column: message (hint)` — the one-line form the CLI prints. */
  describe(): string {
    const at = this.position ? ` at ${this.position.line}:${this.position.column}` : '';
    const hint = this.hint ? ` (hint: ${this.hint})` : '';
    return `${this.code}${at}: ${this.message}${hint}`;
  }
}

/** A broken invariant inside Sluice: a bug, not a user error. */
export class InternalError extends Error {
  override readonly name = 'InternalError';
  readonly code = 'internal-error';
}

/** Converts a 0-based offset in `text` into a position. */
export function positionAt(text: string, offset: number): SourcePosition {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(Math.max(offset, 0), text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1, offset: end };
}

/** The candidate closest to `name` by edit distance, if it is close enough to be a likely typo. */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const lower = name.toLowerCase();
  for (const candidate of candidates) {
    const d = editDistance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  const limit = Math.max(1, Math.floor(name.length / 3));
  return bestDistance <= limit ? best : undefined;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d = new Array<number>(rows * cols);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[(i - 1) * cols + j]! + 1, d[i * cols + j - 1]! + 1, d[(i - 1) * cols + j - 1]! + cost);
      // a swap of two neighbouring letters counts as one edit ("prcie" -> "price")
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[(i - 2) * cols + j - 2]! + 1);
      d[i * cols + j] = best;
    }
  }
  return d[rows * cols - 1]!;
}
