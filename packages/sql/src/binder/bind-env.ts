/**
 * What binding one statement needs besides the AST: the catalog, the CTEs in scope, the views
 * being expanded (to catch a view that refers to itself), and notices for the user.
 */
import type { CommonTableExpr } from '../ast/query.js';
import type { CatalogReader } from '../catalog/catalog.js';
import type { LogicalPlan } from '../plan/logical-plan.js';
import type { Scope } from './scope.js';

/** Binding state for one statement. CTE maps are replaced, never mutated, when a WITH nests. */
export interface BindEnv {
  readonly catalog: CatalogReader;
  /** CTEs visible here, by lower-case name */
  readonly ctes: ReadonlyMap<string, CommonTableExpr>;
  /** lower-case names of views and CTEs being expanded */
  readonly expanding: ReadonlySet<string>;
  /** messages for the user that do not stop the statement, e.g. an ignored ORDER BY */
  readonly notices: string[];
}

/** A bound FROM item or query: its plan and the names its output columns go by. */
export interface Relation {
  readonly plan: LogicalPlan;
  readonly scope: Scope;
}

/** A fresh environment over `catalog`. */
export function newEnv(catalog: CatalogReader): BindEnv {
  return { catalog, ctes: new Map(), expanding: new Set(), notices: [] };
}
