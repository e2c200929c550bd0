/**
 * Command-line arguments shared by `slt/run.ts` and `slt/conformance.ts`. Relative paths are
 * resolved against the folder the user ran npm from (`INIT_CWD`), not `tests/`.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';

export interface SltArgs {
  readonly paths: string[];
  readonly skipList: string | null;
  readonly verbose: boolean;
  readonly recordTimeoutMs: number;
  /** false with --no-column-check: a query's type letters need not match its column count */
  readonly checkColumnCount: boolean;
  /** conformance only: where to write the page */
  readonly output: string | null;
  readonly help: boolean;
}

export function userCwd(): string {
  return process.env['INIT_CWD'] ?? process.cwd();
}

export function parseSltArgs(argv: readonly string[]): SltArgs {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      'skip-list': { type: 'string' },
      verbose: { type: 'boolean', short: 'v', default: false },
      timeout: { type: 'string' },
      output: { type: 'string', short: 'o' },
      'no-column-check': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const base = userCwd();
  const timeout = values.timeout === undefined ? 10_000 : Number(values.timeout);
  if (!Number.isFinite(timeout) || timeout <= 0) throw new Error(`--timeout needs a number of milliseconds, got '${values.timeout}'`);
  return {
    paths: positionals.map((p) => path.resolve(base, p)),
    skipList: values['skip-list'] === undefined ? null : path.resolve(base, values['skip-list']),
    verbose: values.verbose,
    recordTimeoutMs: timeout,
    checkColumnCount: !values['no-column-check'],
    output: values.output === undefined ? null : path.resolve(base, values.output),
    help: values.help,
  };
}
