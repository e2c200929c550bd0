/**
 * `connector = 'mqtt'` as a source: the messages published to `topic` (wildcards allowed).
 *
 * Options: `url` (`mqtt://127.0.0.1:1883`, required), `topic` (required), `qos` (0 | 1,
 * default 1), `client_id` (default `sluice-<source>`; QoS 1 uses a persistent session under
 * it), plus the broker-source options (broker-reader.ts).
 *
 * QoS 1: a message is acknowledged to the broker (PUBACK) only in `acknowledge`, once the batch
 * that holds it has committed; until then the broker keeps it and, after a reconnect or a
 * restart under the same client id, delivers it again. Copies of messages this reader holds,
 * or acknowledged while its PUBACK could not reach the broker, are dropped (mqtt-deliveries.ts).
 * The in-flight window bounds what waits here: the session asks for at most `buffer.rows`
 * unacknowledged messages (receive maximum, at most 65,535; for MQTT 5 clients it takes the
 * place of Mosquitto's `max_inflight_messages`). QoS 0: at most once; messages beyond
 * `buffer.rows` waiting are dropped and counted (`dropped` metric).
 *
 * The session outlives the reader, and with it every subscription made under its client id,
 * e.g. the topic a source of the same name had before. The subscription carries an identifier
 * derived from the topic filter (MQTT 5); deliveries without it come from such a stale
 * subscription: they are acknowledged, not read (`stale` metric), and a stale filter that is a
 * plain topic name is unsubscribed.
 *
 * MQTT cannot replay from a position: offsets count messages handed out (`{ "seq": n }`),
 * there is no `seek`, and recovery relies on the ingest log.
 */
import mqtt, { type IPublishPacket, type MqttClient } from 'mqtt';
import { EngineError } from '../../errors.js';
import type { Message } from '../../formats/message-decoder.js';
import { BrokerSourceReader, sleep, validateBrokerOptions } from '../broker-reader.js';
import { invalidOption, requireOption } from '../options.js';
import { checkReachable, urlAddresses } from '../reachability.js';
import type { SourceConnector, SourceContext } from '../source.js';
import { messageFingerprint, QosOneDeliveries } from './mqtt-deliveries.js';

/** A source offset: messages handed out so far. */
export interface MqttOffset {
  readonly seq: number;
}

interface MqttMessage extends Message {
  readonly seq: number;
}

interface MqttSettings {
  readonly url: string;
  readonly topic: string;
  readonly qos: 0 | 1;
  readonly clientId: string;
}

/** The `mqtt` source connector. */
export const mqttSourceConnector: SourceConnector = {
  name: 'mqtt',
  validate(ctx) {
    mqttSettings(ctx);
    validateBrokerOptions(ctx);
  },
  async check(ctx) {
    await checkReachable(ctx.name, 'url', urlAddresses('url', mqttSettings(ctx).url, { mqtt: 1883, tcp: 1883, mqtts: 8883, ws: 80, wss: 443 }, 'mqtt'));
  },
  isBounded() {
    return false;
  },
  createReader(ctx) {
    return new MqttSourceReader(ctx);
  },
};

/** `qos`: 0/1 or RisingWave's at_most_once/at_least_once. */
export function readQos(value: string | undefined, fallback: 0 | 1): 0 | 1 {
  if (value === undefined) return fallback;
  const v = value.trim().toLowerCase();
  if (v === '0' || v === 'at_most_once') return 0;
  if (v === '1' || v === 'at_least_once') return 1;
  throw invalidOption('qos', `must be 0 (at_most_once) or 1 (at_least_once), got '${value}'`);
}

