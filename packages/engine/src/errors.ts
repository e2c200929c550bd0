/**
 * Errors raised while running queries (DESIGN, STYLE "errors that help").
 *
 * `domain` says whose fault it is: `user` (bad options, bad input under on_error='fail'),
 * `external` (a broker or file system failed; `retryable` says if trying again may help) or
 * `internal` (a bug). `operator` names the operator or connector where it happened.
 */
export type ErrorDomain = 'user' | 'external' | 'internal';

export class EngineError extends Error {
  override readonly name = 'EngineError';
  constructor(
    readonly code: string,
    message: string,
    readonly domain: ErrorDomain = 'user',
    readonly options: { readonly retryable?: boolean; readonly operator?: string; readonly hint?: string; readonly cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
  }

  get retryable(): boolean {
    return this.options.retryable ?? false;
  }

  describe(): string {
    const where = this.options.operator ? ` in ${this.options.operator}` : '';
    const hint = this.options.hint ? ` (hint: ${this.options.hint})` : '';
    return `${this.code}${where}: ${this.message}${hint}`;
  }
}
