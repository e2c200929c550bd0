/**
 * `ChangedGroups`: which group slots of a hash aggregate changed, and which group keys went,
 * since the last durable snapshot (the tracking protocol is in state-changes.ts).
 *
 * Slots are marked once per push that reaches them (a byte per slot and a list of the marked
 * ones), not per row, and only once tracking has started: a pipeline that never checkpoints
 * pays one branch per touched group. A removed group's key is recorded when it goes, because
 * its slot may be reused for another key before the next snapshot; a capture lists the marked
 * slots (the caller keeps those still alive) and the removed keys, and applying removals
 * before upserts makes a key that went and came back end up present.
 */
import type { Primitive } from './aggregate-values.js';

/** What one capture holds. */
export interface CapturedGroups {
  /** slots marked since the last durable snapshot (some may have been removed since) */
  readonly slots: readonly number[];
  /** keys of groups removed since then, per key column */
  readonly removedKeys: readonly Primitive[][];
}

export class ChangedGroups {
  /** true from the first durable snapshot on */
  tracking = false;
  private marked = new Uint8Array(64);
  private slots: number[] = [];
  private removedKeys: Primitive[][];
  /** the last capture, until it is durable */
  private inFlight: CapturedGroups | null = null;

  constructor(private readonly width: number) {
    this.removedKeys = Array.from({ length: width }, () => []);
  }

  /** Marks a slot changed (a no-op until tracking starts). */
  mark(slot: number): void {
    if (!this.tracking) return;
    if (slot >= this.marked.length) {
      const next = new Uint8Array(Math.max(slot + 1, this.marked.length * 2));
      next.set(this.marked);
      this.marked = next;
    }
    if (this.marked[slot]) return;
    this.marked[slot] = 1;
    this.slots.push(slot);
  }

  /** Records the key of a group about to be removed; `keyAt(k)` is its key part `k`. */
  removed(keyAt: (k: number) => Primitive): void {
    if (!this.tracking) return;
    for (let k = 0; k < this.width; k++) this.removedKeys[k]!.push(keyAt(k));
  }

  /**
   * The changes since the last durable snapshot, including those of a capture that never
   * became durable; starts a new capture.
   */
  capture(): CapturedGroups {
    const previous = this.inFlight;
    if (previous) {
      for (const slot of previous.slots) this.mark(slot);
      previous.removedKeys.forEach((keys, k) => { this.removedKeys[k] = [...keys, ...this.removedKeys[k]!]; });
    }
    const captured: CapturedGroups = { slots: this.slots, removedKeys: this.removedKeys };
    for (const slot of this.slots) this.marked[slot] = 0;
    this.slots = [];
    this.removedKeys = Array.from({ length: this.width }, () => []);
    this.inFlight = captured;
    return captured;
  }

  /** The last capture (or a full snapshot taken after it) is durable: tracking is on. */
  durable(): void {
    this.inFlight = null;
    this.tracking = true;
  }

  /** Forgets everything and stops tracking (the operator was opened again). */
  reset(): void {
    this.tracking = false;
    this.marked = new Uint8Array(64);
    this.slots = [];
    this.removedKeys = Array.from({ length: this.width }, () => []);
    this.inFlight = null;
  }
}
