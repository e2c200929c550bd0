/**
 * The engine process of the crash variant of the restart fuzz test (restart-fuzz-kill.test.ts),
 * run with `node --import tsx --conditions=sluice-source restart-fuzz-child.ts DATA_DIR INTERVAL_MS`.
 * It opens the data directory (restoring what is there), says `{"ready":true}`, then takes one
 * JSON request per stdin line and answers one JSON line on stdout:
 * `{"sql":"..."}` runs statements (`{"ok":true}` or `{"error":"..."}`), `{"contents":true}`
 * returns every table's and view's rows and the pipelines not running. Notices are passed on as
 * `{"notice":"..."}` lines. The test kills it with SIGKILL whenever it likes.
 */
import { createInterface } from 'node:readline';
import { Sluice } from '@sluice/engine';
import { contents, unhealthyPipelines } from './restart-fuzz-workload.js';

const [dataDir, intervalMs] = process.argv.slice(2);
const send = (message: object): void => void process.stdout.write(`${JSON.stringify(message)}\n`);

const engine = await Sluice.open({ dataDir: dataDir!, batchIntervalMs: Number(intervalMs), onNotice: (notice) => send({ notice }) });
send({ ready: true });
for await (const line of createInterface({ input: process.stdin })) {
  const request = JSON.parse(line) as { sql?: string; contents?: boolean };
  try {
    if (request.sql !== undefined) {
      await engine.executeScript(request.sql);
      send({ ok: true });
    } else {
      send({ contents: await contents(engine), unhealthy: await unhealthyPipelines(engine) });
    }
  } catch (e) {
    send({ error: (e as Error).message });
  }
}
await engine.close();
