/**
 * The server-wide connection limit, shared by websocket and PostgreSQL clients. A connection
 * takes a slot when it is accepted and gives it back when it closes.
 */

/** Counts open connections against a maximum. */
export class ConnectionGate {
  private readonly open = new Map<string, number>();

  constructor(private readonly max: number) {}

  /** Open connections, all protocols. */
  get total(): number {
    let sum = 0;
    for (const count of this.open.values()) sum += count;
    return sum;
  }

  /** Open connections per protocol (`ws`, `pg`). */
  counts(): ReadonlyMap<string, number> {
    return this.open;
  }

  /** Takes a slot for a `protocol` connection; returns a release function, or undefined when full. */
  acquire(protocol: string): (() => void) | undefined {
    if (this.total >= this.max) return undefined;
    this.open.set(protocol, (this.open.get(protocol) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.open.set(protocol, (this.open.get(protocol) ?? 1) - 1);
    };
  }

  get limit(): number {
    return this.max;
  }
}
