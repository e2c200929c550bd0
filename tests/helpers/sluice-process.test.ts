import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runSluice } from './run-sluice.js';
import { startSluice } from './start-sluice.js';

const entry = fileURLToPath(new URL('./fixtures/stand-in-cli.mjs', import.meta.url));

describe('runSluice', () => {
  it('collects stdout and the exit code', async () => {
    const result = await runSluice(['lines', '{"a":1}', '{"a":2}'], { entry });
    expect(result).toMatchObject({ code: 0, signal: null, timedOut: false, stdout: '{"a":1}\n{"a":2}\n', stderr: '' });
  });

  it('collects stderr and a non-zero exit code', async () => {
    const result = await runSluice(['fail', '3', 'boom at 1:1'], { entry });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('boom at 1:1');
  });

  it('kills a process that outlives its timeout', async () => {
    const result = await runSluice(['hang'], { entry, timeoutMs: 500 });
    expect(result.timedOut).toBe(true);
    expect(result.signal).toBe('SIGKILL');
  });

  it('runs in a fresh working directory that is removed afterwards', async () => {
    const result = await runSluice(['cwd'], { entry });
    const cwd = result.stdout.trim();
    expect(cwd).toMatch(/sluice-run-/);
    expect(existsSync(cwd)).toBe(false);
  });
});

describe('startSluice', () => {
  it('hands out stdout lines and stops cleanly on SIGINT', async () => {
    const running = await startSluice(['serve'], { entry });
    expect(await running.lines.next(5_000)).toBe('ready');
    running.child.stdin!.write('one\ntwo\n');
    expect(await running.lines.next(5_000)).toBe('one');
    expect(await running.lines.next(5_000)).toBe('two');
    const status = await running.stop();
    expect(status).toEqual({ code: 0, signal: null, killed: false });
    expect(running.lines.seen).toEqual(['ready', 'one', 'two', 'bye']);
  });

  it('times out waiting for a line that never comes', async () => {
    const running = await startSluice(['serve'], { entry });
    await running.lines.next(5_000);
    await expect(running.lines.next(200)).rejects.toThrow(/no line arrived within 200 ms/);
    await running.stop();
  });

  it('falls back to SIGKILL when SIGINT is ignored', async () => {
    const running = await startSluice(['hang'], { entry });
    await running.lines.next(5_000);
    const status = await running.stop(300);
    expect(status.killed).toBe(true);
    expect(status.signal).toBe('SIGKILL');
  });

  it('reads until a condition holds', async () => {
    const running = await startSluice(['lines', 'a', 'b', 'c', 'd'], { entry });
    const got: string[] = [];
    await running.lines.readUntil((line) => got.push(line), () => got.includes('c'), 5_000);
    expect(got).toEqual(['a', 'b', 'c']);
    await running.exited;
    await expect(running.lines.next(1_000)).resolves.toBe('d');
    await expect(running.lines.next(1_000)).rejects.toThrow(/ended/);
  });
});
