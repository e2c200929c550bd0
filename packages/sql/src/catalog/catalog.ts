/**
 * The catalog: every named object the binder can resolve. The engine owns the catalog's
 * contents (it creates and drops objects); the binder only reads it through `CatalogReader`.
 */
import type { Query } from '../ast/query.js';
import type { FormatDef, Options, Statement } from '../ast/statement.js';
import type { WatermarkSpec } from '../plan/logical-plan.js';
import type { Schema } from '../types/schema.js';
import type { UserFunctionLookup } from '../binder/user-functions.js';

export type CatalogObjectKind = 'source' | 'table' | 'materialized-view' | 'view' | 'sink';

export interface CatalogObject {
  readonly name: string;
  readonly kind: CatalogObjectKind;
  readonly schema: Schema;
  /** the DDL that created it: the catalog's durable form */
  readonly definition: Statement;
  readonly watermark?: WatermarkSpec;
  /** column positions of the primary key, if any (tables) or the unique key (views) */
  readonly primaryKey: readonly number[];
  /** true when the object only ever receives inserts */
  readonly appendOnly: boolean;
  /** true when the object's input ends by itself (a finite file, a generator with a count) */
  readonly bounded: boolean;
  /** for a plain VIEW: its query, expanded where it is used */
  readonly query?: Query;
  readonly options: Options;
  readonly format?: FormatDef;
  /**
   * Columns of a materialized view output that carry a watermark (e.g. window_end of an
   * EMIT ON WINDOW CLOSE aggregate), so views over views keep event time.
   */
  readonly watermarkColumns?: readonly number[];
}

export interface CatalogReader {
  get(name: string): CatalogObject | undefined;
  list(): readonly CatalogObject[];
  /** user-defined functions callable in queries bound against this catalog (none when absent) */
  readonly functions?: UserFunctionLookup;
}

/** An in-memory catalog. Names are case-insensitive (stored lower case). */
export class Catalog implements CatalogReader {
  private readonly objects = new Map<string, CatalogObject>();
  /** set by an engine that offers user-defined functions */
  functions?: UserFunctionLookup;

  get(name: string): CatalogObject | undefined {
    return this.objects.get(name.toLowerCase());
  }

  list(): readonly CatalogObject[] {
    return [...this.objects.values()];
  }

  add(object: CatalogObject): void {
    this.objects.set(object.name.toLowerCase(), object);
  }

  remove(name: string): boolean {
    return this.objects.delete(name.toLowerCase());
  }
}
