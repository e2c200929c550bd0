import { spawnSluice, workingDirectory, type SluiceProcessOptions } from './sluice-process.js';

/** Options of runSluice. */
export interface RunSluiceOptions extends SluiceProcessOptions {
  /** Kill the process (SIGKILL) after this many ms (default 60,000). */
  readonly timeoutMs?: number;
  /** Text written to stdin, which is then closed (default: stdin closed at once). */
  readonly stdin?: string;
}

/** How a finished run went. */
export interface SluiceResult {
  /** Exit code, or null when the process was ended by a signal. */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** True when the run hit timeoutMs and was killed. */
  readonly timedOut: boolean;
  readonly durationMs: number;
}

/** A one-paragraph account of a run, for assertion messages. */
export function describeRun(result: SluiceResult): string {
  const clip = (text: string): string => (text.length > 4000 ? `${text.slice(0, 4000)}\n... (${text.length} chars)` : text);
  return [
    `exit code ${result.code}${result.signal ? `, signal ${result.signal}` : ''}` +
      `${result.timedOut ? ', TIMED OUT' : ''} after ${result.durationMs} ms`,
    `--- stderr ---\n${clip(result.stderr)}`,
    `--- stdout ---\n${clip(result.stdout)}`,
  ].join('\n');
}

/** Runs `sluice <args>` to completion (or timeout) and collects its output and exit status. */
export async function runSluice(args: readonly string[], options: RunSluiceOptions = {}): Promise<SluiceResult> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const { cwd, cleanup } = await workingDirectory(options);
  const startedMs = Date.now();
  const child = spawnSluice(args, options, cwd);
  let stdout = '';
  let stderr = '';
  let timedOut = false;
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk; });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
  child.stdin!.on('error', () => {}); // the process may exit before reading its stdin
  child.stdin!.end(options.stdin ?? '');
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, timeoutMs);
  try {
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (c, s) => resolve([c, s]));
    });
    return { code, signal, stdout, stderr, timedOut, durationMs: Date.now() - startedMs };
  } finally {
    clearTimeout(timer);
    await cleanup();
  }
}

