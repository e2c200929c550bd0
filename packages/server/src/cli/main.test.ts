import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { OutputChannel } from './cli-io.js';
import { main } from './main.js';

function collector(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString('utf8'));
      callback();
    },
  });
  return { stream, text: () => chunks.join('') };
}

async function run(args: string[], stdinIsTty = false) {
  const out = collector();
  const err = collector();
  const stdin = Object.assign(new PassThrough(), { isTTY: stdinIsTty });
  stdin.end();
  const code = await main(args, { stdout: out.stream, stderr: err.stream, stdin });
  return { code, stdout: out.text(), stderr: err.text() };
}

describe('main', () => {
  it('prints help on stdout and exits 0', async () => {
    const { code, stdout, stderr } = await run(['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^sluice: SQL over streams\.\n\nUsage:\n/);
    expect(stdout).toContain('--format FORMAT');
    expect(stderr).toBe('');
  });

  it('prints the version', async () => {
    const { code, stdout } = await run(['--version']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^sluice \d+\.\d+\.\d+\n$/);
  });

  it('exits 2 on a usage error, saying what was wrong', async () => {
    const { code, stdout, stderr } = await run(['--format', 'xml', '-c', 'SELECT 1']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe("sluice: unknown format 'xml' (expected table, jsonl, csv)\nTry 'sluice --help' for more information.\n");
  });

  it('without statements: the prompt at a terminal or with -h/-p, else usage and exit 2', async () => {
    const piped = await run([]);
    expect(piped.code).toBe(2);
    expect(piped.stdout).toBe('');
    expect(piped.stderr).toContain('Usage:');
    // -p names a server: the prompt starts and, with nobody listening and no terminal to ask, exits 2
    const noServer = await run(['-h', '127.0.0.1', '-p', '1']);
    expect(noServer.code).toBe(2);
    expect(noServer.stderr).toMatch(/^sluice: could not connect to the server at 127\.0\.0\.1:1: /);
  });

  it('exits 1 for a file that cannot be read, before running anything', async () => {
    const { code, stderr } = await run(['-c', 'FLUSH', '-f', '/nonexistent/q.sql']);
    expect(code).toBe(1);
    expect(stderr).toBe('sluice: /nonexistent/q.sql: No such file or directory\n');
  });

  it('exits 1 with a psql-style report for SQL that does not parse, naming the file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sluice-cli-test-'));
    try {
      const file = join(dir, 'q.sql');
      await writeFile(file, '-- two statements\nSELECT 1 +;\n');
      const { code, stdout, stderr } = await run(['-f', file, '--format', 'jsonl', '--data-dir', join(dir, 'data')]);
      expect(code).toBe(1);
      expect(stdout).toBe('');
      const lines = stderr.split('\n');
      expect(lines[0]).toMatch(new RegExp(`^sluice:${file}:2: ERROR:  syntax error`));
      expect(lines.slice(1)).toEqual(['LINE 2: SELECT 1 +;', '                  ^', 'CODE:  syntax-error', '']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('OutputChannel', () => {
  it('goes quiet after EPIPE and tells its listeners once', async () => {
    let writes = 0;
    const stream = new Writable({
      write(_chunk, _encoding, callback) {
        writes++;
        callback(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
      },
    });
    const channel = new OutputChannel(stream);
    let told = 0;
    channel.onBroken(() => told++);
    await channel.write('a\n');
    await new Promise((resolve) => setImmediate(resolve));
    await channel.write('b\n');
    expect(channel.broken).toBe(true);
    expect(channel.failure).toBeUndefined();
    expect(told).toBe(1);
    expect(writes).toBe(1);
  });
});
