import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sluiceBin } from './repo-paths.js';

/** Options shared by runSluice and startSluice. */
export interface SluiceProcessOptions {
  /**
   * Working directory. Default: a fresh temporary folder, removed after the run, so that
   * concurrent runs never share a data directory. Pass absolute paths in args.
   */
  readonly cwd?: string;
  /** Extra environment variables (added to this process's environment). */
  readonly env?: Readonly<Record<string, string>>;
  /** Script to run instead of the `sluice` command (the helpers' own tests use a stand-in). */
  readonly entry?: string;
}

/** A working directory for one process, and how to clean it up. */
export async function workingDirectory(options: SluiceProcessOptions): Promise<{ cwd: string; cleanup: () => Promise<void> }> {
  if (options.cwd) return { cwd: options.cwd, cleanup: async () => {} };
  const cwd = await mkdtemp(path.join(os.tmpdir(), 'sluice-run-'));
  return { cwd, cleanup: () => rm(cwd, { recursive: true, force: true }) };
}

/** Spawns `node <sluice bin> <args>` with piped stdio. */
export function spawnSluice(args: readonly string[], options: SluiceProcessOptions, cwd: string): ChildProcess {
  return spawn(process.execPath, [options.entry ?? sluiceBin, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

