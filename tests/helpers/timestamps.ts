/**
 * Timestamp spellings shared by the generator and the result normalizers. Every timestamp in
 * the tests is a UTC instant with millisecond precision.
 */

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** `YYYY-MM-DD HH:MM:SS`, then `.ffffff` (six digits) unless the milliseconds are zero. */
export function formatSqlTimestamp(epochMs: number): string {
  const d = new Date(epochMs);
  const base =
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  const ms = d.getUTCMilliseconds();
  return ms === 0 ? base : `${base}.${pad(ms, 3)}000`;
}

const TIMESTAMP_TEXT = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]00(?::?00)?)?$/;

/**
 * The canonical form used to compare timestamps: `YYYY-MM-DD HH:MM:SS` with a fraction only when
 * it is not zero, trailing zeros trimmed (`12:00:03.25`). Accepts `T` or a space between date
 * and time and a trailing `Z`/`+00:00`. Returns undefined when the text is not a timestamp.
 */
export function canonicalTimestamp(text: string): string | undefined {
  const m = TIMESTAMP_TEXT.exec(text);
  if (!m) return undefined;
  const fraction = (m[3] ?? '').replace(/0+$/, '');
  return fraction === '' ? `${m[1]} ${m[2]}` : `${m[1]} ${m[2]}.${fraction}`;
}

/** The canonical form (see canonicalTimestamp) of a JS Date, in UTC. */
export function canonicalTimestampOfDate(date: Date): string {
  return canonicalTimestamp(formatSqlTimestamp(date.getTime()))!;
}

/** True when text is a timestamp as Sluice prints it: `YYYY-MM-DD HH:MM:SS[.f{1,6}]`. */
export function isSqlTimestampText(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?$/.test(text);
}
