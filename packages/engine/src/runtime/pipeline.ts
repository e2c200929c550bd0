/**
 * A pipeline: one continuous query running as micro-batches (DESIGN §5).
 *
 * Each batch: poll every input (bounded by `maxRowsPerBatch`), push the rows through the
 * operator tree, advance the watermark (the minimum over inputs that have one), and hand the
 * root's output to every output (a view's row store, sinks, live subscribers), awaiting them
 * before the next batch starts. Batches run every `intervalMs`, back-to-back while an input
 * is backlogged, and not at all once every input has ended (the pipeline is then finished).
 *
 * A durable pipeline (one with a `PipelineDurability`, DESIGN §6) follows this protocol per
 * batch: poll, log the intent (each input's start and end position), process, `prepare`
 * outputs (a view applies the rows to its store), checkpoint (state, view rows, manifest),
 * `write` outputs (publish to followers; sinks write and commit), log the commit. On start it
 * restores the newest usable checkpoint, hands the outputs a checkpointed batch whose commit
 * was not logged, and replays logged-but-uncommitted batches with exactly their logged input
 * positions before reading anything new. A durable batch that polled no rows, moved no input's
 * position and left the watermark where it was is not a batch: it takes no id and logs
 * nothing (an idle pipeline would otherwise fsync an intent, a checkpoint and a commit every
 * interval); a position that moved without rows (a broker offset past a control record) is
 * still logged, so a replay reads from where the last batch ended.
 *
 * Errors inside a batch stop the pipeline: `failed` holds the error, outputs are told, and
 * `whenFinished` rejects.
 */
import type { Schema } from '@sluice/sql';
import type { Delta } from '../delta.js';
import type { OperatorTree } from './operator-tree.js';
import type { InputIntent, PipelineInput } from './pipeline-input.js';
import { checkStateMemory, estimateStateBytes } from './state-size.js';

export interface BatchOutput {
  readonly batchId: number;
  readonly deltas: readonly Delta[];
  readonly watermarkUs: number | null;
  /** true for the pipeline's last batch (all inputs ended) */
  readonly final: boolean;
  /** true when a restart hands out a checkpointed batch again (`prepare` was not called for it) */
  readonly redelivered?: boolean;
}

export interface PipelineOutput {
  /** Optional: applies the batch to in-memory state that the checkpoint includes (a view's rows). */
  prepare?(batch: BatchOutput): void;
  write(batch: BatchOutput): void | Promise<void>;
  /** the pipeline stopped: finished, failed (with the error) or dropped */
  close(error?: unknown): void | Promise<void>;
}

/** A logged batch: what each input took. */
export interface BatchIntent {
  readonly batch: number;
  readonly inputs: readonly InputIntent[];
}

/** What a restore hands back to the pipeline. */
export interface RestoredRun {
  readonly nextBatchId: number;
  readonly lastWatermarkUs: number;
  /** per input, the position to continue after; undefined: start fresh */
  readonly positions: readonly unknown[] | undefined;
  /** logged batches to run again, oldest first */
  readonly replays: readonly BatchIntent[];
  /** a checkpointed batch whose outputs may not all have committed */
  readonly redeliver: BatchOutput | null;
}

/** The durability protocol a pipeline drives (implemented by PipelineCheckpointer). */
export interface PipelineDurability {
  restore(pipeline: Pipeline): Promise<RestoredRun>;
  logIntent(intent: BatchIntent): Promise<void>;
  /** after processing and `prepare`: writes the batch's output and, when due, a checkpoint */
  checkpoint(batch: BatchOutput, meta: { lastWatermarkUs: number; positions: readonly unknown[] }): Promise<void>;
  commit(batchId: number): Promise<void>;
}

export interface PipelineMetrics {
  batches: number;
  rowsIn: number;
  rowsOut: number;
  lastProcessingMs: number;
  lastSchedulingDelayMs: number;
  totalProcessingMs: number;
  watermarkUs: number | null;
  lateRowsDropped: number;
  stateRows: number;
  /** approximate bytes of operator state (state-size.ts) */
  stateBytes: number;
  /** time spent writing the last checkpoint, ms */
  lastCheckpointMs: number;
}

export interface PipelineConfig {
  readonly intervalMs: () => number;
  readonly maxRowsPerBatch: number;
  /** bytes of state one operator may hold (`SET state_memory_limit`); Infinity: no limit */
  readonly stateMemoryLimitBytes?: () => number;
  /** called after each batch has gone through (and, when durable, committed); `final`: the last */
  readonly onBatch?: (pipeline: string, batchId: number, final: boolean) => void;
  /** called when a batch fails and the pipeline stops with `error` (nobody may be waiting on it) */
  readonly onFailure?: (pipeline: string, error: unknown) => void;
}

