/**
 * The connectors `CREATE SOURCE/TABLE/SINK ... WITH (connector = '...')` can name. Built-in ones
 * are registered here; others (brokers, databases) add themselves with `registerSourceConnector`
 * / `registerSinkConnector` before statements run.
 */
import { closestName } from '@sluice/sql';
import { EngineError } from '../errors.js';
import { consoleSinkConnector } from './console-sink.js';
import { datagenSourceConnector } from './datagen-source.js';
import { fileSinkConnector } from './file-sink.js';
import { fileSourceConnector } from './file-source.js';
import { postgresSinkConnector } from './postgres-sink.js';
import { postgresSourceConnector } from './postgres-source.js';
import { kafkaSinkConnector } from './kafka/kafka-sink.js';
import { kafkaSourceConnector } from './kafka/kafka-source.js';
import { mqttSinkConnector } from './mqtt/mqtt-sink.js';
import { mqttSourceConnector } from './mqtt/mqtt-source.js';
import { natsSinkConnector } from './nats/nats-sink.js';
import { natsSourceConnector } from './nats/nats-source.js';
import { redisSinkConnector } from './redis/redis-sink.js';
import { redisSourceConnector } from './redis/redis-source.js';
import { nexmarkSourceConnector } from './nexmark/nexmark-source.js';
import type { SinkConnector } from './sink.js';
import { socketSourceConnector } from './socket-source.js';
import type { SourceConnector } from './source.js';

const sources = new Map<string, SourceConnector>();
const sinks = new Map<string, SinkConnector>();
for (const c of [fileSourceConnector, socketSourceConnector, datagenSourceConnector, nexmarkSourceConnector, kafkaSourceConnector, redisSourceConnector, natsSourceConnector, mqttSourceConnector, postgresSourceConnector]) sources.set(c.name, c);
for (const c of [fileSinkConnector, consoleSinkConnector, postgresSinkConnector, redisSinkConnector, natsSinkConnector, mqttSinkConnector, kafkaSinkConnector]) sinks.set(c.name, c);

/** The source connector called `name` (case-insensitive); throws EngineError('unknown-connector'). */
export function getSourceConnector(name: string): SourceConnector {
  return lookup(sources, name, 'source');
}

/** The sink connector called `name` (case-insensitive); throws EngineError('unknown-connector'). */
export function getSinkConnector(name: string): SinkConnector {
  return lookup(sinks, name, 'sink');
}

/** Adds or replaces a source connector under its `name` (lower case). */
export function registerSourceConnector(connector: SourceConnector): void {
  sources.set(connector.name.toLowerCase(), connector);
}

/** Adds or replaces a sink connector under its `name` (lower case). */
export function registerSinkConnector(connector: SinkConnector): void {
  sinks.set(connector.name.toLowerCase(), connector);
}

/** Names of the registered source and sink connectors, sorted. */
export function connectorNames(): { sources: string[]; sinks: string[] } {
  return { sources: [...sources.keys()].sort(), sinks: [...sinks.keys()].sort() };
}

function lookup<T>(registry: Map<string, T>, name: string, role: string): T {
  const found = registry.get(name.toLowerCase());
  if (found) return found;
  const known = [...registry.keys()].sort();
  const near = closestName(name, known);
  throw new EngineError('unknown-connector', `there is no ${role} connector '${name}'`, 'user', {
    hint: `${near ? `did you mean '${near}'? ` : ''}known ${role} connectors: ${known.join(', ')}`,
  });
}
