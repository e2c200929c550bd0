/**
 * `ChangedKeys`: the keys of state entries that changed since the last durable snapshot,
 * each with what the operator needs to write it at the next capture (a partition's key
 * values, a stored row, or null for an entry that went). For operators whose entries have
 * stable identities (a top-N partition's key text, a join row's id); the hash aggregate,
 * whose slots are reused, has its own (changed-groups.ts). The protocol is that of
 * state-changes.ts: nothing is recorded before tracking starts; a capture that never became
 * durable is folded into the next one, under what changed since.
 */
export class ChangedKeys<K, V> {
  /** true from the first durable snapshot on */
  tracking = false;
  private changed = new Map<K, V>();
  private inFlight: Map<K, V> | null = null;

  /** Records the latest word on `key` (a no-op until tracking starts). */
  mark(key: K, value: V): void {
    if (this.tracking) this.changed.set(key, value);
  }

  /** The changes since the last durable snapshot (a failed capture's included); starts a new capture. */
  capture(): ReadonlyMap<K, V> {
    const captured = this.changed;
    if (this.inFlight) for (const [key, value] of this.inFlight) if (!captured.has(key)) captured.set(key, value);
    this.changed = new Map();
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
    this.changed = new Map();
    this.inFlight = null;
  }
}