/** How long `stop` lets a batch under way finish. */
const STOP_WAIT_MS = 10_000;

export type PipelineStatus = 'created' | 'running' | 'finished' | 'failed' | 'stopped';

export class Pipeline {
  status: PipelineStatus = 'created';
  failed: unknown = null;
  readonly metrics: PipelineMetrics = {
    batches: 0, rowsIn: 0, rowsOut: 0, lastProcessingMs: 0, lastSchedulingDelayMs: 0,
    totalProcessingMs: 0, watermarkUs: null, lateRowsDropped: 0, stateRows: 0, stateBytes: 0, lastCheckpointMs: 0,
  };
  /** approximate state bytes per operator, in `tree.nodes` order */
  operatorStateBytes: number[] = [];
  durability: PipelineDurability | null = null;
  private readonly outputs = new Set<PipelineOutput>();
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private paused = 0;
  private idleWaiters: (() => void)[] = [];
  private nextBatchId = 1;
  private lastWatermarkUs = -Infinity;
  private replays: BatchIntent[] = [];
  private flushWaiters: { afterBatch: number; resolve: () => void; reject: (e: unknown) => void }[] = [];
  private finishWaiters: { resolve: () => void; reject: (e: unknown) => void }[] = [];
  private scheduledAt = 0;

  constructor(
    readonly name: string,
    readonly tree: OperatorTree,
    readonly inputs: readonly PipelineInput[],
    private readonly config: PipelineConfig,
  ) {}

  get outputSchema(): Schema {
    return this.tree.outputSchema;
  }

  /** true while an input may still produce rows without end */
  get unbounded(): boolean {
    return this.status === 'running' && this.inputs.some((i) => !i.ended);
  }

  /** Id of the newest batch that ran to its end (0 before any). */
  get lastBatchId(): number {
    return this.nextBatchId - 1 - (this.running ? 1 : 0);
  }

  addOutput(output: PipelineOutput): () => void {
    this.outputs.add(output);
    return () => this.outputs.delete(output);
  }

  async start(): Promise<void> {
    if (this.status !== 'created') return;
    let positions: readonly unknown[] | undefined;
    let redeliver: BatchOutput | null = null;
    if (this.durability) {
      const restored = await this.durability.restore(this);
      positions = restored.positions;
      this.nextBatchId = restored.nextBatchId;
      this.lastWatermarkUs = restored.lastWatermarkUs;
      this.replays = [...restored.replays];
      redeliver = restored.redeliver;
    }
    for (let i = 0; i < this.inputs.length; i++) await this.inputs[i]!.open(positions?.[i]);
    if (redeliver && this.status === 'created') {
      for (const output of this.outputs) await output.write(redeliver);
      await this.durability!.commit(redeliver.batchId);
    }
    // stopped while starting (the engine closed, the object was dropped): stay stopped
    if (this.status !== 'created') return;
    this.status = 'running';
    this.schedule(0);
  }

  /**
   * Stops the loop and closes inputs and outputs. A batch under way first runs to its end
   * (for at most `STOP_WAIT_MS`: a sink retrying an unreachable database is then cut short,
   * and the batch is replayed after a restart).
   */
  async stop(): Promise<void> {
    this.halt();
    if (this.running) {
      let timer: NodeJS.Timeout | undefined;
      const idle = new Promise<void>((resolve) => this.idleWaiters.push(resolve));
      await Promise.race([idle, new Promise<void>((resolve) => { timer = setTimeout(resolve, STOP_WAIT_MS); })]);
      clearTimeout(timer);
    }
    await this.closeAll();
  }

