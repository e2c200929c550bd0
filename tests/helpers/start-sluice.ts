import type { ChildProcess } from 'node:child_process';
import { LineReader } from './line-reader.js';
import { spawnSluice, workingDirectory, type SluiceProcessOptions } from './sluice-process.js';

/** How a long-running process ended. */
export interface ExitStatus {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** True when stop() had to fall back to SIGKILL. */
  readonly killed: boolean;
}

/** A `sluice` process left running (see startSluice). */
export interface RunningSluice {
  readonly child: ChildProcess;
  /** Lines of stdout, handed out one at a time. */
  readonly lines: LineReader;
  /** Everything written to stderr so far. */
  stderr(): string;
  /** Settles when the process has exited. */
  readonly exited: Promise<ExitStatus>;
  /** Sends SIGINT and waits for the exit; SIGKILL after timeoutMs (default 10,000). */
  stop(timeoutMs?: number): Promise<ExitStatus>;
}

/** Starts `sluice <args>` and leaves it running, e.g. over an unbounded source. */
export async function startSluice(args: readonly string[], options: SluiceProcessOptions = {}): Promise<RunningSluice> {
  const { cwd, cleanup } = await workingDirectory(options);
  const child = spawnSluice(args, options, cwd);
  const lines = new LineReader(child.stdout!);
  let stderr = '';
  let killed = false;
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
  child.stdin!.on('error', () => {});
  const exited = new Promise<ExitStatus>((resolve) => {
    child.on('error', (err) => {
      stderr += `\n[spawn error] ${err.message}`;
      resolve({ code: null, signal: null, killed });
    });
    child.on('close', (code, signal) => resolve({ code, signal, killed }));
  }).then(async (status) => {
    await cleanup();
    return status;
  });
  const stop = async (timeoutMs = 10_000): Promise<ExitStatus> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    try {
      const status = await exited;
      return { ...status, killed };
    } finally {
      clearTimeout(timer);
    }
  };
  return { child, lines, stderr: () => stderr, exited, stop };
}
