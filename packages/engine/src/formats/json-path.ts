/**
 * Nested JSON members mapped to columns: `fields.<column>.path = '$.a.b[0].c'` in the source's
 * WITH (or FORMAT) options takes the column's value from that path instead of the top-level
 * member named like the column. Paths are the JSONPath subset `$`, `.name`, `['name']` and
 * `[index]`; a path that leads nowhere gives NULL, like a missing member.
 */
import type { Options, Schema } from '@sluice/sql';
import { EngineError } from '../errors.js';

/** One step of a path: a member name or an array index. */
export type PathStep = string | number;

/** The parsed steps of `path`; throws EngineError('invalid-option') naming `option` when malformed. */
export function parseJsonPath(path: string, option: string): PathStep[] {
  const steps: PathStep[] = [];
  const text = path.trim();
  if (!text.startsWith('$')) throw badPath(option, path, "it must start with '$'");
  let i = 1;
  while (i < text.length) {
    if (text[i] === '.') {
      const m = /^[^.[\]]+/.exec(text.slice(i + 1));
      if (!m) throw badPath(option, path, `a member name is missing after '.' at ${i + 1}`);
      steps.push(m[0]);
      i += 1 + m[0].length;
    } else if (text[i] === '[') {
      const m = /^\[(?:(\d+)|'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")\]/.exec(text.slice(i));
      if (!m) throw badPath(option, path, `expected [index] or ['name'] at ${i + 1}`);
      steps.push(m[1] !== undefined ? Number(m[1]) : (m[2] ?? m[3])!.replace(/\\(.)/g, '$1'));
      i += m[0].length;
    } else {
      throw badPath(option, path, `unexpected '${text[i]}' at ${i + 1}`);
    }
  }
  return steps;
}

/** The value at `steps` inside `root`, or undefined when the path leads nowhere. */
export function valueAtPath(root: unknown, steps: readonly PathStep[]): unknown {
  let v = root;
  for (const step of steps) {
    if (v === null || typeof v !== 'object') return undefined;
    v = typeof step === 'number' ? (Array.isArray(v) ? v[step] : undefined) : (v as Record<string, unknown>)[step];
  }
  return v;
}

/** Per column of `schema`, its path from `fields.<col>.path` (null: the top-level member). */
export function columnPaths(schema: Schema, options: Options): (PathStep[] | null)[] {
  const paths = schema.fields.map((): PathStep[] | null => null);
  for (const key of Object.keys(options)) {
    const m = /^fields\.(.+)\.path$/.exec(key);
    if (!m) continue;
    const index = schema.fields.findIndex((f) => f.name === m[1]!.toLowerCase());
    if (index < 0) {
      throw new EngineError('invalid-option', `option '${key}': "${m[1]}" is not a column (${schema.fields.map((f) => f.name).join(', ')})`, 'user');
    }
    paths[index] = parseJsonPath(options[key]!, key);
  }
  return paths;
}

function badPath(option: string, path: string, why: string): EngineError {
  return new EngineError('invalid-option', `option '${option}': '${path}' is not a JSON path: ${why}`, 'user', {
    hint: "write paths like '$.user.address.city' or '$.items[0].id'",
  });
}
