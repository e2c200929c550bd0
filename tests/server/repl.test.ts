/**
 * The REPL (`sluice -p PORT`) in a real pseudo-terminal (tmux), connected to a server: a
 * multi-line statement with the continuation prompt, `\d` and `\d NAME`, an error with its
 * caret, a continuous query that prints batches as rows change and is cancelled by Ctrl-C
 * without leaving the REPL, and the history file.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sluiceBin } from '../helpers/repo-paths.js';
import { skipWithout } from './required-binary.js';
import { startTestServer, type TestServer } from './server-fixture.js';

const run = promisify(execFile);
const noTmux = skipWithout('tmux', 'tmux');

describe.skipIf(noTmux)('REPL in a terminal', () => {
  let t: TestServer;
  let home: string;
  const session = `sluice-repl-${process.pid}`;

  const tmux = (...args: string[]) => run('tmux', args);
  /** Types `line` and Enter; tmux would read a trailing `;` as its own separator, so it is escaped. */
  const type = async (line: string) => {
    const body = line.endsWith(';') ? line.slice(0, -1) : line;
    if (body !== '') await tmux('send-keys', '-t', session, '-l', body);
    if (line.endsWith(';')) await tmux('send-keys', '-t', session, '\\;');
    await tmux('send-keys', '-t', session, 'Enter');
  };
  const screen = async () => (await tmux('capture-pane', '-p', '-J', '-t', session, '-S', '-500')).stdout;
  const waitFor = async (pattern: RegExp, timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const text = await screen();
      if (pattern.test(text)) return text;
      if (Date.now() > deadline) throw new Error(`screen never matched ${pattern}:\n${text}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  beforeAll(async () => {
    t = await startTestServer();
    home = await mkdtemp(path.join(os.tmpdir(), 'sluice-home-'));
    const command = `cd ${home} && HOME=${home} ${process.execPath} ${sluiceBin} -h 127.0.0.1 -p ${t.server.httpPort}; echo REPL-EXITED; sleep 30`;
    await tmux('new-session', '-d', '-s', session, '-x', '150', '-y', '100', command);
    await waitFor(/sluice=> $/m);
  });
  afterAll(async () => {
    await tmux('kill-session', '-t', session).catch(() => {});
    await t.stop();
    await rm(home, { recursive: true, force: true });
  });

  it('runs statements, lists and describes objects, and shows errors with a caret', async () => {
    await type('CREATE TABLE visits (id INT PRIMARY KEY, page VARCHAR);');
    await waitFor(/CREATE_TABLE/);
    await type('CREATE MATERIALIZED VIEW hits AS');
    await waitFor(/sluice-> $/m);
    await type('SELECT page, count(*) AS n FROM visits GROUP BY page;');
    await waitFor(/CREATE_MATERIALIZED_VIEW/);
    await type("INSERT INTO visits VALUES (1, '/a'), (2, '/b'), (3, '/a'); FLUSH;");
    await waitFor(/FLUSH/);
    await type('SELECT * FROM hits ORDER BY page;');
    await waitFor(/ page \| n\n------\+---\n \/a {3}\| 2\n \/b {3}\| 1\n\(2 rows\)/);

    await type('\\d');
    await waitFor(/List of relations\n Name {2}\| +Type\n-+\+-+\n hits {2}\| materialized view\n visits \| table|List of relations[\s\S]*hits[\s\S]*materialized view[\s\S]*visits[\s\S]*table/);
    await type('\\d hits');
    await waitFor(/Materialized view "hits"[\s\S]*page +\| VARCHAR[\s\S]*n +\| BIGINT/);

    await type('SELECT pgae FROM visits;');
    await waitFor(/ERROR: {2}column 'pgae' does not exist\nLINE 1: SELECT pgae FROM visits;\n {15}\^\nHINT: {2}did you mean 'page'\?\nCODE: {2}column-not-found/);
  });

  it('prints a continuous query as it changes and cancels it with Ctrl-C, staying in the REPL', async () => {
    await type('SUBSCRIBE hits;');
    await waitFor(/\(snapshot: 2 rows\)/);
    await t.insertRows('visits', [{ id: 4, page: '/c' }]);
    await waitFor(/ \+ {2}\| \/c {3}\| 1\n\(batch \d+: 1 change\)/);
    await t.insertRows('visits', [{ id: 1, page: '/c' }]); // an upsert: /a loses one, /c gains one
    await waitFor(/ - {2}\| \/c {3}\| 1[\s\S]*\(batch \d+: 4 changes\)/);
    await tmux('send-keys', '-t', session, 'C-c');
    await waitFor(/Cancel request sent\nsluice=> $/m);
    await type('SELECT count(*) AS pages FROM hits;');
    await waitFor(/ pages\n-------\n +3\n\(1 row\)/);
    expect(await screen()).not.toContain('REPL-EXITED');
  });

  it('keeps history in ~/.sluice_history and leaves on \\q', async () => {
    await type('\\q');
    await waitFor(/REPL-EXITED/);
    const history = await readFile(path.join(home, '.sluice_history'), 'utf8');
    expect(history).toContain('SUBSCRIBE hits;');
    expect(history).toContain('\\d hits');
  });
});
