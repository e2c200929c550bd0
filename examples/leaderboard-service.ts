/**
 * A small HTTP service that embeds Sluice and serves a live leaderboard.
 *
 *   npx tsx examples/leaderboard-service.ts            # serves on http://127.0.0.1:8090
 *   npx tsx examples/leaderboard-service.ts --once     # posts sample scores, prints the board, exits
 *
 * POST /scores   body: [{"player":"ann","points":10}, ...]  -> pushed into the `scores` source
 * GET  /board    the top 10 players, read from the `totals` materialized view
 * GET  /live     Server-Sent Events: every change of `totals` as it happens
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EngineError, Sluice } from '@sluice/engine';

interface Total { player: string; score: number; games: number }

const engine = await Sluice.open({ batchIntervalMs: 200 });
await engine.sql(`
  CREATE SOURCE scores (player VARCHAR NOT NULL, points INT) WITH (connector = 'push');
  CREATE MATERIALIZED VIEW totals AS
    SELECT player, sum(points) AS score, count(*) AS games FROM scores GROUP BY player;
`);

async function readJson(req: IncomingMessage): Promise<unknown> {
  let body = '';
  for await (const chunk of req) body += chunk;
  return JSON.parse(body);
}

function send(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method === 'POST' && req.url === '/scores') {
    const rows = await readJson(req);
    // rows that do not fit the source's schema are refused with the column and the reason
    const pushed = await engine.push('scores', rows as Record<string, unknown>[]);
    return send(res, 202, { pushed });
  }
  if (req.method === 'GET' && req.url === '/board') {
    return send(res, 200, await engine.query<Total>('SELECT * FROM totals ORDER BY score DESC, player LIMIT 10'));
  }
  if (req.method === 'GET' && req.url === '/live') {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const changes = engine.subscribe<Total>('totals');
    req.on('close', () => changes.cancel());
    for await (const change of changes) res.write(`data: ${JSON.stringify(change)}\n\n`);
    return;
  }
  send(res, 404, { error: 'not found' });
}

const server = createServer((req, res) => {
  handle(req, res).catch((error: unknown) => {
    const status = error instanceof EngineError && error.domain === 'user' || error instanceof SyntaxError ? 400 : 500;
    send(res, status, { error: error instanceof Error ? error.message : String(error), code: (error as { code?: string }).code });
  });
});

const once = process.argv.includes('--once');
server.listen(once ? 0 : Number(process.env['PORT'] ?? 8090), '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
console.log(`leaderboard on ${base}/board (POST scores to ${base}/scores, live changes at ${base}/live)`);

if (once) {
  const post = (rows: unknown) => fetch(`${base}/scores`, { method: 'POST', body: JSON.stringify(rows) });
  await post([{ player: 'ann', points: 10 }, { player: 'bob', points: 7 }, { player: 'cy', points: 12 }]);
  await post([{ player: 'bob', points: 9 }]);
  const bad = await post([{ player: 'dee', points: 'many' }]);
  console.log('a bad row:', bad.status, await bad.json());
  await engine.flush();
  console.log('board:', await (await fetch(`${base}/board`)).json());
  server.close();
  await engine.close();
} else {
  process.on('SIGINT', () => {
    server.close();
    void engine.close().then(() => process.exit(0));
  });
}
