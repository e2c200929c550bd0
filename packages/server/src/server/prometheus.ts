/**
 * `GET /metrics` in Prometheus's text format (prom-client). Pipeline metrics are read at scrape
 * time from SHOW PIPELINES, so a dropped pipeline disappears from the next scrape; the process
 * metrics (memory, event loop lag, ...) are prom-client's defaults.
 */
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { EngineHost } from './engine-host.js';
import { listPipelines, type PipelineInfo } from './introspection.js';

/** What the registry reads besides the pipelines. */
export interface MetricsSources {
  readonly host: EngineHost;
  readonly connections: () => ReadonlyMap<string, number>;
  readonly subscriptions: () => number;
}

/** The registry, and `scrape` which reads the pipelines and renders the text format. */
export interface SluiceMetrics {
  readonly registry: Registry;
  scrape(): Promise<string>;
}

/** A registry with Sluice's metrics. */
export function createMetrics(sources: MetricsSources): SluiceMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'sluice_' });
  let latest: PipelineInfo[] = [];
  const labelNames = ['pipeline'] as const;

  // collect() must be synchronous here: `scrape` reads the pipelines once, before rendering
  const define = (kind: 'counter' | 'gauge', name: string, help: string, value: (p: PipelineInfo) => number | null): void => {
    const Metric = kind === 'counter' ? Counter : Gauge;
    new Metric({ name, help, labelNames, registers: [registry], collect() { setAll(this, latest, value); } });
  };
  define('counter', 'sluice_pipeline_rows_in_total', 'Rows read by the pipeline from its inputs.', (p) => p.rowsIn);
  define('counter', 'sluice_pipeline_rows_out_total', 'Rows the pipeline emitted.', (p) => p.rowsOut);
  define('counter', 'sluice_pipeline_batches_total', 'Micro-batches the pipeline ran.', (p) => p.batches);
  define('counter', 'sluice_pipeline_late_rows_total', 'Rows dropped because they arrived behind the watermark.', (p) => p.lateRows);
  define('gauge', 'sluice_pipeline_processing_seconds', 'Time the last micro-batch took.', (p) => p.processingMs / 1000);
  define('gauge', 'sluice_pipeline_scheduling_delay_seconds', 'How late the last micro-batch started.', (p) => p.schedulingDelayMs / 1000);
  define('gauge', 'sluice_pipeline_watermark_lag_seconds', 'Wall clock minus the event-time watermark.', (p) => (p.watermarkLagMs === null ? null : p.watermarkLagMs / 1000));
  define('gauge', 'sluice_pipeline_state_rows', 'Rows held in the pipeline operators\' state.', (p) => p.stateRows);

  new Gauge({
    name: 'sluice_connections', help: 'Open client connections.', labelNames: ['protocol'], registers: [registry],
    collect() {
      this.reset();
      for (const [protocol, count] of sources.connections()) this.labels({ protocol }).set(count);
    },
  });
  new Gauge({
    name: 'sluice_subscriptions', help: 'Live websocket subscriptions.', registers: [registry],
    collect() {
      this.set(sources.subscriptions());
    },
  });
  return {
    registry,
    async scrape() {
      latest = await listPipelines(sources.host);
      return registry.metrics();
    },
  };
}

/** Replaces every labelled value of `metric` with the pipelines' current values. */
function setAll(metric: Counter<'pipeline'> | Gauge<'pipeline'>, pipelines: readonly PipelineInfo[], value: (p: PipelineInfo) => number | null): void {
  metric.reset();
  for (const pipeline of pipelines) {
    const v = value(pipeline);
    if (v === null || !Number.isFinite(v)) continue;
    if (metric instanceof Counter) metric.labels({ pipeline: pipeline.name }).inc(v);
    else metric.labels({ pipeline: pipeline.name }).set(v);
  }
}
