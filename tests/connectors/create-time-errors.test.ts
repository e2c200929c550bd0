// Wrong options of the broker sources fail at CREATE, naming the option: an unknown connector,
// a missing required option, a server nobody answers at (a free port with nothing listening).
// Needs no broker: every case fails before one would be used.
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { Sluice, registerSourceConnector, type SourceConnector } from '@sluice/engine';
import { freePort, tempDir } from './services.js';

/** The error `sql` fails with, as code and message (and hint). */
async function failure(sql: string, engine?: Sluice): Promise<{ code: string; message: string; hint?: string }> {
  const own = engine ?? await Sluice.open();
  try {
    await own.executeScript(sql);
  } catch (e) {
    const error = e as { code: string; message: string; options?: { hint?: string } };
    return { code: error.code, message: error.message, ...(error.options?.hint ? { hint: error.options.hint } : {}) };
  } finally {
    if (!engine) await own.close();
  }
  throw new Error(`no error from: ${sql}`);
}

const COLUMNS = '(id BIGINT, grp VARCHAR, v BIGINT)';

/** Per connector: the option naming its server, that server at `port`, and its other required option. */
const connectors = [
  { name: 'kafka', option: 'properties.bootstrap.server', server: (port: number) => `127.0.0.1:${port}`, other: ['topic', 'events'] },
  { name: 'nats', option: 'server_url', server: (port: number) => `nats://127.0.0.1:${port}`, other: ['stream', 'EVENTS'] },
  { name: 'redis', option: 'url', server: (port: number) => `redis://127.0.0.1:${port}`, other: ['stream', 'events'] },
  { name: 'mqtt', option: 'url', server: (port: number) => `mqtt://127.0.0.1:${port}`, other: ['topic', 'sensors/#'] },
] as const;

/** CREATE SOURCE s with these options. */
function createSource(connector: string, options: Record<string, string>): string {
  const entries = Object.entries(options).map(([name, value]) => `${name} = '${value}'`);
  return `CREATE SOURCE s ${COLUMNS} WITH (connector = '${connector}', ${entries.join(', ')})`;
}

describe('CREATE SOURCE: wrong options fail at CREATE, naming the option', () => {
  it('an unknown connector, with the nearest name as a hint', async () => {
    const e = await failure(`CREATE SOURCE s ${COLUMNS} WITH (connector = 'kafak', topic = 'events')`);
    expect(e.code).toBe('unknown-connector');
    expect(e.message).toBe("there is no source connector 'kafak'");
    expect(e.hint).toMatch(/^did you mean 'kafka'\? known source connectors: .*mqtt, nats.*redis/);
  });

  it('no connector at all', async () => {
    expect(await failure(`CREATE SOURCE s ${COLUMNS} WITH (topic = 'events')`)).toMatchObject({ code: 'missing-option', message: expect.stringContaining("connector = '...'") });
  });

  for (const c of connectors) {
    it(`${c.name}: a missing required option`, async () => {
      const [other, value] = c.other;
      for (const [missing, options] of [[c.option, { [other]: value }], [other, { [c.option]: c.server(1) }]] as const) {
        const e = await failure(createSource(c.name, options));
        expect(e, missing).toMatchObject({ code: 'invalid-option', message: `option '${missing}': is required` });
        expect(e.hint, missing).toContain(`${missing} = '`);
      }
    });

    it(`${c.name}: a server nobody answers at, naming the option and the address`, async () => {
      const port = await freePort();
      const engine = await Sluice.open();
      try {
        const e = await failure(createSource(c.name, { [c.option]: c.server(port), [c.other[0]]: c.other[1] }), engine);
        expect(e.code).toBe('source-unavailable');
        expect(e.message).toBe(`source s: option '${c.option}': cannot connect to 127.0.0.1:${port} (connection refused)`);
        // nothing was created: the name is free
        const [shown] = await engine.executeScript('SHOW SOURCES');
        expect(shown?.kind === 'rows' ? shown.rows : null).toEqual([]);
      } finally {
        await engine.close();
      }
    });
  }

  it('CREATE TABLE with a broker connector checks too', async () => {
    const port = await freePort();
    const e = await failure(`CREATE TABLE t (id BIGINT PRIMARY KEY, v BIGINT) WITH (connector = 'kafka', topic = 't', properties.bootstrap.server = '127.0.0.1:${port}') FORMAT UPSERT ENCODE JSON`);
    expect(e).toMatchObject({ code: 'source-unavailable', message: `source t: option 'properties.bootstrap.server': cannot connect to 127.0.0.1:${port} (connection refused)` });
  });

  it('a restore does not check: a server down at restart is waited for by the reader', async () => {
    const { dir, remove } = await tempDir('create-check');
    // something that accepts connections stands in for the broker at CREATE
    const listener = net.createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    const { port } = listener.address() as net.AddressInfo;
    try {
      const engine = await Sluice.open({ dataDir: dir });
      await engine.executeScript(`CREATE SOURCE s ${COLUMNS} WITH (connector = 'redis', url = 'redis://127.0.0.1:${port}', stream = 'events')`);
      await engine.close();
      await new Promise((resolve) => listener.close(resolve));
      const restored = await Sluice.open({ dataDir: dir });
      const [shown] = await restored.executeScript('SHOW SOURCES');
      expect(shown?.kind === 'rows' ? shown.rows.map((r) => r[0]) : null).toEqual(['s']);
      await restored.close();
    } finally {
      listener.close();
      await remove();
    }
  });

  it("a user connector's check runs at CREATE and can refuse it", async () => {
    const refusing: SourceConnector = {
      name: 'refusing',
      validate() {},
      async check(ctx) {
        throw new Error(`no ${ctx.options['what']} today`);
      },
      isBounded: () => true,
      createReader() {
        throw new Error('not reached');
      },
    };
    registerSourceConnector(refusing);
    expect((await failure(`CREATE SOURCE s (x BIGINT) WITH (connector = 'refusing', what = 'rows')`)).message).toBe('no rows today');
  });
});
