/**
 * Command-line arguments of `sluice`, parsed with node:util `parseArgs`. `-c` and `-f` may
 * repeat and mix; their order is kept because statements run in the order given (psql does
 * the same).
 */
import { parseArgs } from 'node:util';

/** How results are printed: psql-like aligned tables, JSON lines, or CSV. */
export type OutputFormat = 'table' | 'jsonl' | 'csv';

/** The output formats, in the order the usage text lists them. */
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'jsonl', 'csv'];

/** One `-c` or `-f` argument. A file named `-` means standard input. */
export type ScriptArg =
  | { readonly kind: 'command'; readonly sql: string }
  | { readonly kind: 'file'; readonly path: string };

/** What to run and how. */
export interface RunOptions {
  readonly scripts: readonly ScriptArg[];
  readonly format: OutputFormat;
  /** omitted: a fresh temporary directory, removed at exit */
  readonly dataDir?: string;
  readonly batchIntervalMs?: number;
  /** `-h HOST` / `-p PORT`: talk to a server instead (the REPL); absent: the defaults */
  readonly host?: string;
  readonly port?: number;
  /** `--token`; SLUICE_TOKEN otherwise */
  readonly token?: string;
}

/**
 * The parsed command line: run statements, print help or the version, or a usage error
 * (whose message says what was wrong, without the usage text).
 */
export type CliCommand =
  | { readonly kind: 'run'; readonly options: RunOptions }
  | { readonly kind: 'help' }
  | { readonly kind: 'version' }
  | { readonly kind: 'usage-error'; readonly message: string };

const OPTIONS = {
  command: { type: 'string', short: 'c', multiple: true },
  file: { type: 'string', short: 'f', multiple: true },
  format: { type: 'string' },
  'data-dir': { type: 'string' },
  'batch-interval': { type: 'string' },
  // as in psql, -h and -p name the server; help is -? (and --help)
  host: { type: 'string', short: 'h' },
  port: { type: 'string', short: 'p' },
  token: { type: 'string' },
  help: { type: 'boolean', short: '?' },
  version: { type: 'boolean', short: 'V' },
} as const;

/**
 * Parses `args` (without the node and script paths). Never throws: a bad command line comes
 * back as `usage-error`. `--help` and `--version` win over everything else, as usual.
 */
export function parseCliArgs(args: readonly string[]): CliCommand {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options: OPTIONS, allowPositionals: true, strict: true, tokens: true });
  } catch (error) {
    return { kind: 'usage-error', message: error instanceof Error ? error.message : String(error) };
  }
  const { values, positionals, tokens } = parsed;
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  if (positionals.length > 0) {
    return { kind: 'usage-error', message: `unexpected argument '${positionals[0]}' (SQL goes after -c, files after -f)` };
  }

  const scripts: ScriptArg[] = [];
  for (const token of tokens) {
    if (token.kind !== 'option' || token.value === undefined) continue;
    if (token.name === 'command') scripts.push({ kind: 'command', sql: token.value });
    if (token.name === 'file') scripts.push({ kind: 'file', path: token.value });
  }

  const format = values.format ?? 'table';
  if (!isOutputFormat(format)) {
    return { kind: 'usage-error', message: `unknown format '${format}' (expected ${OUTPUT_FORMATS.join(', ')})` };
  }

  let batchIntervalMs: number | undefined;
  const interval = values['batch-interval'];
  if (interval !== undefined) {
    batchIntervalMs = Number(interval);
    if (!/^\d+$/.test(interval.trim()) || batchIntervalMs <= 0) {
      return { kind: 'usage-error', message: `--batch-interval takes a positive whole number of milliseconds, not '${interval}'` };
    }
  }

  const dataDir = values['data-dir'];
  if (dataDir === '') return { kind: 'usage-error', message: '--data-dir needs a directory' };
  let port: number | undefined;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!/^\d+$/.test(values.port.trim()) || port < 1 || port > 65535) return { kind: 'usage-error', message: `-p takes a port number, not '${values.port}'` };
  }
  if (values.host === '') return { kind: 'usage-error', message: '-h needs a host name' };
  if ((values.host !== undefined || port !== undefined) && scripts.length > 0) {
    return { kind: 'usage-error', message: '-c and -f run in an embedded engine; to run a file on a server, use \\i FILE in the prompt' };
  }
  return {
    kind: 'run',
    options: {
      scripts, format,
      ...(dataDir === undefined ? {} : { dataDir }),
      ...(batchIntervalMs === undefined ? {} : { batchIntervalMs }),
      ...(values.host === undefined ? {} : { host: values.host }),
      ...(port === undefined ? {} : { port }),
      ...(values.token === undefined ? {} : { token: values.token }),
    },
  };
}

function isOutputFormat(text: string): text is OutputFormat {
  return (OUTPUT_FORMATS as readonly string[]).includes(text);
}
