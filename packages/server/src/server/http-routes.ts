/**
 * The REST API (docs/server.md): run SQL, insert JSON rows, list objects and pipelines, health,
 * Prometheus metrics, and the dashboard's static files. Every failure answers
 * `{"error": {"code", "message", "line"?, "column"?, "hint"?}}` with a 4xx (the request was
 * wrong), 503 (shutting down) or 500 (a bug).
 */
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StatementResult } from '@sluice/engine';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { isAuthorized, tokenCookie, UNAUTHORIZED } from './auth.js';
import type { EngineHost } from './engine-host.js';
import { errorInfo, errorJson, type ErrorInfo } from './error-info.js';
import { listObjects, listPipelines } from './introspection.js';
import { insertStatement } from './json-insert.js';
import type { SluiceMetrics } from './prometheus.js';
import { parseValueFormat, rowEncoder, wireColumns } from './wire-values.js';

/** What the routes need. */
export interface RouteDeps {
  readonly host: EngineHost;
  readonly metrics: SluiceMetrics;
  readonly token?: string;
}

/**
 * The dashboard's files: src/dashboard, found from here both in src/server and dist/server
 * (the build does not copy them; the package ships src).
 */
const DASHBOARD_DIR = fileURLToPath(new URL('../../src/dashboard/', import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml',
};

/** Registers every route on `app`. */
export function registerRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const { host } = deps;
  app.addHook('onRequest', async (request, reply) => {
    if (request.url === '/health' || request.url.startsWith('/health?')) return;
    if (!isAuthorized(deps.token, request.headers, request.url)) await reply.code(401).send({ error: UNAUTHORIZED });
  });

  app.setErrorHandler(async (error: Error & { statusCode?: number; code?: string }, _request, reply) => {
    const status = error.statusCode ?? 500;
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.code(413).send({ error: { code: 'request-too-large', message: error.message } });
    if (status >= 400 && status < 500) return reply.code(status).send({ error: { code: 'bad-request', message: error.message } });
    return reply.code(500).send({ error: errorJson(errorInfo(error)) });
  });
  app.setNotFoundHandler(async (request, reply) =>
    reply.code(404).send({ error: { code: 'not-found', message: `no route ${request.method} ${request.url.split('?')[0]}` } }));

  app.get('/health', async (_request, reply) => {
    if (host.isClosing) return reply.code(503).send({ status: 'shutting-down' });
    return { status: 'ok' };
  });

  app.post('/v1/sql', async (request, reply) => {
    const body = request.body as { sql?: unknown; format?: unknown } | undefined;
    const format = parseValueFormat(body?.format);
    if (typeof body?.sql !== 'string' || format === undefined) {
      return reply.code(400).send({ error: { code: 'bad-request', message: 'the body must be {"sql": "...", "format"?: "json" | "text"}' } });
    }
    const sql = body.sql;
    let last: StatementResult | undefined;
    const notices: string[] = [];
    let statements;
    try {
      statements = host.parse(sql);
    } catch (error) {
      return sendError(reply, errorInfo(error, sql));
    }
    for (const statement of statements) {
      try {
        last = await host.execute(statement);
      } catch (error) {
        return sendError(reply, errorInfo(error, sql, statement));
      }
      notices.push(...last.notices);
      if (last.kind === 'stream') {
        last.stream.cancel();
        return sendError(reply, {
          code: 'streaming-not-supported', internal: false,
          message: 'this statement returns a continuous stream of changes, which a REST request cannot carry',
          hint: 'subscribe over the websocket at /v1/ws, or SELECT from a materialized view for its current rows',
        });
      }
    }
    // streams were refused above, so the last result is rows or a command
    const final = last as Exclude<StatementResult, { kind: 'stream' }> | undefined;
    if (!final) return { command: 'EMPTY', notices };
    if (final.kind === 'command') return { command: final.tag, notices };
    const encode = rowEncoder(final.columns, format);
    return { columns: wireColumns(final.columns), rows: final.rows.map(encode), command: `SELECT ${final.rows.length}`, notices };
  });

  app.post<{ Params: { name: string } }>('/v1/tables/:name/rows', async (request, reply) => {
    let insert;
    try {
      insert = insertStatement(request.params.name, request.body);
      await host.executeText(insert.sql);
    } catch (error) {
      return sendError(reply, errorInfo(error));
    }
    return { command: `INSERT 0 ${insert.count}`, rows: insert.count };
  });

  app.get('/v1/objects', async () => ({ objects: await listObjects(host) }));
  app.get('/v1/pipelines', async () => ({ time: new Date().toISOString(), pipelines: await listPipelines(host) }));
  app.get('/metrics', async (_request, reply) => {
    const text = await deps.metrics.scrape();
    return reply.type(deps.metrics.registry.contentType).send(text);
  });

  app.get('/', async (request, reply) => {
    // opened as /?token=...: keep the token in a cookie so the page's own requests carry it
    if (deps.token !== undefined && new URLSearchParams(request.url.split('?')[1] ?? '').has('token')) reply.header('set-cookie', tokenCookie(deps.token));
    return serveFile(reply, 'index.html');
  });
  app.get<{ Params: { '*': string } }>('/dashboard/*', async (request, reply) => serveFile(reply, request.params['*']));
}

/** Status for an error: 404 for a missing object, 503 while closing, 500 for bugs, else 400. */
function sendError(reply: FastifyReply, info: ErrorInfo): FastifyReply {
  const status = info.internal ? 500
    : info.code === 'server-shutting-down' ? 503
      : info.code === 'statement-too-large' ? 413
        : info.code === 'table-not-found' || info.code === 'object-not-found' ? 404 : 400;
  return reply.code(status).send({ error: errorJson(info) });
}

async function serveFile(reply: FastifyReply, name: string): Promise<FastifyReply> {
  const path = normalize(join(DASHBOARD_DIR, name));
  const type = CONTENT_TYPES[extname(path)];
  if (!path.startsWith(DASHBOARD_DIR) || type === undefined) {
    return reply.code(404).send({ error: { code: 'not-found', message: `no dashboard file ${name}` } });
  }
  try {
    return reply.type(type).header('cache-control', 'no-cache').send(await readFile(path));
  } catch {
    return reply.code(404).send({ error: { code: 'not-found', message: `no dashboard file ${name}` } });
  }
}
