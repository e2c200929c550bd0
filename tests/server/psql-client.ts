/**
 * Runs Debian's `psql` against a test server without blocking the event loop (the server runs
 * in the test's own process): `-X` (no ~/.psqlrc), user `tester`, database `sluice`.
 */
import { spawn } from 'node:child_process';

/** psql's output and exit status. */
export interface PsqlRun {
  readonly stdout: string;
  readonly stderr: string;
  readonly status: number | null;
}

/** Runs psql with `args` (and `input` on stdin) to completion; killed after 20 s. */
export function psql(port: number, args: string[], input?: string, env: Record<string, string> = {}): Promise<PsqlRun> {
  const child = spawn('psql', ['-X', '-h', '127.0.0.1', '-p', String(port), '-U', 'tester', '-d', 'sluice', ...args], {
    env: { ...process.env, PGCONNECT_TIMEOUT: '5', PGPASSWORD: '', ...env }, stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdin.end(input ?? '');
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  return new Promise((resolve) => child.on('close', (status) => {
    clearTimeout(timer);
    resolve({ stdout, stderr, status });
  }));
}
