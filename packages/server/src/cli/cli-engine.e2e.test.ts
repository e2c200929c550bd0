// End to end through the embedded engine: needs a working `Sluice.execute` (it fails while the
// engine's statement execution is missing), unlike the other CLI tests, which need no engine.
import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
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

async function run(args: string[]) {
  const out = collector();
  const err = collector();
  const stdin = new PassThrough();
  stdin.end();
  const code = await main(args, { stdout: out.stream, stderr: err.stream, stdin });
  return { code, stdout: out.text(), stderr: err.text() };
}

describe('sluice against the embedded engine', () => {
  it('prints a SELECT as JSON lines', async () => {
    const { code, stdout, stderr } = await run(['-c', 'SELECT 1 + 1 AS two', '--format', 'jsonl']);
    expect(stderr).toBe('');
    expect(stdout).toBe('{"two":2}\n');
    expect(code).toBe(0);
  });

  it('prints a SELECT as a psql table', async () => {
    const { code, stdout } = await run(['-c', "SELECT 1 + 1 AS two, 'x' AS name"]);
    expect(stdout).toBe(' two | name\n-----+------\n   2 | x\n(1 row)\n\n');
    expect(code).toBe(0);
  });

  it('stops at the first failing statement and exits 1', async () => {
    const { code, stdout, stderr } = await run(['-c', 'SELECT 1 AS a; SELECT nope FROM nowhere; SELECT 3 AS c', '--format', 'csv']);
    expect(stdout).toBe('a\n1\n');
    expect(stderr).toMatch(/^ERROR: {2}.*\nLINE 1: SELECT 1 AS a; SELECT nope FROM nowhere; SELECT 3 AS c\n {8}/);
    expect(code).toBe(1);
  });

  it('reports a pipeline that fails while the run waits on an unbounded source, and exits 1', async () => {
    // the state limit is passed after about a second of generated rows: after the script ended
    const { code, stderr } = await run(['-c', `
      SET state_memory_limit = '64KB';
      CREATE SOURCE nums (n BIGINT) WITH (connector = 'datagen', datagen.rows.per.second = '2000', fields.n.kind = 'sequence', fields.n.start = '1');
      CREATE MATERIALIZED VIEW groups AS SELECT n, count(*) AS c FROM nums GROUP BY n;`, '--batch-interval', '50']);
    expect(stderr).toMatch(/NOTICE: {2}pipeline groups stopped: state-memory-limit-exceeded/);
    expect(stderr).toMatch(/ERROR: {2}.*HashAggregate of pipeline groups/);
    expect(code).toBe(1);
  }, 20_000);
});
