/**
 * The SQL texts a run executes, read from `-c` arguments and `-f` files in command-line order.
 * Files are read before anything runs, so a mistyped path fails the run before it has side
 * effects.
 */
import { readFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { ScriptArg } from './cli-args.js';

/** One SQL text and where it came from (for error reports). */
export interface SqlScript {
  /** `-c` for a command, else the path as given (`-` for standard input) */
  readonly name: string;
  readonly text: string;
  /** true for `-f`: error reports then name the file and line, as psql does */
  readonly file: boolean;
}

/** A script that could not be read; `message` is ready to print after `sluice: `. */
export class ScriptReadError extends Error {
  override readonly name = 'ScriptReadError';
}

/** Reads every script. Throws `ScriptReadError` for a file that cannot be read. */
export async function readScripts(args: readonly ScriptArg[], stdin: Readable): Promise<SqlScript[]> {
  const scripts: SqlScript[] = [];
  for (const arg of args) {
    if (arg.kind === 'command') {
      scripts.push({ name: '-c', text: arg.sql, file: false });
      continue;
    }
    try {
      const text = arg.path === '-' ? await readAll(stdin) : await readFile(arg.path, 'utf8');
      scripts.push({ name: arg.path, text, file: true });
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'No such file or directory' : (error as Error).message;
      throw new ScriptReadError(`${arg.path}: ${reason}`, { cause: error });
    }
  }
  return scripts;
}

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
