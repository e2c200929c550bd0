/**
 * Session settings changed with `SET name = value` and read with `SHOW name`.
 * Unknown names are accepted and kept (scripts written for other engines set many), but only
 * the ones below change behaviour.
 */
import { EngineError } from '../errors.js';

export interface Settings {
  /** micro-batch interval, ms (`SET batch_interval = '500ms'`) */
  batchIntervalMs: number;
  /** upper bound of rows one source hands to one micro-batch */
  maxRowsPerBatch: number;
  /** run FLUSH after every INSERT, so a following SELECT sees its effect */
  implicitFlush: boolean;
  /** durable pipelines write operator state every this many batches (`SET checkpoint_interval = 10`) */
  checkpointInterval: number;
  /** bytes of state one operator may hold (`SET state_memory_limit = '512MB'`); Infinity: no limit */
  stateMemoryLimitBytes: number;
  /** a table's ingest log is compacted once this many bytes were logged since its last snapshot (`SET ingest_log_compaction_size = '4MB'`) */
  ingestLogCompactionBytes: number;
  readonly other: Map<string, string>;
}

export function defaultSettings(batchIntervalMs = 1000): Settings {
  return {
    batchIntervalMs, maxRowsPerBatch: 100_000, implicitFlush: false, checkpointInterval: 1, stateMemoryLimitBytes: Infinity,
    ingestLogCompactionBytes: 4 * 1024 ** 2, other: new Map(),
  };
}

export function applySetting(settings: Settings, name: string, value: string): void {
  switch (name.toLowerCase()) {
    case 'batch_interval':
      settings.batchIntervalMs = parseDurationMs(value, name);
      return;
    case 'max_rows_per_batch':
      settings.maxRowsPerBatch = parsePositiveInt(value, name);
      return;
    case 'implicit_flush':
    case 'rw_implicit_flush':
      settings.implicitFlush = /^(true|on|1|t|yes)$/i.test(value);
      return;
    case 'checkpoint_interval':
      settings.checkpointInterval = parsePositiveInt(value, name);
      return;
    case 'state_memory_limit':
      settings.stateMemoryLimitBytes = parseBytes(value, name);
      return;
    case 'ingest_log_compaction_size':
      settings.ingestLogCompactionBytes = parseBytes(value, name);
      return;
    default:
      settings.other.set(name.toLowerCase(), value);
  }
}

export function readSetting(settings: Settings, name: string): string | undefined {
  switch (name.toLowerCase()) {
    case 'batch_interval': return `${settings.batchIntervalMs}ms`;
    case 'max_rows_per_batch': return String(settings.maxRowsPerBatch);
    case 'implicit_flush':
    case 'rw_implicit_flush': return settings.implicitFlush ? 'true' : 'false';
    case 'checkpoint_interval': return String(settings.checkpointInterval);
    case 'state_memory_limit': return Number.isFinite(settings.stateMemoryLimitBytes) ? `${settings.stateMemoryLimitBytes}B` : 'unlimited';
    case 'ingest_log_compaction_size': return Number.isFinite(settings.ingestLogCompactionBytes) ? `${settings.ingestLogCompactionBytes}B` : 'unlimited';
    default: return settings.other.get(name.toLowerCase());
  }
}

const UNITS_MS: Record<string, number> = { ms: 1, s: 1000, sec: 1000, second: 1000, seconds: 1000, m: 60_000, min: 60_000, minute: 60_000, minutes: 60_000 };

/** `500`, `'500ms'`, `'1s'`, `'2 seconds'` -> milliseconds. */
export function parseDurationMs(value: string, name: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value);
  const factor = m ? (m[2] ? UNITS_MS[m[2].toLowerCase()] : 1) : undefined;
  if (!m || factor === undefined) {
    throw new EngineError('invalid-setting', `${name} must be a duration such as '500ms' or '1s', not '${value}'`);
  }
  return Number(m[1]) * factor;
}

const UNITS_BYTES: Record<string, number> = { b: 1, kb: 1024, k: 1024, mb: 1024 ** 2, m: 1024 ** 2, gb: 1024 ** 3, g: 1024 ** 3, tb: 1024 ** 4 };

/** `'512MB'`, `'2 GB'`, `1048576`, `'unlimited'` -> bytes (binary units, as PostgreSQL's memory settings). */
export function parseBytes(value: string, name: string): number {
  if (/^\s*(unlimited|none|off|-1|0)\s*$/i.test(value)) return Infinity;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value);
  const factor = m ? (m[2] ? UNITS_BYTES[m[2].toLowerCase()] : 1) : undefined;
  if (!m || factor === undefined) {
    throw new EngineError('invalid-setting', `${name} must be a size such as '512MB' or '2GB', not '${value}'`);
  }
  return Number(m[1]) * factor;
}

function parsePositiveInt(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new EngineError('invalid-setting', `${name} must be a positive integer, not '${value}'`);
  return n;
}
