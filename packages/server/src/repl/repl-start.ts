/**
 * `sluice` with no statements to run: connect the REPL to a server (`-h HOST -p PORT`, by
 * default 127.0.0.1:8080). When no server answers and the session is interactive, offer to
 * run an embedded engine on a local data directory instead: the same server, started in this
 * process on a loopback port, so the REPL behaves the same either way.
 */
import { createInterface } from 'node:readline/promises';
import type { RunOptions } from '../cli/cli-args.js';
import type { CliIo } from '../cli/cli-io.js';
import { cliVersion } from '../cli/usage.js';
import { startServer, type SluiceServer } from '../server/sluice-server.js';
import { serverOptions } from '../server/server-options.js';
import { QueryClient } from './query-client.js';
import { runRepl } from './repl.js';

/** The data directory of an embedded engine when `--data-dir` is not given. */
const EMBEDDED_DATA_DIR = './sluice-data';

/** Runs the REPL; resolves to the exit code (2 when no server could be reached). */
export async function startRepl(options: RunOptions, io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 8080;
  const token = options.token ?? env.SLUICE_TOKEN;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let embedded: SluiceServer | undefined;
  let client: QueryClient;
  let where = `server ${host}:${port}`;
  try {
    client = await QueryClient.connect(url, token);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    io.stderr.write(`sluice: could not connect to the server at ${host}:${port}: ${reason}\n`);
    const dataDir = options.dataDir ?? EMBEDDED_DATA_DIR;
    if (!io.stdin.isTTY || !(await confirm(io, `Run an embedded engine on ${dataDir} instead? [Y/n] `))) return 2;
    embedded = await startServer(serverOptions({
      dataDir, host: '127.0.0.1', httpPort: 0, pgPort: null,
      ...(options.batchIntervalMs === undefined ? {} : { batchIntervalMs: options.batchIntervalMs }),
      log: (line) => void io.stderr.write(`${line}\n`),
    }));
    client = await QueryClient.connect(embedded.url);
    where = `embedded engine, data directory ${dataDir}`;
  }
  try {
    return await runRepl(client, { input: io.stdin, output: io.stdout, errors: io.stderr }, `sluice ${cliVersion()} (${where})\nType \\? for help.\n\n`);
  } finally {
    client.close();
    await embedded?.close();
  }
}

async function confirm(io: CliIo, question: string): Promise<boolean> {
  const rl = createInterface({ input: io.stdin, output: io.stderr, terminal: true });
  try {
    const answer = await rl.question(question);
    return /^\s*(y|yes)?\s*$/i.test(answer);
  } finally {
    rl.close();
  }
}
