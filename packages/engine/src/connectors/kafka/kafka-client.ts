/**
 * Shared Kafka settings (RisingWave's option names): `properties.bootstrap.server` (or
 * `brokers`) is a comma-separated list of `host:port`; `topic` is required. kafkajs logs
 * nothing itself: problems reach the user through the source's reports and errors.
 */
import { Kafka, logLevel } from 'kafkajs';
import type { Options } from '@sluice/sql';
import { invalidOption, requireOption } from '../options.js';

export interface KafkaSettings {
  readonly brokers: string[];
  readonly topic: string;
  readonly clientId: string;
}

/** Reads and checks the connection options; throws EngineError('invalid-option'). */
export function kafkaSettings(options: Options, name: string): KafkaSettings {
  const servers = options['properties.bootstrap.server'] ?? options['brokers'];
  if (servers === undefined || servers.trim() === '') {
    throw invalidOption('properties.bootstrap.server', 'is required', "properties.bootstrap.server = '127.0.0.1:9092'");
  }
  const brokers = servers.split(',').map((s) => s.trim()).filter((s) => s !== '');
  for (const b of brokers) if (!/^[^:\s]+:\d+$/.test(b)) throw invalidOption('properties.bootstrap.server', `'${b}' is not host:port`);
  return { brokers, topic: requireOption(options, 'topic', "topic = 'events'"), clientId: options['properties.client.id'] ?? `sluice-${name}` };
}

/** A kafkajs client that retries connections for a long time (a broker restart is waited out). */
export function kafkaClient(settings: KafkaSettings): Kafka {
  return new Kafka({
    clientId: settings.clientId,
    brokers: settings.brokers,
    logLevel: logLevel.NOTHING,
    retry: { initialRetryTime: 100, maxRetryTime: 5_000, retries: 1_000_000 },
    connectionTimeout: 5_000,
  });
}
