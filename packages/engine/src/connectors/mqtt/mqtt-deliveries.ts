/**
 * The QoS 1 bookkeeping of the MQTT source: which deliveries are new, which are the broker's
 * copies of a message this reader already has, and which PUBACKs may be sent.
 *
 * A QoS 1 message stays in the broker's session until its PUBACK arrives; after a reconnect the
 * broker sends every message still unacknowledged again, flagged `dup`, under the same packet
 * id. Two kinds of copies must not be counted twice:
 * - of a message still held (received, its batch not committed yet): its id is held here;
 * - of a message acknowledged while the connection was down or just before it dropped: the
 *   PUBACK was queued or lost, so the broker still has it. Such ids are remembered with a
 *   fingerprint of topic and payload: a `dup` with the same id and fingerprint is that message.
 *   A first delivery (`dup` unset) under an id proves the broker had the PUBACK and reused the
 *   id, so the memory of it goes. Packet ids are 16-bit: at most 65,535 are remembered.
 */

/** What an arriving QoS 1 delivery is. */
export type Delivery = 'new' | 'held' | 'acknowledged';

interface Held {
  readonly seq: number;
  readonly fingerprint: number;
}

/** QoS 1 deliveries held until acknowledged, and recently acknowledged ones (module comment). */
export class QosOneDeliveries {
  private readonly held = new Map<number, Held>();
  private readonly acknowledged = new Map<number, number>();

  /** Messages received and not acknowledged yet. */
  get size(): number {
    return this.held.size;
  }

  /** Whether the PUBACK of `messageId` waits for `release` (the client must not send it). */
  isHeld(messageId: number): boolean {
    return this.held.has(messageId);
  }

  /**
   * Classifies a delivery: `new` ones are recorded as held under `seq` (the caller hands the
   * message out); `held` and `acknowledged` ones are copies to drop (a held copy's PUBACK
   * still waits; an acknowledged copy's PUBACK may go out again at once).
   */
  receive(messageId: number, dup: boolean, fingerprint: number, seq: number): Delivery {
    const held = this.held.get(messageId);
    if (dup && held !== undefined && held.fingerprint === fingerprint) return 'held';
    if (dup && this.acknowledged.get(messageId) === fingerprint) return 'acknowledged';
    this.acknowledged.delete(messageId);
    this.held.set(messageId, { seq, fingerprint });
    return 'new';
  }

  /** The ids of the held messages with a sequence number up to `upToSeq`, now acknowledged. */
  release(upToSeq: number): number[] {
    const ids: number[] = [];
    for (const [messageId, { seq, fingerprint }] of this.held) {
      if (seq > upToSeq) continue;
      this.held.delete(messageId);
      this.acknowledged.set(messageId, fingerprint);
      ids.push(messageId);
    }
    return ids;
  }
}

/** FNV-1a over a message's topic and payload: tells a redelivered copy from a reused packet id. */
export function messageFingerprint(topic: string, payload: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < topic.length; i++) h = Math.imul(h ^ topic.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ 0xff, 0x01000193);
  for (let i = 0; i < payload.length; i++) h = Math.imul(h ^ payload[i]!, 0x01000193);
  return (h ^ payload.length) >>> 0;
}
