/**
 * The streams the CLI talks through, and an output channel that copes with slow and closed
 * readers: it waits for `drain` when a pipe is full and turns EPIPE (stdout piped into `head`)
 * into a quiet `broken` state instead of an exception.
 */
import type { Readable, Writable } from 'node:stream';

/** What `main` reads from and writes to; the process streams by default. */
export interface CliIo {
  readonly stdout: Writable;
  readonly stderr: Writable;
  /** only `isTTY` is consulted for now (the interactive REPL will read it) */
  readonly stdin: Readable & { readonly isTTY?: boolean };
}

/** The process's own streams. */
export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin };
}

/**
 * A text sink over one writable stream. `write` resolves once the stream can take more (so a
 * fast query cannot buffer without bound behind a slow pipe). After the reader goes away
 * (EPIPE, or the stream is destroyed) writes are dropped and `broken` is true; `onBroken`
 * listeners run once. Any other stream error is kept in `failure` for the caller to report.
 */
export class OutputChannel {
  private isBroken = false;
  private brokenListeners: (() => void)[] = [];
  /** a write error other than EPIPE, if one happened */
  failure: Error | undefined;

  constructor(private readonly stream: Writable) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') this.failure = error;
      this.markBroken();
    });
  }

  /** true once nothing written here can reach a reader any more */
  get broken(): boolean {
    return this.isBroken || this.stream.destroyed;
  }

  /** Registers `listener` to run once when the channel breaks (at once if it already has). */
  onBroken(listener: () => void): void {
    if (this.broken) listener();
    else this.brokenListeners.push(listener);
  }

  /** Writes `text`; resolves when the stream is ready for more, or at once if broken. */
  async write(text: string): Promise<void> {
    if (this.broken || text.length === 0) return;
    if (this.stream.write(text)) return;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        this.stream.off('drain', done);
        this.stream.off('close', done);
        this.stream.off('error', done);
        resolve();
      };
      this.stream.on('drain', done);
      this.stream.on('close', done);
      this.stream.on('error', done);
    });
  }

  private markBroken(): void {
    if (this.isBroken) return;
    this.isBroken = true;
    const listeners = this.brokenListeners;
    this.brokenListeners = [];
    for (const listener of listeners) listener();
  }
}