function mqttSettings(ctx: SourceContext): MqttSettings {
  const url = requireOption(ctx.options, 'url', "url = 'mqtt://127.0.0.1:1883'");
  if (!/^(mqtts?|wss?|tcp):\/\//i.test(url)) throw invalidOption('url', `must start with mqtt://, got '${url}'`);
  return { url, topic: requireOption(ctx.options, 'topic', "topic = 'sensors/#'"), qos: readQos(ctx.options['qos'], 1), clientId: ctx.options['client_id'] ?? `sluice-${ctx.name}` };
}

/** Readers per client id in this process: two sessions under one id would take turns. */
const clientIdsInUse = new Map<string, number>();

type SendPacket = (packet: { cmd: string; messageId?: number }, cb?: () => void) => void;

/** Stale topics a reader tries to unsubscribe, at most (a stale wildcard may match many). */
const MAX_UNSUBSCRIBES = 1_000;

/** How long `close` waits for the DISCONNECT (and the PUBACKs before it) to go out. */
const CLOSE_WAIT_MS = 2_000;

/** The MQTT 5 subscription identifier of a topic filter (1 .. 2^28 - 1; module comment). */
export function subscriptionIdentifier(topic: string): number {
  return (messageFingerprint(topic, new Uint8Array(0)) % 0x0ffffffe) + 1;
}

/** Subscribes and buffers; see the module comment. */
export class MqttSourceReader extends BrokerSourceReader<MqttMessage> {
  private readonly settings: MqttSettings;
  private client: MqttClient | null = null;
  private received = 0;
  private taken = 0;
  private dropped = 0;
  private stale = 0;
  private readonly deliveries = new QosOneDeliveries();
  /** the identifier deliveries of this reader's subscription carry; null if the broker has none */
  private subscriptionId: number | null = null;
  private readonly unsubscribed = new Set<string>();
  private sendPacket: SendPacket | null = null;

  constructor(ctx: SourceContext) {
    super(ctx);
    this.settings = mqttSettings(ctx);
  }

  async open(): Promise<void> {
    const { url, topic, qos } = this.settings;
    const n = (clientIdsInUse.get(this.settings.clientId) ?? 0) + 1;
    clientIdsInUse.set(this.settings.clientId, n);
    const clientId = n === 1 ? this.settings.clientId : `${this.settings.clientId}-${n}`;
    // set before connecting: the session's unacknowledged messages come right after the CONNACK
    this.subscriptionId = subscriptionIdentifier(topic);
    const client = mqtt.connect(url, {
      clientId,
      clean: qos === 0,
      protocolVersion: 5,
      properties: { receiveMaximum: Math.min(65_535, this.bufferLimit), sessionExpiryInterval: qos === 0 ? 0 : 3600 },
      reconnectPeriod: 1000,
      connectTimeout: 5_000,
      resubscribe: true,
    });
    this.client = client;
    this.holdPubacks(client);
    client.on('message', (t, payload, packet) => this.onMessage(t, payload, packet));
    client.on('offline', () => this.reportOutage(url, 'connection lost'));
    client.on('error', (e) => this.reportOutage(url, e.message));
    client.on('connect', (connack) => {
      // absent means available (MQTT 5, 3.2.2.3.12)
      if (connack.properties?.subscriptionIdentifiersAvailable === false) this.subscriptionId = null;
      this.connected();
    });
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no CONNACK within 10s')), 10_000);
        client.once('connect', () => {
          clearTimeout(timer);
          resolve();
        });
      });
      await client.subscribeAsync(topic, { qos, ...(this.subscriptionId !== null ? { properties: { subscriptionIdentifier: this.subscriptionId } } : {}) });
    } catch (e) {
      await client.endAsync(true).catch(() => undefined);
      throw new EngineError('source-unavailable', `source ${this.ctx.name}: cannot subscribe to MQTT topic '${topic}' at ${url}: ${(e as Error).message}`, 'external', {
        retryable: true, operator: `source ${this.ctx.name}`, cause: e,
      });
    }
  }

  async acknowledge(offset: unknown): Promise<void> {
    for (const messageId of this.deliveries.release((offset as MqttOffset).seq)) this.sendPacket?.({ cmd: 'puback', messageId });
  }

  override metrics(): Readonly<Record<string, number>> {
    return { ...super.metrics(), unacknowledged: this.deliveries.size, dropped: this.dropped, stale: this.stale, connected: this.client?.connected ? 1 : 0 };
  }

  /**
   * Ends the connection with a DISCONNECT, so the PUBACKs written before it reach the broker (a
   * forced end drops what the socket has not sent yet, and the next run would read those
   * messages again); a broker that does not answer within CLOSE_WAIT_MS is cut off.
   */
  async close(): Promise<void> {
    const client = this.client;
    if (!client) return;
    this.client = null;
    clientIdsInUse.set(this.settings.clientId, Math.max(0, (clientIdsInUse.get(this.settings.clientId) ?? 1) - 1));
    const ended = await Promise.race([client.endAsync(false).then(() => true, () => true), sleep(CLOSE_WAIT_MS).then(() => false)]);
    if (!ended) (client as unknown as { stream?: { destroy(): void } }).stream?.destroy();
  }

  protected currentOffset(): MqttOffset {
    return { seq: this.taken };
  }

  protected advance(m: MqttMessage): void {
    this.taken = m.seq;
  }

  protected isWithin(m: MqttMessage, offset: unknown): boolean {
    return m.seq <= (offset as MqttOffset).seq;
  }

  // The broker's in-flight window is the bound for QoS 1; QoS 0 drops beyond the buffer.
  protected pauseConsumer(): void {}
  protected resumeConsumer(): void {}

  /** Not holding a delivery lets mqtt.js PUBACK it right after this returns. */
  private onMessage(topic: string, payload: Buffer, packet: IPublishPacket): void {
    if (!this.fromOwnSubscription(topic, packet)) return;
    const { qos, messageId } = packet;
    if (qos === 0 && this.bufferedRows >= this.bufferLimit) {
      this.dropped++;
      return;
    }
    const seq = this.received + 1;
    if (qos === 1 && messageId !== undefined && this.deliveries.receive(messageId, packet.dup, messageFingerprint(topic, payload), seq) !== 'new') return;
    this.received = seq;
    this.receive([{ key: null, value: payload, seq, position: `${topic}#${seq}` }]);
  }

  /** false for a delivery of a stale subscription of the session (module comment). */
  private fromOwnSubscription(topic: string, packet: IPublishPacket): boolean {
    if (this.subscriptionId === null) return true;
    const ids = packet.properties?.subscriptionIdentifier;
    if (ids === this.subscriptionId || (Array.isArray(ids) && ids.includes(this.subscriptionId))) return true;
    this.stale++;
    if (topic !== this.settings.topic && !this.unsubscribed.has(topic) && this.unsubscribed.size < MAX_UNSUBSCRIBES) {
      // in case the stale filter is this very topic name; one with wildcards cannot be named
      this.unsubscribed.add(topic);
      this.client?.unsubscribeAsync(topic).catch(() => undefined);
    }
    return false;
  }

  /**
   * mqtt.js sends a QoS 1 PUBACK as soon as a message is handled, and handles packets one at
   * a time, so holding the handler would stall the connection. Instead its packet writer is
   * wrapped: PUBACKs are held here (their callbacks run at once, so reading goes on) and sent
   * by `acknowledge`. Relies on mqtt.js 5's `_sendPacket`.
   */
  private holdPubacks(client: MqttClient): void {
    const target = client as unknown as { _sendPacket: SendPacket };
    const original = target._sendPacket.bind(client);
    this.sendPacket = original;
    target._sendPacket = (packet, cb) => {
      if (packet.cmd === 'puback' && packet.messageId !== undefined && this.deliveries.isHeld(packet.messageId)) {
        cb?.();
        return;
      }
      original(packet, cb);
    };
  }
}
