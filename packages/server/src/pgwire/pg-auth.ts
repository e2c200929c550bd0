/**
 * Password authentication of PostgreSQL clients against the server's token: cleartext, MD5
 * (`md5` + md5(md5(password + user) + salt)) or SCRAM-SHA-256 (RFC 5802 / RFC 7677, as
 * PostgreSQL runs it: the user name in the SCRAM exchange is ignored, no channel binding).
 * Each method is a small exchange object the connection drives message by message.
 */
import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';
import { tokenMatches } from '../server/auth.js';
import type { PgAuthMethod } from '../server/server-options.js';
import { BodyReader, MessageBuilder } from './pg-messages.js';

/** What the connection does next with a client's 'p' message. */
export type AuthStep =
  | { readonly kind: 'continue'; readonly reply: Buffer }
  | { readonly kind: 'ok'; readonly reply?: Buffer }
  | { readonly kind: 'failed'; readonly reason: string };

/** One authentication exchange. */
export interface AuthExchange {
  /** the first AuthenticationRequest to send */
  start(): Buffer;
  /** handles the body of a password-type ('p') message */
  receive(body: Buffer): AuthStep;
}

const SCRAM_ITERATIONS = 4096;

/** The exchange for `method`, checking passwords against `token` for user `user`. */
export function authExchange(method: PgAuthMethod, token: string, user: string): AuthExchange {
  switch (method) {
    case 'password':
      return {
        start: () => new MessageBuilder('R').int32(3).build(),
        receive: (body) => (tokenMatches(token, new BodyReader(body).cstring()) ? { kind: 'ok' } : { kind: 'failed', reason: 'wrong password' }),
      };
    case 'md5': {
      const salt = randomBytes(4);
      return {
        start: () => new MessageBuilder('R').int32(5).bytes(salt).build(),
        receive: (body) => {
          const inner = md5Hex(token + user);
          const expected = `md5${md5Hex(Buffer.concat([Buffer.from(inner), salt]))}`;
          return tokenMatches(expected, new BodyReader(body).cstring()) ? { kind: 'ok' } : { kind: 'failed', reason: 'wrong password' };
        },
      };
    }
    case 'scram-sha-256':
      return new ScramExchange(token);
    default:
      return method satisfies never;
  }
}

function md5Hex(data: string | Buffer): string {
  return createHash('md5').update(data).digest('hex');
}

function hmac(key: Buffer, text: string): Buffer {
  return createHmac('sha256', key).update(text).digest();
}

/** SCRAM-SHA-256, server side. */
class ScramExchange implements AuthExchange {
  private readonly salt = randomBytes(16);
  private readonly serverNonce = randomBytes(18).toString('base64');
  private clientFirstBare = '';
  private serverFirst = '';
  private nonce = '';
  private stage: 'initial' | 'final' | 'done' = 'initial';
  private readonly salted: Buffer;

  constructor(token: string) {
    this.salted = pbkdf2Sync(token.normalize('NFKC'), this.salt, SCRAM_ITERATIONS, 32, 'sha256');
  }

  start(): Buffer {
    return new MessageBuilder('R').int32(10).cstring('SCRAM-SHA-256').byte('\0').build();
  }

  receive(body: Buffer): AuthStep {
    try {
      if (this.stage === 'initial') return this.first(body);
      if (this.stage === 'final') return this.final(body);
    } catch (error) {
      return { kind: 'failed', reason: `malformed SCRAM message: ${(error as Error).message}` };
    }
    return { kind: 'failed', reason: 'unexpected SCRAM message' };
  }

  /** SASLInitialResponse: mechanism, then the client-first-message `n,,n=user,r=nonce`. */
  private first(body: Buffer): AuthStep {
    const reader = new BodyReader(body);
    const mechanism = reader.cstring();
    if (mechanism !== 'SCRAM-SHA-256') return { kind: 'failed', reason: `unsupported SASL mechanism ${mechanism}` };
    const length = reader.int32();
    const message = reader.bytes(length).toString('utf8');
    const match = /^([ny]),(a=[^,]*)?,(.*)$/.exec(message);
    if (!match) return { kind: 'failed', reason: 'channel binding is not supported' };
    this.clientFirstBare = match[3]!;
    const clientNonce = /(?:^|,)r=([^,]+)/.exec(this.clientFirstBare)?.[1];
    if (!clientNonce) return { kind: 'failed', reason: 'SCRAM message without a nonce' };
    this.nonce = clientNonce + this.serverNonce;
    this.serverFirst = `r=${this.nonce},s=${this.salt.toString('base64')},i=${SCRAM_ITERATIONS}`;
    this.stage = 'final';
    return { kind: 'continue', reply: new MessageBuilder('R').int32(11).bytes(Buffer.from(this.serverFirst)).build() };
  }

  /** SASLResponse: client-final-message `c=biws,r=nonce,p=proof`. */
  private final(body: Buffer): AuthStep {
    this.stage = 'done';
    const message = body.toString('utf8');
    const proofAt = message.lastIndexOf(',p=');
    if (proofAt < 0) return { kind: 'failed', reason: 'SCRAM message without a proof' };
    const withoutProof = message.slice(0, proofAt);
    const proof = Buffer.from(message.slice(proofAt + 3), 'base64');
    if (/(?:^|,)r=([^,]+)/.exec(withoutProof)?.[1] !== this.nonce) return { kind: 'failed', reason: 'SCRAM nonce mismatch' };
    const authMessage = `${this.clientFirstBare},${this.serverFirst},${withoutProof}`;
    const clientKey = hmac(this.salted, 'Client Key');
    const storedKey = createHash('sha256').update(clientKey).digest();
    const signature = hmac(storedKey, authMessage);
    if (proof.length !== clientKey.length) return { kind: 'failed', reason: 'wrong password' };
    const recovered = Buffer.from(proof.map((b, i) => b ^ signature[i]!));
    const recoveredStored = createHash('sha256').update(recovered).digest();
    if (!timingSafeEqual(recoveredStored, storedKey)) return { kind: 'failed', reason: 'wrong password' };
    const serverSignature = hmac(hmac(this.salted, 'Server Key'), authMessage).toString('base64');
    return { kind: 'ok', reply: new MessageBuilder('R').int32(12).bytes(Buffer.from(`v=${serverSignature}`)).build() };
  }
}
