import { describe, expect, it } from 'vitest';
import { parseClientMessage } from './client-messages.js';

describe('parseClientMessage', () => {
  it('accepts the documented messages', () => {
    expect(parseClientMessage('{"type":"subscribe","id":"q1","sql":"SUBSCRIBE v"}')).toEqual({ type: 'subscribe', id: 'q1', sql: 'SUBSCRIBE v', format: 'json' });
    expect(parseClientMessage('{"type":"query","id":"r","sql":"SELECT 1","format":"text"}')).toEqual({ type: 'query', id: 'r', sql: 'SELECT 1', format: 'text' });
    expect(parseClientMessage('{"type":"unsubscribe","id":"q1"}')).toEqual({ type: 'unsubscribe', id: 'q1' });
    expect(parseClientMessage('{"type":"ping"}')).toEqual({ type: 'ping' });
  });

  it.each([
    ['nope', 'bad-message', /not valid JSON/],
    ['[1]', 'bad-message', /JSON object/],
    ['{"id":"a"}', 'bad-message', /needs a "type"/],
    ['{"type":"subscribe","sql":"x"}', 'bad-message', /needs an "id"/],
    ['{"type":"subscribe","id":"a","sql":1}', 'bad-message', /needs "sql"/],
    ['{"type":"query","id":"a","sql":"x","format":"xml"}', 'bad-message', /"format"/],
    ['{"type":"query","id":"","sql":"x"}', 'bad-message', /non-empty string/],
    ['{"type":"fly","id":"a"}', 'unknown-message-type', /unknown message type "fly"/],
  ])('refuses %s', (text, code, message) => {
    const result = parseClientMessage(text);
    expect(result).toMatchObject({ code });
    expect('message' in result && result.message).toMatch(message);
  });
});
