/**
 * Parses JSON-lines text (blank lines ignored). A line that is not JSON raises an error naming
 * its line number and text, so a stray log line on stdout is reported, not silently dropped.
 */
export function parseJsonLines(text: string): unknown[] {
  const values: unknown[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    try {
      values.push(JSON.parse(line));
    } catch {
      throw new Error(`stdout line ${i + 1} is not JSON: ${line.slice(0, 200)}`);
    }
  }
  return values;
}

/** Parses JSON-lines text whose every line must be one JSON object (a result row). */
export function parseJsonRows(text: string): Record<string, unknown>[] {
  return parseJsonLines(text).map((value, i) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new Error(`row ${i + 1} is not a JSON object: ${JSON.stringify(value)}`);
    }
    return value as Record<string, unknown>;
  });
}
