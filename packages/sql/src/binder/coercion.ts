/**
 * Implicit type coercion: which types an argument may silently become, at what cost, and the
 * common type of several expressions (CASE branches, VALUES columns, IN lists).
 *
 * Numeric widening follows SMALLINT < INT < BIGINT < DECIMAL < DOUBLE and REAL < DOUBLE.
 * DATE widens to TIMESTAMP and TIMESTAMPTZ, TIMESTAMP to TIMESTAMPTZ. A NULL literal and an
 * untyped string literal (`'2024-01-01'`, PostgreSQL's "unknown") may become any type; the
 * string is then cast at plan time.
 */
import { type DataType, type ScalarTypeName, T, typeEquals } from '../types/data-type.js';

const NUMERIC_RANK: Partial<Record<ScalarTypeName, number>> = { SMALLINT: 0, INT: 1, BIGINT: 2, DECIMAL: 3, DOUBLE: 4 };

const TEMPORAL_WIDENING: Partial<Record<ScalarTypeName, Partial<Record<ScalarTypeName, number>>>> = {
  DATE: { TIMESTAMP: 1, TIMESTAMPTZ: 2 },
  TIMESTAMP: { TIMESTAMPTZ: 1 },
};

/** An argument as coercion sees it: its type and whether it is a still-untyped literal. */
export interface ArgType {
  readonly type: DataType;
  /** an untyped string literal or NULL, which may take any type */
  readonly untyped: boolean;
}

/**
 * The cost of turning a value of type `from` into `to` without an explicit CAST: 0 when equal,
 * larger for longer widenings, `undefined` when not allowed implicitly.
 */
export function implicitCastCost(from: ArgType, to: DataType): number | undefined {
  if (typeEquals(from.type, to)) return 0;
  if (from.type.kind === 'scalar' && from.type.name === 'NULL') return 1;
  if (from.untyped) return to.kind === 'scalar' ? 1 : undefined;
  if (from.type.kind !== 'scalar' || to.kind !== 'scalar') return undefined;
  if (from.type.name === 'REAL') return to.name === 'DOUBLE' ? 1 : undefined;
  const fromRank = NUMERIC_RANK[from.type.name];
  const toRank = NUMERIC_RANK[to.name];
  if (fromRank !== undefined && toRank !== undefined) return toRank > fromRank ? toRank - fromRank : undefined;
  return TEMPORAL_WIDENING[from.type.name]?.[to.name];
}

/**
 * The type all `args` can be coerced to at the least total cost, chosen among their own types
 * (untyped literals alone give VARCHAR, NULLs alone give NULL). `undefined` when they have no
 * common type.
 */
export function commonType(args: readonly ArgType[]): DataType | undefined {
  const candidates: DataType[] = [];
  for (const a of args) {
    if (a.untyped || (a.type.kind === 'scalar' && a.type.name === 'NULL')) continue;
    if (!candidates.some((c) => typeEquals(c, a.type))) candidates.push(a.type);
  }
  // REAL mixed with an exact numeric has DOUBLE as its only common type
  if (candidates.some((c) => c.kind === 'scalar' && c.name === 'REAL') && candidates.length > 1) candidates.push(T.double);
  if (candidates.length === 0) return args.some((a) => a.untyped && a.type.kind === 'scalar' && a.type.name === 'VARCHAR') ? T.varchar : T.null;
  let best: DataType | undefined;
  let bestCost = Infinity;
  for (const c of candidates) {
    let total = 0;
    for (const a of args) {
      const cost = implicitCastCost(a, c);
      if (cost === undefined) {
        total = Infinity;
        break;
      }
      total += cost;
    }
    if (total < bestCost) {
      bestCost = total;
      best = c;
    }
  }
  return best;
}

/**
 * Whether an explicit CAST from `from` to `to` is defined (docs/functions-contract.md):
 * numeric <-> numeric, numeric/BOOLEAN <-> VARCHAR, VARCHAR -> temporal/INTERVAL, temporal
 * <-> temporal, TIMESTAMP(TZ) -> TIME, TIME <-> INTERVAL, and anything -> VARCHAR.
 */
export function canExplicitCast(from: DataType, to: DataType): boolean {
  if (typeEquals(from, to)) return true;
  if (from.kind !== 'scalar' || to.kind !== 'scalar') return from.kind === 'scalar' && from.name === 'NULL';
  if (from.name === 'NULL' || to.name === 'VARCHAR') return true;
  const numeric = (n: ScalarTypeName): boolean => n in NUMERIC_RANK || n === 'REAL';
  const temporal = (n: ScalarTypeName): boolean => n === 'TIMESTAMP' || n === 'TIMESTAMPTZ' || n === 'DATE';
  if (numeric(from.name) && numeric(to.name)) return true;
  if (from.name === 'VARCHAR') return to.name !== 'NULL';
  if (temporal(from.name) && temporal(to.name)) return true;
  if (to.name === 'TIME') return from.name === 'TIMESTAMP' || from.name === 'TIMESTAMPTZ' || from.name === 'INTERVAL';
  return from.name === 'TIME' && to.name === 'INTERVAL';
}
