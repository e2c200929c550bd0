/**
 * The access token. When the server has one, HTTP requests (all but GET /health) and websocket
 * upgrades must carry it, as `Authorization: Bearer TOKEN`, a `token` query parameter (browsers
 * cannot set headers on a websocket), or the `sluice_token` cookie the dashboard page sets when
 * opened with `?token=` (so its scripts, API calls and websocket carry it; SameSite=Strict keeps
 * other sites from sending it). Comparison takes the same time whatever
 * the guess, so the token cannot be found a character at a time.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** true when `candidate` equals `token` (compared in constant time). */
export function tokenMatches(token: string, candidate: string | undefined): boolean {
  if (candidate === undefined) return false;
  // hashing first gives equal lengths, which timingSafeEqual needs
  const a = createHash('sha256').update(token).digest();
  const b = createHash('sha256').update(candidate).digest();
  return timingSafeEqual(a, b);
}

/** The token a request carries, from its Authorization header or its `token` query parameter. */
export function requestToken(headers: IncomingHttpHeaders, url: string | undefined): string | undefined {
  const header = headers.authorization;
  if (typeof header === 'string') {
    const match = /^Bearer\s+(.+)$/i.exec(header.trim());
    if (match) return match[1];
  }
  const query = url?.indexOf('?') ?? -1;
  const fromQuery = query < 0 ? null : new URLSearchParams(url!.slice(query + 1)).get('token');
  if (fromQuery !== null) return fromQuery;
  const cookie = headers.cookie;
  if (typeof cookie !== 'string') return undefined;
  for (const part of cookie.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === TOKEN_COOKIE) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

/** The cookie holding the token for the dashboard. */
export const TOKEN_COOKIE = 'sluice_token';

/** A Set-Cookie value carrying `token` for this server's pages and API. */
export function tokenCookie(token: string): string {
  return `${TOKEN_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Strict`;
}

/** true when a request may go ahead: no token is configured, or it carries the right one. */
export function isAuthorized(token: string | undefined, headers: IncomingHttpHeaders, url: string | undefined): boolean {
  return token === undefined || token === '' || tokenMatches(token, requestToken(headers, url));
}

/** The error a request without the right token gets. */
export const UNAUTHORIZED = {
  code: 'unauthorized',
  message: 'a valid token is required: send Authorization: Bearer TOKEN (or ?token=TOKEN)',
} as const;
