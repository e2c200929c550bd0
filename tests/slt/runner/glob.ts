/**
 * The small glob needed by `include`: `*` and `?` within one path segment, `**` for any number
 * of folders. Matches are returned sorted, so includes run in a stable order.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export function hasGlob(pattern: string): boolean {
  return /[*?[]/.test(pattern);
}

/** Files matching an absolute `pattern`; a pattern without wildcards matches itself if it exists. */
export function globFiles(pattern: string): string[] {
  const absolute = path.resolve(pattern);
  if (!hasGlob(absolute)) return isFile(absolute) ? [absolute] : [];
  const { root } = path.parse(absolute);
  const segments = absolute.slice(root.length).split(path.sep);
  const found = new Set<string>();
  walk(root, segments, found);
  return [...found].sort();
}

function walk(dir: string, segments: readonly string[], found: Set<string>): void {
  if (segments.length === 0) {
    if (isFile(dir)) found.add(dir);
    return;
  }
  const [segment, ...rest] = segments as [string, ...string[]];
  if (segment === '**') {
    walk(dir, rest, found);
    for (const entry of listDir(dir)) if (isDirectory(path.join(dir, entry))) walk(path.join(dir, entry), segments, found);
    return;
  }
  if (!hasGlob(segment)) {
    walk(path.join(dir, segment), rest, found);
    return;
  }
  const matcher = segmentRegExp(segment);
  for (const entry of listDir(dir)) if (matcher.test(entry)) walk(path.join(dir, entry), rest, found);
}

/** A regular expression for one glob segment (`*`, `?`, `[abc]`). */
export function segmentRegExp(segment: string): RegExp {
  let source = '';
  for (const char of segment) {
    if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else if (char === '[' || char === ']') source += char;
    else source += char.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function isDirectory(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}
