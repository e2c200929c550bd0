/**
 * One `sluice -c/-f` run: read the scripts, open an embedded engine on a data directory, run
 * the scripts, wait for the pipelines they started, and shut down cleanly however it ends.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Sluice } from '@sluice/engine';
import type { RunOptions } from './cli-args.js';
import type { CliIo } from './cli-io.js';
import { formatError } from './error-report.js';
import { watchInterrupts, type Interrupts } from './interrupts.js';
import { createResultPrinter, type PrinterChannels } from './result-printer.js';
import { ScriptRunner, type RunOutcome } from './script-runner.js';
import { readScripts, ScriptReadError, type SqlScript } from './sql-scripts.js';

/** How often a run over unbounded sources checks that some pipeline still reads one. */
const UNBOUNDED_CHECK_MS = 250;

/** Exit code after a second interrupt, as a shell reports a process killed by Ctrl-C. */
const EXIT_FORCED = 130;

/**
 * Runs `options` and returns the exit code: 0 when everything ran (or the run was interrupted,
 * or stdout's reader went away), 1 after an error (reported on stderr), 130 when a second
 * interrupt cut the shutdown short. `interrupt` aborting counts as a SIGINT.
 */
export async function runSession(options: RunOptions, io: CliIo, channels: PrinterChannels, interrupt?: AbortSignal): Promise<number> {
  let scripts: SqlScript[];
  try {
    scripts = await readScripts(options.scripts, io.stdin);
  } catch (error) {
    if (!(error instanceof ScriptReadError)) throw error;
    await channels.messages.write(`sluice: ${error.message}\n`);
    return 1;
  }

  const interrupts = watchInterrupts(interrupt);
  channels.data.onBroken(() => interrupts.stop('output-closed'));
  let temporaryDir: string | undefined;
  let engine: Sluice | undefined;
  let code: number;
  try {
    if (options.dataDir === undefined) temporaryDir = await mkdtemp(join(tmpdir(), 'sluice-'));
    engine = await Sluice.open({
      dataDir: options.dataDir ?? temporaryDir,
      ...(options.batchIntervalMs === undefined ? {} : { batchIntervalMs: options.batchIntervalMs }),
      onNotice: (message) => void channels.messages.write(`NOTICE:  ${message}\n`),
    });
    const runner = new ScriptRunner({ engine, printer: createResultPrinter(options.format, channels), messages: channels.messages, interrupts });
    let outcome: RunOutcome = 'ok';
    for (const script of scripts) {
      outcome = await runner.run(script);
      if (outcome !== 'ok') break;
    }
    if (outcome === 'ok') outcome = await waitForPipelines(engine, interrupts, channels, isTty(io.stderr));
    code = outcome === 'failed' ? 1 : 0;
  } catch (error) {
    await channels.messages.write(formatError(error));
    code = 1;
  }

  const shutdown = shutDown(engine, temporaryDir, channels);
  const ended = await Promise.race([shutdown, interrupts.forced.then(() => 'forced' as const)]);
  interrupts.dispose();
  if (ended === 'forced') return EXIT_FORCED;
  if (ended === 'failed' && code === 0) code = 1;
  if (channels.data.failure) {
    await channels.messages.write(`sluice: could not write results: ${channels.data.failure.message}\n`);
    code = 1;
  }
  return code;
}

/**
 * After the last statement: pipelines over bounded input get to finish; while one reads an
 * unbounded source the run lasts until it is stopped.
 */
async function waitForPipelines(engine: Sluice, interrupts: Interrupts, channels: PrinterChannels, tellUser: boolean): Promise<RunOutcome> {
  if (interrupts.signal.aborted) return 'stopped';
  if (engine.hasUnboundedWork()) {
    if (tellUser) await channels.messages.write('sluice: pipelines over unbounded sources are running; press Ctrl-C to stop\n');
    // Until stopped, or until no pipeline reads an unbounded source any more (one failed: its
    // error is reported below). The timer also keeps the process alive: waiting on a signal
    // alone would let Node exit, silently and with code 0, once the pipelines' sockets close.
    const ended = await new Promise<'stopped' | 'ended'>((resolve) => {
      const timer = setInterval(() => {
        if (engine.hasUnboundedWork()) return;
        clearInterval(timer);
        resolve('ended');
      }, UNBOUNDED_CHECK_MS);
      void interrupts.stopped().then(() => {
        clearInterval(timer);
        resolve('stopped');
      });
    });
    if (ended === 'stopped') return 'stopped';
  }
  return Promise.race([engine.whenFinished().then(() => 'ok' as const), interrupts.stopped().then(() => 'stopped' as const)]);
}

/** Closes the engine and removes a temporary data directory; reports a failure to close. */
async function shutDown(engine: Sluice | undefined, temporaryDir: string | undefined, channels: PrinterChannels): Promise<'closed' | 'failed'> {
  let ended: 'closed' | 'failed' = 'closed';
  try {
    await engine?.close();
  } catch (error) {
    await channels.messages.write(formatError(error));
    ended = 'failed';
  }
  if (temporaryDir !== undefined) await rm(temporaryDir, { recursive: true, force: true });
  return ended;
}

function isTty(stream: unknown): boolean {
  return (stream as { isTTY?: boolean }).isTTY === true;
}