  /** Synchronously keeps any further batch from starting (the first step of `stop`). */
  halt(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.status === 'running' || this.status === 'created') this.status = 'stopped';
  }

  /** Resolves once a batch that started after this call has taken everything available. */
  flush(): Promise<void> {
    if (this.status !== 'running') return this.failed ? Promise.reject(this.failed) : Promise.resolve();
    return new Promise((resolve, reject) => {
      this.flushWaiters.push({ afterBatch: this.nextBatchId, resolve, reject });
      this.schedule(0);
    });
  }

  /** Resolves when every input has ended and its rows went through; rejects if the pipeline fails. */
  whenFinished(): Promise<void> {
    if (this.status === 'finished' || this.status === 'stopped') return Promise.resolve();
    if (this.status === 'failed') return Promise.reject(this.failed);
    return new Promise((resolve, reject) => this.finishWaiters.push({ resolve, reject }));
  }

  /** Runs a batch soon (an INSERT arrived). */
  wake(): void {
    if (this.status === 'running') this.schedule(0);
  }

  /** Runs `body` between batches, with no batch starting until it is done. */
  async exclusive<T>(body: () => Promise<T>): Promise<T> {
    while (this.running) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    this.paused++;
    try {
      return await body();
    } finally {
      this.paused--;
      if (this.paused === 0) this.schedule(0);
    }
  }

  private schedule(delayMs: number): void {
    if (this.running || this.paused > 0 || this.status !== 'running') return;
    if (this.timer) {
      if (delayMs > 0) return;
      clearTimeout(this.timer);
    }
    this.scheduledAt = performance.now() + delayMs;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.runBatch();
    }, delayMs);
  }

  private async runBatch(): Promise<void> {
    if (this.running || this.paused > 0 || this.status !== 'running') return;
    const replay = this.replays[0] ?? null;
    if (replay && !this.inputs.every((input, i) => input.replayReady?.(replay.inputs[i]!) ?? true)) {
      this.schedule(20); // a store input waits for its upstream to replay the batches it read
      return;
    }
    this.running = true;
    if (replay) this.replays.shift();
    const batchId = replay ? replay.batch : this.nextBatchId;
    this.nextBatchId = batchId + 1;
    const started = performance.now();
    this.metrics.lastSchedulingDelayMs = Math.max(0, started - this.scheduledAt);
    let backlogged = this.replays.length > 0;
    let final = false;
    try {
      const polled = await this.pollInputs(replay);
      backlogged ||= polled.backlogged;
      if (!replay && this.idlePoll(polled.intents)) {
        this.nextBatchId = batchId; // the id goes to the next batch that has something
        this.becomeIdle();
        this.settleFlushes(batchId, backlogged);
        this.scheduleNext(backlogged);
        return;
      }
      if (this.durability && !replay) await this.durability.logIntent({ batch: batchId, inputs: polled.intents });
      const out: Delta[] = [];
      polled.deltas.forEach((delta, i) => {
        if (!delta) return;
        this.metrics.rowsIn += delta.length;
        this.tree.pushInput(i, delta, out);
      });
      const watermark = this.currentWatermark();
      if (watermark !== null && watermark > this.lastWatermarkUs) {
        this.lastWatermarkUs = watermark;
        this.tree.advanceWatermark(watermark, out);
      } else if (this.metrics.batches === 0) {
        // The first batch always reaches every operator, so a global aggregate shows its row
        // (count 0) even when no input arrives.
        this.tree.advanceWatermark(this.lastWatermarkUs, out);
      }
      final = this.inputs.every((i) => i.ended);
      this.metrics.watermarkUs = watermark;
      for (const d of out) this.metrics.rowsOut += d.length;
      this.collectOperatorMetrics();
      checkStateMemory(this, this.config.stateMemoryLimitBytes?.() ?? Infinity);
      await this.deliver({ batchId, deltas: out, watermarkUs: watermark, final });
      this.metrics.batches++;
      this.metrics.lastProcessingMs = performance.now() - started;
      this.metrics.totalProcessingMs += this.metrics.lastProcessingMs;
    } catch (error) {
      this.becomeIdle();
      await this.fail(error);
      this.config.onFailure?.(this.name, error);
      return;
    }
    this.becomeIdle();
    this.config.onBatch?.(this.name, batchId, final);
    this.settleFlushes(batchId, backlogged);
    if (final && this.replays.length === 0) {
      await this.finish();
      return;
    }
    this.scheduleNext(backlogged);
  }

  /**
   * The next batch: at once while an input is backlogged or a FLUSH waits (one that came
   * while this batch ran needs a batch that started after it), else after the interval.
   */
  private scheduleNext(backlogged: boolean): void {
    this.schedule(backlogged || this.flushWaiters.length > 0 ? 0 : this.config.intervalMs());
  }

  /** Polls every input (or replays a logged batch) and says what each took. */
  private async pollInputs(replay: BatchIntent | null): Promise<{ deltas: (Delta | null)[]; intents: InputIntent[]; backlogged: boolean }> {
    const deltas: (Delta | null)[] = [];
    const intents: InputIntent[] = [];
    let backlogged = false;
    for (let i = 0; i < this.inputs.length; i++) {
      const input = this.inputs[i]!;
      if (replay) {
        const intent = replay.inputs[i]!;
        const unchanged = intent.rows === 0 && JSON.stringify(intent.start) === JSON.stringify(intent.end);
        deltas.push(unchanged ? null : await input.replay!(intent));
        // rows that arrived after the logged batch are still to read: a FLUSH waits for them
        if (!input.ended && !input.caughtUp) backlogged = true;
        continue;
      }
      const start = input.position?.() ?? null;
      const maxRows = input.effectiveMaxRows?.(this.config.maxRowsPerBatch) ?? this.config.maxRowsPerBatch;
      const delta = input.ended ? null : await input.poll(this.config.maxRowsPerBatch);
      deltas.push(delta);
      intents.push({ start, end: input.position?.() ?? null, maxRows: Number.isFinite(maxRows) ? maxRows : null, rows: delta?.length ?? 0 });
      if (!input.ended && !input.caughtUp) backlogged = true;
    }
    return { deltas, intents, backlogged };
  }

  /**
   * Whether a durable batch's poll found nothing to record: no rows, no input position moved,
   * the watermark unchanged, inputs still open (the final batch always runs), and not the
   * first batch of the run (it always reaches every operator and checkpoints).
   */
  private idlePoll(intents: readonly InputIntent[]): boolean {
    if (!this.durability || this.metrics.batches === 0 || this.inputs.every((i) => i.ended)) return false;
    const watermark = this.currentWatermark();
    if (watermark !== null && watermark > this.lastWatermarkUs) return false;
    return intents.every((i) => i.rows === 0 && JSON.stringify(i.start) === JSON.stringify(i.end));
  }

  /** Outputs prepare, the checkpoint is written, outputs write (sinks commit), the commit is logged. */
  private async deliver(batch: BatchOutput): Promise<void> {
    for (const output of this.outputs) output.prepare?.(batch);
    if (this.durability) {
      const started = performance.now();
      await this.durability.checkpoint(batch, {
        lastWatermarkUs: this.lastWatermarkUs,
        positions: this.inputs.map((i) => i.position?.() ?? null),
      });
      this.metrics.lastCheckpointMs = performance.now() - started;
    }
    for (const output of this.outputs) await output.write(batch);
    if (this.durability) await this.durability.commit(batch.batchId);
    // Only now may brokers forget what this batch read: a crash before here replays it.
    for (const input of this.inputs) await input.acknowledge?.();
  }

  private becomeIdle(): void {
    this.running = false;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  private currentWatermark(): number | null {
    let min: number | null = null;
    for (const input of this.inputs) {
      const wm = input.watermarkUs;
      if (wm === null) continue;
      if (min === null || wm < min) min = wm;
    }
    return min;
  }

  private collectOperatorMetrics(): void {
    let late = 0;
    let state = 0;
    for (const node of this.tree.nodes) {
      late += node.operator.metrics.lateRowsDropped;
      state += node.operator.metrics.stateRows;
    }
    this.metrics.lateRowsDropped = late;
    this.metrics.stateRows = state;
    const enforced = Number.isFinite(this.config.stateMemoryLimitBytes?.() ?? Infinity);
    this.operatorStateBytes = this.tree.nodes.map((n) => estimateStateBytes(n.operator, enforced));
    this.metrics.stateBytes = this.operatorStateBytes.reduce((a, b) => a + b, 0);
  }

  private settleFlushes(batchId: number, backlogged: boolean): void {
    if (backlogged) return;
    const done = this.flushWaiters.filter((w) => w.afterBatch <= batchId);
    this.flushWaiters = this.flushWaiters.filter((w) => w.afterBatch > batchId);
    for (const w of done) w.resolve();
  }

  private async finish(): Promise<void> {
    this.status = 'finished';
    await this.closeAll();
    for (const w of this.flushWaiters) w.resolve();
    for (const w of this.finishWaiters) w.resolve();
    this.flushWaiters = [];
    this.finishWaiters = [];
  }

  /** Stops the pipeline with `error` (a failed batch, a state limit, a failed restore). */
  async fail(error: unknown): Promise<void> {
    this.status = 'failed';
    this.failed = error;
    await this.closeAll(error);
    for (const w of this.flushWaiters) w.reject(error);
    for (const w of this.finishWaiters) w.reject(error);
    this.flushWaiters = [];
    this.finishWaiters = [];
  }

  private async closeAll(error?: unknown): Promise<void> {
    for (const input of this.inputs) {
      try {
        await input.close();
      } catch {
        // closing is best effort: the pipeline is already over
      }
    }
    for (const output of this.outputs) await output.close(error);
    this.outputs.clear();
  }
}
