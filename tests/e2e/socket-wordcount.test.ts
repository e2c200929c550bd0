// A socket source, like Spark's socketTextStream: Sluice connects to a TCP server as a client and
// reads one row per text line. The word counts it pushes as changes must follow what is written,
// and SIGINT must end the otherwise endless run with exit code 0.
import net from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChangelogTable, asChange } from '../helpers/changelog.js';
import { materializedViewSql, socketSourceSql, writeJobFile } from '../helpers/job-sql.js';
import { rowsDifference, type NormalRow } from '../helpers/normalize-rows.js';
import { startSluice, type RunningSluice } from '../helpers/start-sluice.js';

const CONNECT_TIMEOUT_MS = 15_000;
const CHANGE_TIMEOUT_MS = 15_000;
const WORD_COUNT = `
  SELECT word, count(*) AS n
  FROM (SELECT unnest(string_to_array(line, ' ')) AS word FROM lines) t
  GROUP BY word`;

/** A TCP server on an ephemeral port that remembers the first client to connect. */
class LineServer {
  private clientSocket: net.Socket | undefined;
  private readonly connected: Promise<net.Socket>;
  readonly server: net.Server;

  constructor() {
    let onClient!: (socket: net.Socket) => void;
    this.connected = new Promise((resolve) => { onClient = resolve; });
    this.server = net.createServer((socket) => {
      socket.on('error', () => {}); // the client goes away when sluice stops
      if (!this.clientSocket) {
        this.clientSocket = socket;
        onClient(socket);
      }
    });
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as net.AddressInfo).port;
  }

  async client(timeoutMs: number): Promise<net.Socket> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`sluice did not connect within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      return await Promise.race([this.connected, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    this.clientSocket?.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

describe('socket source word count', () => {
  let dir: string;
  let server: LineServer;
  let sluice: RunningSluice | undefined;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'sluice-e2e-socket-'));
    server = new LineServer();
  });

  afterEach(async () => {
    await sluice?.stop(2_000);
    sluice = undefined;
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  const forms = [
    ['SUBSCRIBE to a materialized view', (port: number) => [
      socketSourceSql('lines', '127.0.0.1', port),
      materializedViewSql('word_counts', WORD_COUNT),
      'SUBSCRIBE word_counts;',
    ]],
    ['a continuous SELECT over the source', (port: number) => [
      socketSourceSql('lines', '127.0.0.1', port),
      `${WORD_COUNT.trim()};`,
    ]],
  ] as const;

  it.each(forms)('%s follows the lines written, then exits 0 on SIGINT', async (_form, statements) => {
    const port = await server.listen();
    const job = await writeJobFile(dir, 'socket.sql', statements(port));
    sluice = await startSluice(['-f', job, '--format', 'jsonl']);
    const running = sluice;
    const context = (): string => `\n--- stdout so far ---\n${running.lines.seen.join('\n')}\n--- stderr ---\n${running.stderr()}`;

    const exitedEarly = running.exited.then((status) => {
      throw new Error(`sluice exited (${JSON.stringify(status)}) before connecting`);
    });
    exitedEarly.catch(() => {}); // an exit after connecting shows up as the end of stdout
    const client = await Promise.race([server.client(CONNECT_TIMEOUT_MS), exitedEarly]).catch((err: Error) => {
      throw new Error(err.message + context());
    });
    const table = new ChangelogTable();
    const reachState = async (expected: NormalRow[]): Promise<void> => {
      await running.lines.readUntil(
        (line) => table.apply(asChange(JSON.parse(line))),
        () => rowsDifference(table.snapshot(), expected) === '',
        CHANGE_TIMEOUT_MS,
      ).catch((err: Error) => {
        throw new Error(`${err.message}; expected ${JSON.stringify(expected)}, have ${JSON.stringify(table.snapshot())}${context()}`);
      });
    };

    client.write('a b a\n');
    await reachState([{ word: 'a', n: 2 }, { word: 'b', n: 1 }]);
    client.write('b c\n');
    await reachState([{ word: 'a', n: 2 }, { word: 'b', n: 2 }, { word: 'c', n: 1 }]);

    const status = await running.stop(10_000);
    sluice = undefined;
    expect(status, context()).toEqual({ code: 0, signal: null, killed: false });
  }, 60_000);
});
