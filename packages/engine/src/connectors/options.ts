/**
 * Reading and checking connector options. Every check failure is
 * EngineError('invalid-option') with a message that names the option, so the user sees which
 * `WITH (...)` entry to fix.
 */
import type { Options } from '@sluice/sql';
import { EngineError } from '../errors.js';
import { parseDurationMs } from '../formats/interval-text.js';

/** What a source does with a bad input row (`on_error`). */
export type OnError = 'skip' | 'fail' | 'dead_letter';

/** The invalid-option error for `name`. */
export function invalidOption(name: string, message: string, hint?: string): EngineError {
  return new EngineError('invalid-option', `option '${name}': ${message}`, 'user', hint === undefined ? {} : { hint });
}

/**
 * An option from `FORMAT ... ENCODE ... (...)` or, when absent there, from `WITH (...)`: format
 * settings such as `delimiter` may be written in either place.
 */
export function formatOrWithOption(ctx: { options: Options; format: { options: Options } }, name: string): string | undefined {
  return ctx.format.options[name] ?? ctx.options[name];
}

/** Both option sets merged, FORMAT options winning. */
export function mergedOptions(ctx: { options: Options; format: { options: Options } }): Options {
  return { ...ctx.options, ...ctx.format.options };
}

/** A required, non-empty option. */
export function requireOption(options: Options, name: string, hint?: string): string {
  const value = options[name];
  if (value === undefined || value.trim() === '') throw invalidOption(name, 'is required', hint);
  return value;
}

/** `on_error`: 'skip' (default), 'fail' or 'dead_letter'. */
export function readOnError(options: Options): OnError {
  const value = (options['on_error'] ?? 'skip').toLowerCase();
  if (value !== 'skip' && value !== 'fail' && value !== 'dead_letter') {
    throw invalidOption('on_error', `must be 'skip', 'fail' or 'dead_letter', got '${options['on_error']}'`);
  }
  return value;
}

/** An integer option within [min, max], or `fallback` when absent. */
export function readInteger(options: Options, name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const raw = options[name];
  if (raw === undefined) return fallback;
  const n = Number(raw.trim());
  if (raw.trim() === '' || !Number.isInteger(n) || n < min || n > max) {
    throw invalidOption(name, `must be an integer from ${min} to ${max}, got '${raw}'`);
  }
  return n;
}

/** A finite number option, or `fallback` when absent. */
export function readNumber(options: Options, name: string, fallback: number, min = -Infinity): number {
  const raw = options[name];
  if (raw === undefined) return fallback;
  const n = Number(raw.trim());
  if (raw.trim() === '' || !Number.isFinite(n) || n < min) throw invalidOption(name, `must be a number${min > -Infinity ? ` >= ${min}` : ''}, got '${raw}'`);
  return n;
}

/** A duration option such as `5s` or `250ms` in milliseconds, or `fallback` when absent. */
export function readDurationMs(options: Options, name: string, fallback: number): number {
  const raw = options[name];
  if (raw === undefined) return fallback;
  const ms = parseDurationMs(raw);
  if (ms === null || ms < 0) throw invalidOption(name, `must be a duration such as '5s' or '250ms', got '${raw}'`);
  return ms;
}

/** A 'true'/'false' option, or `fallback` when absent. */
export function readBoolean(options: Options, name: string, fallback: boolean): boolean {
  const raw = options[name];
  if (raw === undefined) return fallback;
  const v = raw.trim().toLowerCase();
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw invalidOption(name, `must be 'true' or 'false', got '${raw}'`);
}
