/**
 * `sluice`: the command line. `main` is the whole program behind a function so tests can run
 * it with their own streams; bin/sluice.js only calls it and exits with its code.
 */
import { OutputChannel, type CliIo } from './cli-io.js';
import { parseCliArgs } from './cli-args.js';
import type { PrinterChannels } from './result-printer.js';
import { runSession } from './run-session.js';
import { startRepl } from '../repl/repl-start.js';
import { parseServeArgs, serveUsageText } from './serve-args.js';
import { runServe } from './serve-command.js';
import { cliVersion, usageText } from './usage.js';

/** Streams for `main` (each defaults to the process's) and an extra way to interrupt a run. */
export interface MainIo extends Partial<CliIo> {
  /** aborting it acts as SIGINT; a second abort is not possible, so it cannot force an exit */
  readonly interrupt?: AbortSignal;
}

/**
 * Runs the `sluice` command with `args` (without node and script paths) and resolves to the
 * exit code: 0 success, 1 a statement or I/O error (reported on stderr), 2 a usage error, 130
 * a second interrupt. Writes only through `io`; never calls `process.exit`.
 */
export async function main(args: readonly string[], io: MainIo = {}): Promise<number> {
  const streams: CliIo = { stdout: io.stdout ?? process.stdout, stderr: io.stderr ?? process.stderr, stdin: io.stdin ?? process.stdin };
  const channels: PrinterChannels = { data: new OutputChannel(streams.stdout), messages: new OutputChannel(streams.stderr) };
  if (args[0] === 'serve') return serve(args.slice(1), channels, io.interrupt);
  const command = parseCliArgs(args);
  switch (command.kind) {
    case 'help':
      await channels.data.write(usageText());
      return 0;
    case 'version':
      await channels.data.write(`sluice ${cliVersion()}\n`);
      return 0;
    case 'usage-error':
      await channels.messages.write(`sluice: ${command.message}\nTry 'sluice --help' for more information.\n`);
      return 2;
    case 'run':
      if (command.options.scripts.length === 0) {
        // the prompt when a person is typing, or when a server was named (-h/-p: lines from stdin)
        const named = command.options.host !== undefined || command.options.port !== undefined;
        if (streams.stdin.isTTY || named) return startRepl(command.options, streams);
        await channels.messages.write(usageText());
        return 2;
      }
      return runSession(command.options, streams, channels, io.interrupt);
    default:
      return command satisfies never;
  }
}

/** `sluice serve ...` */
async function serve(args: readonly string[], channels: PrinterChannels, interrupt?: AbortSignal): Promise<number> {
  const command = parseServeArgs(args);
  switch (command.kind) {
    case 'help':
      await channels.data.write(serveUsageText());
      return 0;
    case 'usage-error':
      await channels.messages.write(`sluice serve: ${command.message}\nTry 'sluice serve --help' for more information.\n`);
      return 2;
    case 'serve':
      return runServe(command.options, channels, interrupt);
    default:
      return command satisfies never;
  }
}
