import { describe, expect, it } from 'vitest';
import { messageFingerprint, QosOneDeliveries } from './mqtt-deliveries.js';
import { subscriptionIdentifier } from './mqtt-source.js';

const print = (text: string): number => messageFingerprint('t', new TextEncoder().encode(text));

describe('QosOneDeliveries', () => {
  it('holds new deliveries until released, up to a sequence number', () => {
    const d = new QosOneDeliveries();
    expect(d.receive(1, false, print('a'), 1)).toBe('new');
    expect(d.receive(2, false, print('b'), 2)).toBe('new');
    expect(d.isHeld(1) && d.isHeld(2)).toBe(true);
    expect(d.release(1)).toEqual([1]);
    expect(d.isHeld(1)).toBe(false);
    expect(d.size).toBe(1);
    expect(d.release(5)).toEqual([2]);
    expect(d.size).toBe(0);
  });

  it('drops copies of held messages', () => {
    const d = new QosOneDeliveries();
    d.receive(7, false, print('a'), 1);
    expect(d.receive(7, true, print('a'), 2)).toBe('held');
    expect(d.release(1)).toEqual([7]);
  });

  it('drops copies of messages acknowledged before the broker had the PUBACK', () => {
    const d = new QosOneDeliveries();
    d.receive(7, false, print('a'), 1);
    d.release(1);
    expect(d.receive(7, true, print('a'), 2)).toBe('acknowledged');
    expect(d.isHeld(7)).toBe(false); // its PUBACK goes out again at once
  });

  it('takes a reused packet id as a new message', () => {
    const d = new QosOneDeliveries();
    d.receive(7, false, print('a'), 1);
    d.release(1);
    // a first delivery under the id: the broker had the PUBACK
    expect(d.receive(7, false, print('a'), 2)).toBe('new');
    d.release(2);
    // redelivered, but another message than the one acknowledged under that id
    expect(d.receive(7, true, print('b'), 3)).toBe('new');
    expect(d.isHeld(7)).toBe(true);
  });
});

describe('messageFingerprint and subscriptionIdentifier', () => {
  it('tell topics and payloads apart', () => {
    const bytes = new TextEncoder().encode('{"id":1}');
    expect(messageFingerprint('a/b', bytes)).toBe(messageFingerprint('a/b', bytes));
    expect(messageFingerprint('a/b', bytes)).not.toBe(messageFingerprint('a/c', bytes));
    expect(messageFingerprint('a', new TextEncoder().encode('b'))).not.toBe(messageFingerprint('ab', new Uint8Array(0)));
  });

  it('gives each topic filter a valid identifier (1 .. 2^28 - 1)', () => {
    for (const topic of ['', '#', 'sensors/+/temp', 'r1/#', 'r1/a']) {
      const id = subscriptionIdentifier(topic);
      expect(id).toBeGreaterThanOrEqual(1);
      expect(id).toBeLessThanOrEqual(0x0fffffff);
    }
    expect(subscriptionIdentifier('r1/#')).not.toBe(subscriptionIdentifier('r1/a'));
  });
});
