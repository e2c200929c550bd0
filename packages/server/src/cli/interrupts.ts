/**
 * Stopping a run. The first SIGINT or SIGTERM (or an abort of the caller's signal) asks the run
 * to stop: running streams are cancelled and the engine is closed. A second one while that is
 * under way means "now": `forced` resolves and the run gives up waiting, exiting 130 as a
 * shell expects after Ctrl-C. The run may also stop itself, e.g. when stdout's reader leaves.
 */

/** Why a run stopped early. */
export type StopReason = 'signal' | 'output-closed';

/** The stop state of one run. Call `dispose` when the run ends to remove the signal handlers. */
export interface Interrupts {
  /** aborted when the run should stop; `reason` then says why */
  readonly signal: AbortSignal;
  readonly reason: StopReason | undefined;
  /** resolves on a second interrupt */
  readonly forced: Promise<void>;
  /** a promise that resolves when `signal` aborts */
  stopped(): Promise<void>;
  stop(reason: StopReason): void;
  dispose(): void;
}

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/** Starts listening for SIGINT and SIGTERM (and for `external`, when given). */
export function watchInterrupts(external?: AbortSignal): Interrupts {
  const controller = new AbortController();
  let reason: StopReason | undefined;
  let force: () => void = () => {};
  const forced = new Promise<void>((resolve) => {
    force = resolve;
  });
  const stop = (why: StopReason): void => {
    if (controller.signal.aborted) return;
    reason = why;
    controller.abort(why);
  };
  const onSignal = (): void => {
    if (controller.signal.aborted) force();
    else stop('signal');
  };
  for (const name of SIGNALS) process.on(name, onSignal);
  const onExternal = (): void => onSignal();
  external?.addEventListener('abort', onExternal);
  if (external?.aborted) stop('signal');

  return {
    signal: controller.signal,
    get reason() {
      return reason;
    },
    forced,
    stopped: () =>
      new Promise<void>((resolve) => {
        if (controller.signal.aborted) resolve();
        else controller.signal.addEventListener('abort', () => resolve(), { once: true });
      }),
    stop,
    dispose() {
      for (const name of SIGNALS) process.off(name, onSignal);
      external?.removeEventListener('abort', onExternal);
    },
  };
}
