import { describe, expect, it } from 'vitest';
import { parseCliArgs } from './cli-args.js';

describe('parseCliArgs', () => {
  it('keeps -c and -f in the order given, with their long spellings', () => {
    const command = parseCliArgs(['-f', 'a.sql', '-c', 'SELECT 1', '--file=b.sql', '--command', 'FLUSH']);
    expect(command).toEqual({
      kind: 'run',
      options: {
        format: 'table',
        scripts: [
          { kind: 'file', path: 'a.sql' },
          { kind: 'command', sql: 'SELECT 1' },
          { kind: 'file', path: 'b.sql' },
          { kind: 'command', sql: 'FLUSH' },
        ],
      },
    });
  });

  it('reads --format, --data-dir and --batch-interval', () => {
    const command = parseCliArgs(['-c', 'SELECT 1', '--format', 'jsonl', '--data-dir', '/tmp/d', '--batch-interval', '250']);
    expect(command).toEqual({
      kind: 'run',
      options: { scripts: [{ kind: 'command', sql: 'SELECT 1' }], format: 'jsonl', dataDir: '/tmp/d', batchIntervalMs: 250 },
    });
  });

  it('runs nothing when given nothing', () => {
    expect(parseCliArgs([])).toEqual({ kind: 'run', options: { scripts: [], format: 'table' } });
  });

  it('lets --help and --version win', () => {
    expect(parseCliArgs(['-c', 'SELECT 1', '-?'])).toEqual({ kind: 'help' });
    expect(parseCliArgs(['--help', '--format', 'nope'])).toEqual({ kind: 'help' });
    expect(parseCliArgs(['--version'])).toEqual({ kind: 'version' });
    expect(parseCliArgs(['-V'])).toEqual({ kind: 'version' });
  });

  it.each([
    [['--format', 'xml', '-c', 'x'], /unknown format 'xml'/],
    [['--batch-interval', '0', '-c', 'x'], /--batch-interval takes a positive whole number/],
    [['--batch-interval', '1.5s', '-c', 'x'], /not '1.5s'/],
    [['--bogus'], /Unknown option '--bogus'/],
    [['-c'], /argument missing/],
    [['SELECT 1'], /unexpected argument 'SELECT 1'/],
    [['--data-dir', '', '-c', 'x'], /--data-dir needs a directory/],
    [['-p', 'http'], /-p takes a port number/],
    [['-p', '70000'], /-p takes a port number/],
    [['-h', 'db', '-c', 'SELECT 1'], /-c and -f run in an embedded engine/],
  ])('rejects %j', (args, message) => {
    const command = parseCliArgs(args);
    expect(command.kind).toBe('usage-error');
    expect(command.kind === 'usage-error' && command.message).toMatch(message);
  });

  it('takes -h HOST, -p PORT and --token for the prompt, as psql does', () => {
    expect(parseCliArgs(['-h', 'db.local', '-p', '8081', '--token', 't'])).toEqual({
      kind: 'run', options: { scripts: [], format: 'table', host: 'db.local', port: 8081, token: 't' },
    });
    expect(parseCliArgs(['-?']).kind).toBe('help');
  });
});
