/**
 * Window frames: the frame text the parser keeps (`ROWS BETWEEN 1 PRECEDING AND CURRENT ROW`,
 * `SESSION WITH GAP '10 minutes'`) turned into a `WindowFrame`, and the default frame. Offsets
 * are non-negative: a row count for ROWS; for RANGE and a SESSION gap a number, or an interval
 * (kept in µs) over a time order key.
 */
import { type SourcePosition, SqlError } from '../errors.js';
import type { FrameBound, WindowFrame } from '../plan/logical-plan.js';
import { intervalMicros, parseInterval } from './interval.js';
import { withPosition } from './resolve-call.js';
import { unsupported } from './unsupported.js';

/** PostgreSQL's default: `RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW` (the whole partition without ORDER BY). */
export const DEFAULT_FRAME: WindowFrame = Object.freeze<WindowFrame>({
  mode: 'range', start: { kind: 'unbounded-preceding' }, end: { kind: 'current-row' },
});

/** The frame `text` describes. Throws `invalid-window-frame`, or `unsupported-feature` for GROUPS and EXCLUDE GROUP/TIES. */
export function parseFrame(text: string, pos: SourcePosition | undefined): WindowFrame {
  // an interval offset that does not parse fails without a position of its own
  return withPosition(pos, () => parseFrameText(text, pos));
}

function parseFrameText(text: string, pos: SourcePosition | undefined): WindowFrame {
  const tokens = tokenize(text);
  const fail = (why: string): never => {
    throw new SqlError('invalid-window-frame', `invalid window frame '${text}': ${why}`, pos);
  };
  const mode = tokens.shift()?.toLowerCase();
  if (mode === 'groups') throw unsupported('GROUPS window frames', pos);
  if (mode === 'session') return parseSession(tokens, fail);
  if (mode !== 'rows' && mode !== 'range') return fail('expected ROWS, RANGE or SESSION');
  const excludeAt = tokens.findIndex((t) => t.toLowerCase() === 'exclude');
  let excludeCurrentRow = false;
  if (excludeAt >= 0) {
    const what = tokens.splice(excludeAt).slice(1).join(' ').toLowerCase();
    if (what === 'current row') excludeCurrentRow = true;
    else if (what !== 'no others') throw unsupported(`EXCLUDE ${what.toUpperCase()} in window frames`, pos);
  }
  let start: FrameBound;
  let end: FrameBound;
  if (tokens[0]?.toLowerCase() === 'between') {
    tokens.shift();
    const and = tokens.findIndex((t) => t.toLowerCase() === 'and');
    if (and < 0) return fail('expected AND');
    start = parseBound(tokens.slice(0, and), mode, fail);
    end = parseBound(tokens.slice(and + 1), mode, fail);
  } else {
    start = parseBound(tokens, mode, fail);
    end = { kind: 'current-row' };
  }
  if (start.kind === 'unbounded-following') fail('the frame cannot start at UNBOUNDED FOLLOWING');
  if (end.kind === 'unbounded-preceding') fail('the frame cannot end at UNBOUNDED PRECEDING');
  if (rankOf(end) < rankOf(start)) fail('the frame ends before it starts');
  return excludeCurrentRow ? { mode, start, end, excludeCurrentRow } : { mode, start, end };
}

/** `SESSION WITH GAP gap`: a positive number, or an interval (`'10 minutes'`, `INTERVAL '10' MINUTE`). */
function parseSession(tokens: string[], fail: (why: string) => never): WindowFrame {
  if (tokens[0]?.toLowerCase() !== 'with' || tokens[1]?.toLowerCase() !== 'gap') return fail('expected SESSION WITH GAP');
  const rest = tokens.slice(2);
  if (rest.some((t) => t.toLowerCase() === 'exclude')) return fail('a session frame takes no EXCLUDE');
  const quoted = rest[0]?.startsWith("'") === true;
  const gap = parseOffset(quoted ? ['interval', ...rest] : rest, 'range', fail);
  if (!(gap > 0)) fail('the gap must be positive');
  return { mode: 'session', start: { kind: 'unbounded-preceding' }, end: { kind: 'unbounded-following' }, gap };
}

/**
 * Whether a frame compares offsets on the order key, so that it needs exactly one ORDER BY
 * key of a fitting type: RANGE n PRECEDING/FOLLOWING, and SESSION frames.
 */
export function hasRangeOffset(frame: WindowFrame): boolean {
  if (frame.mode === 'session') return true;
  return frame.mode === 'range' && [frame.start, frame.end].some((b) => b.kind === 'preceding' || b.kind === 'following');
}

/** Frame-bound order for the "ends before it starts" check (offsets are not compared). */
function rankOf(b: FrameBound): number {
  return { 'unbounded-preceding': 0, preceding: 1, 'current-row': 2, following: 3, 'unbounded-following': 4 }[b.kind];
}

function parseBound(tokens: readonly string[], mode: 'rows' | 'range', fail: (why: string) => never): FrameBound {
  const words = tokens.map((t) => t.toLowerCase()).join(' ');
  if (words === 'unbounded preceding') return { kind: 'unbounded-preceding' };
  if (words === 'unbounded following') return { kind: 'unbounded-following' };
  if (words === 'current row') return { kind: 'current-row' };
  const last = tokens[tokens.length - 1]?.toLowerCase();
  if (last !== 'preceding' && last !== 'following') return fail(`cannot read frame bound '${tokens.join(' ')}'`);
  const offset = parseOffset(tokens.slice(0, -1), mode, fail);
  return { kind: last, offset };
}

function parseOffset(tokens: readonly string[], mode: 'rows' | 'range', fail: (why: string) => never): number {
  if (tokens[0]?.toLowerCase() === 'interval') {
    if (mode === 'rows') fail('a ROWS offset is a number of rows');
    const text = tokens[1];
    if (!text?.startsWith("'")) return fail('expected the interval as a quoted string');
    const unit = tokens.slice(2).join(' ') || undefined;
    return intervalMicros(parseInterval(text.slice(1, -1).replace(/''/g, "'"), unit));
  }
  const n = tokens.length === 1 ? Number(tokens[0]) : NaN;
  if (!Number.isFinite(n) || n < 0) return fail('the offset must be a non-negative constant');
  if (mode === 'rows' && !Number.isInteger(n)) fail('a ROWS offset must be an integer');
  return n;
}

/** Words, numbers and quoted strings of the frame text. */
function tokenize(text: string): string[] {
  return text.match(/'(?:[^']|'')*'|[^\s']+/g) ?? [];
}
