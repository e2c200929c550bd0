/**
 * The usage text and the version `sluice --version` prints.
 */
import { readFileSync } from 'node:fs';
import { OUTPUT_FORMATS } from './cli-args.js';

/** The usage text, ending with a newline. */
export function usageText(): string {
  return `sluice: SQL over streams.

Usage:
  sluice [OPTION]... -c SQL
  sluice [OPTION]... -f FILE
  sluice [-h HOST] [-p PORT]     the interactive prompt, connected to a server
  sluice serve [OPTION]...       run the server (sluice serve --help)

Options:
  -c, --command SQL        run the statements in SQL (may repeat)
  -f, --file FILE          run the statements in FILE, '-' for standard input (may repeat)
      --format FORMAT      print results as ${OUTPUT_FORMATS.join(', ')} (default: table)
      --data-dir DIR       keep state in DIR (default: a temporary directory, removed at exit)
      --batch-interval MS  micro-batch interval in milliseconds
  -h, --host HOST          server to connect the prompt to (default: 127.0.0.1)
  -p, --port PORT          the server's HTTP port (default: 8080)
      --token TOKEN        the server's token (default: $SLUICE_TOKEN)
  -?, --help               show this help and exit
  -V, --version            print the version and exit

-c and -f run in the order given; an error stops the run. A continuous query prints its changes
as they come. After the last statement, sluice waits for running pipelines over bounded input
to finish, and runs until interrupted (Ctrl-C) while any pipeline reads an unbounded source.
In jsonl and csv formats, standard output carries only rows; everything else goes to stderr.
With no -c or -f at a terminal, sluice starts the prompt (\\? lists its commands); when no server
answers it offers to run an embedded engine on --data-dir (default ./sluice-data).
`;
}

/**
 * The version of @sluice/server. The package.json sits two levels above this file both in
 * src/cli and in dist/cli, so one relative path serves the sources and the build.
 */
export function cliVersion(): string {
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  const version: unknown = (JSON.parse(text) as { version?: unknown }).version;
  return typeof version === 'string' ? version : 'unknown';
}
