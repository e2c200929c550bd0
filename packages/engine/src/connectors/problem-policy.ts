/**
 * Applies a source's `on_error` to the problems its decoder found: 'skip' counts each bad row
 * and reports it once (position and reason) and lets the rest through; 'fail' stops the source
 * with EngineError('bad-input-row') naming the first problem's position; 'dead_letter' counts
 * it and reports every one with its raw payload (code `dead-letter`), which the engine keeps in
 * the `sluice_dead_letters` table.
 */
import { EngineError } from '../errors.js';
import type { OnError } from './options.js';
import type { InputProblem, SourceErrorCounters } from './source.js';

/** The per-reader bookkeeping of bad rows. */
export class ProblemPolicy {
  private malformed = 0;
  readonly counters: SourceErrorCounters;

  constructor(
    private readonly onError: OnError,
    private readonly report: (problem: InputProblem) => void,
    private readonly sourceName: string,
  ) {
    const count = (): number => this.malformed;
    this.counters = { get malformedRows() { return count(); } };
  }

  /**
   * Counts and reports `problems`; throws on the first one when `on_error = 'fail'`.
   * `payloadOf` gives a problem's raw record for dead letters (absent: an empty payload).
   */
  handle(problems: readonly InputProblem[], payloadOf?: (problem: InputProblem, index: number) => string | undefined): void {
    for (let i = 0; i < problems.length; i++) {
      const problem = problems[i]!;
      if (this.onError === 'fail') {
        throw new EngineError('bad-input-row', `${problem.position}: ${problem.message}`, 'user', {
          operator: `source ${this.sourceName}`,
          hint: "set on_error = 'skip' to count and skip bad rows, or 'dead_letter' to keep them in sluice_dead_letters",
        });
      }
      this.malformed++;
      if (this.onError === 'skip') {
        this.report(problem);
        continue;
      }
      this.report({
        code: 'dead-letter',
        message: problem.message,
        position: problem.position,
        deadLetter: { source: this.sourceName, offset: problem.position, payload: payloadOf?.(problem, i) ?? '', error: problem.message },
      });
    }
  }
}
