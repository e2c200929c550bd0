/**
 * `connector = 'datagen'`: generated rows, for demos, tests and benchmarks (RisingWave's option
 * names; column settings in datagen-fields.ts).
 *
 * Source options: `datagen.rows.per.second` (default 10), `datagen.rows` or `number_of_rows`
 * (total rows; the source is bounded when set, or when a sequence column has an `end`),
 * `datagen.seed` (an integer; the same seed gives the same rows, whatever the poll sizes).
 * Rows are released at the rate measured on the wall clock since open; with a row count and no
 * rate the source generates as fast as `poll` asks. Offsets: `{ rows }`, the rows produced.
 */
import type { Options } from '@sluice/sql';
import { ColumnBuilder } from '../arrow/column-builder.js';
import type { Delta } from '../delta.js';
import { checkFieldOptionNames, fieldGenerator, type FieldGenerator } from './datagen-fields.js';
import { invalidOption, readInteger, readNumber, readOnError } from './options.js';
import { ProblemPolicy } from './problem-policy.js';
import type { SourceBatch, SourceConnector, SourceContext, SourceErrorCounters, SourceReader } from './source.js';

interface DatagenSettings {
  /** null: as fast as polled */
  readonly rowsPerSecond: number | null;
  readonly totalRows: number | null;
  readonly seed: number | null;
}

/** The `datagen` source connector. */
export const datagenSourceConnector: SourceConnector = {
  name: 'datagen',
  validate(ctx) {
    readOnError(ctx.options);
    const settings = datagenSettings(ctx.options);
    checkFieldOptionNames(ctx.schema.fields, ctx.options);
    const env = { seed: 0, rowsPerSecond: settings.rowsPerSecond ?? 10, openedAtUs: 0 };
    ctx.schema.fields.forEach((f, i) => fieldGenerator(f, i, ctx.options, env));
  },
  isBounded(options) {
    if (options['datagen.rows'] !== undefined || options['number_of_rows'] !== undefined) return true;
    return Object.keys(options).some((k) => /^fields\..+\.end$/.test(k) && options[k.replace(/\.end$/, '.kind')]?.toLowerCase() === 'sequence');
  },
  createReader(ctx) {
    return new DatagenSourceReader(ctx);
  },
};

function datagenSettings(options: Options): DatagenSettings {
  const countKey = options['datagen.rows'] !== undefined ? 'datagen.rows' : 'number_of_rows';
  const totalRows = options[countKey] === undefined ? null : readInteger(options, countKey, 0, 0);
  const rateGiven = options['datagen.rows.per.second'] !== undefined;
  const rate = readNumber(options, 'datagen.rows.per.second', 10, 0);
  if (rateGiven && rate === 0) throw invalidOption('datagen.rows.per.second', 'must be greater than 0');
  return {
    rowsPerSecond: rateGiven || totalRows === null ? rate : null,
    totalRows,
    seed: options['datagen.seed'] === undefined ? null : readInteger(options, 'datagen.seed', 0, 0, 2 ** 32 - 1),
  };
}

/** Generates rows on `poll`; see the module comment. */
export class DatagenSourceReader implements SourceReader {
  private readonly settings: DatagenSettings;
  private readonly problems: ProblemPolicy;
  private generators: FieldGenerator[] = [];
  /** rows produced so far, and at open (the rate counts from there) */
  private produced = 0;
  private producedAtOpen = 0;
  private openedAtMs = 0;
  /** rows in total before the source ends (row count or the first sequence end) */
  private limit = Infinity;

  constructor(private readonly ctx: SourceContext) {
    this.settings = datagenSettings(ctx.options);
    this.problems = new ProblemPolicy(readOnError(ctx.options), ctx.report, ctx.name);
  }

  get ended(): boolean {
    return this.produced >= this.limit;
  }

  get errors(): SourceErrorCounters {
    return this.problems.counters;
  }

  async open(): Promise<void> {
    this.openedAtMs = Date.now();
    this.producedAtOpen = this.produced;
    const env = {
      seed: this.settings.seed ?? Math.floor(Math.random() * 2 ** 32),
      rowsPerSecond: this.settings.rowsPerSecond ?? 10,
      openedAtUs: this.openedAtMs * 1000,
    };
    this.generators = this.ctx.schema.fields.map((f, i) => fieldGenerator(f, i, this.ctx.options, env));
    this.limit = this.settings.totalRows ?? Infinity;
    for (const g of this.generators) if (g.lastRow !== null) this.limit = Math.min(this.limit, g.lastRow + 1);
  }

  /** Continues after `offset` (`{ rows }`); the rate then counts from now. */
  async seek(offset: unknown): Promise<void> {
    this.produced = (offset as { rows: number }).rows;
    this.producedAtOpen = this.produced;
    this.openedAtMs = Date.now();
  }

  async poll(maxRows: number): Promise<SourceBatch | null> {
    let n = Math.min(maxRows, this.limit - this.produced);
    const rate = this.settings.rowsPerSecond;
    if (rate !== null) {
      const due = Math.floor(((Date.now() - this.openedAtMs) / 1000) * rate);
      n = Math.min(n, due - (this.produced - this.producedAtOpen));
    }
    if (n <= 0) return null;
    const delta = this.generate(this.produced, n);
    this.produced += n;
    return { delta, offset: { rows: this.produced } };
  }

  async close(): Promise<void> {}

  private generate(firstRow: number, count: number): Delta {
    const nowUs = Date.now() * 1000;
    const fields = this.ctx.schema.fields;
    const columns = fields.map((f, c) => {
      const builder = new ColumnBuilder(f.type);
      const generator = this.generators[c]!;
      for (let row = firstRow; row < firstRow + count; row++) builder.append(generator.value(row, nowUs));
      return builder.finish();
    });
    return { schema: this.ctx.schema, columns, length: count, ops: null };
  }
}
