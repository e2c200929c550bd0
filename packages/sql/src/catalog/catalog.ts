/**
 * The catalog: every named object the binder can resolve. The engine owns the catalog's
 * contents (it creates and drops objects); the binder only reads it through `CatalogReader`.
 *
 * Names: user objects live in schema `public` (`public.t` is `t`). System relations (the
 * engine's `pg_catalog` and `information_schema`) are reached by their qualified names;
 * `pg_catalog` is also searched for an unqualified name no user object has, as PostgreSQL's
 * search path does.
 */
import type { Query } from '../ast/query.js';
import type { FormatDef, Options, Statement } from '../ast/statement.js';
import type { WatermarkSpec } from '../plan/logical-plan.js';
import type { Schema } from '../types/schema.js';
import type { UserFunctionLookup } from '../binder/user-functions.js';

/** `system-table`: a read-only relation the engine computes from its catalog when read. */
export type CatalogObjectKind = 'source' | 'table' | 'materialized-view' | 'view' | 'sink' | 'system-table';

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

/** System relations by qualified lower-case name (`pg_catalog.pg_class`). */
export interface SystemRelationLookup {
  get(qualifiedName: string): CatalogObject | undefined;
}

export interface CatalogReader {
  /** a user object or a system relation */
  get(name: string): CatalogObject | undefined;
  /** user objects */
  list(): readonly CatalogObject[];
  /** user-defined functions callable in queries bound against this catalog (none when absent) */
  readonly functions?: UserFunctionLookup;
}

/** An in-memory catalog. Names are case-insensitive (stored lower case). */
export class Catalog implements CatalogReader {
  private readonly objects = new Map<string, CatalogObject>();
  /** set by an engine that offers user-defined functions */
  functions?: UserFunctionLookup;
  /** set by an engine that offers system relations */
  system?: SystemRelationLookup;

  get(name: string): CatalogObject | undefined {
    const lower = name.toLowerCase();
    const own = this.objects.get(lower);
    if (own) return own;
    const dot = lower.indexOf('.');
    if (dot < 0) return this.system?.get(`pg_catalog.${lower}`);
    if (lower.slice(0, dot) === 'public') return this.objects.get(lower.slice(dot + 1));
    return this.system?.get(lower);
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
