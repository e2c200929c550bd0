/**
 * Text forms of TIME (time of day without a zone), held as microseconds since midnight in
 * [0, 24:00:00]. Shared by the binder (literals and constant casts) and the engine (casts,
 * decoders, output), so every place reads and prints a time the same way.
 */

/** Microseconds in one day: 24:00:00, the largest TIME PostgreSQL accepts. */
export const TIME_DAY_US = 86_400_000_000;

const TIME_RE = /^(?:\d{4,}-\d{1,2}-\d{1,2}[ T])?(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d*))?)?\s*(am|pm)?$/i;

/**
 * Parses PostgreSQL's TIME input: `HH:MM`, `HH:MM:SS`, `HH:MM:SS.ffffff` (digits past the sixth
 * round), an optional `AM`/`PM`, and a leading date (`2024-01-02 04:05:06`, whose date part is
 * ignored, as PostgreSQL does). `24:00:00` is allowed. Returns microseconds since midnight, or
 * `undefined` when the text is not a time of day.
 */
export function parseTimeText(text: string): number | undefined {
  const m = TIME_RE.exec(text.trim());
  if (!m) return undefined;
  let hour = Number(m[1]);
  const minute = Number(m[2]);
  const second = Number(m[3] ?? 0);
  const meridiem = m[5]?.toLowerCase();
  if (meridiem !== undefined) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (meridiem === 'pm' ? 12 : 0);
  }
  if (minute > 59 || second > 59) return undefined;
  const fraction = m[4] ? Math.round(Number(`0.${m[4]}`) * 1e6) : 0;
  const us = ((hour * 60 + minute) * 60 + second) * 1e6 + fraction;
  return us <= TIME_DAY_US ? us : undefined;
}

/** `HH:MM:SS[.ffffff]`: the fraction only when non-zero, trailing zeros trimmed. */
export function formatTime(us: number): string {
  const whole = Math.floor(us / 1e6);
  const fraction = us - whole * 1e6;
  const pad = (n: number): string => String(n).padStart(2, '0');
  const clock = `${pad(Math.floor(whole / 3600))}:${pad(Math.floor(whole / 60) % 60)}:${pad(whole % 60)}`;
  return fraction === 0 ? clock : `${clock}.${String(Math.round(fraction)).padStart(6, '0').replace(/0+$/, '')}`;
}

/** `us` moved into [0, one day): how TIME arithmetic wraps around midnight, as in PostgreSQL. */
export function wrapTimeOfDay(us: number): number {
  const r = us % TIME_DAY_US;
  return r < 0 ? r + TIME_DAY_US : r;
}
