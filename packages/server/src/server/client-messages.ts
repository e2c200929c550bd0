/**
 * Messages a websocket client may send (docs/protocol.md), validated from untrusted JSON. A
 * message that does not fit comes back as a `bad-message` problem naming what is wrong, so the
 * connection can answer with an `error` and carry on.
 */
import { parseValueFormat, type ValueFormat } from './wire-values.js';

/** A valid client message. */
export type ClientMessage =
  | { readonly type: 'subscribe'; readonly id: string; readonly sql: string; readonly format: ValueFormat }
  | { readonly type: 'query'; readonly id: string; readonly sql: string; readonly format: ValueFormat }
  | { readonly type: 'unsubscribe'; readonly id: string }
  | { readonly type: 'ping'; readonly id?: string };

/** Why a frame was refused, and the id it carried if any (so the error can name the request). */
export interface MessageProblem {
  readonly code: 'bad-message' | 'unknown-message-type';
  readonly message: string;
  readonly id?: string;
}

/** Longest request id accepted: ids are echoed in every reply. */
const MAX_ID_LENGTH = 200;

/** Parses and validates one text frame. */
export function parseClientMessage(text: string): ClientMessage | MessageProblem {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { code: 'bad-message', message: `the message is not valid JSON: ${(error as Error).message}` };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { code: 'bad-message', message: 'a message must be a JSON object with a "type" field' };
  }
  const fields = data as Record<string, unknown>;
  const id = typeof fields.id === 'string' ? fields.id : undefined;
  const fail = (message: string): MessageProblem => ({ code: 'bad-message', message, ...(id === undefined ? {} : { id }) });
  if (fields.id !== undefined && (id === undefined || id.length === 0 || id.length > MAX_ID_LENGTH)) {
    return fail(`"id" must be a non-empty string of at most ${MAX_ID_LENGTH} characters`);
  }
  switch (fields.type) {
    case 'subscribe':
    case 'query': {
      if (id === undefined) return fail(`a ${fields.type} message needs an "id"`);
      if (typeof fields.sql !== 'string') return fail(`a ${fields.type} message needs "sql", a string`);
      const format = parseValueFormat(fields.format);
      if (format === undefined) return fail('"format" must be "json" or "text"');
      return { type: fields.type, id, sql: fields.sql, format };
    }
    case 'unsubscribe':
      if (id === undefined) return fail('an unsubscribe message needs the "id" of the subscription');
      return { type: 'unsubscribe', id };
    case 'ping':
      return { type: 'ping', ...(id === undefined ? {} : { id }) };
    case undefined:
      return fail('a message needs a "type"');
    default:
      return {
        code: 'unknown-message-type',
        message: `unknown message type ${JSON.stringify(fields.type)}; expected subscribe, query, unsubscribe or ping`,
        ...(id === undefined ? {} : { id }),
      };
  }
}
