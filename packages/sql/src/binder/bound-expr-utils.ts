/**
 * Kernels over bound expressions shared by the binder and the optimizer: structural
 * equality, bottom-up rewriting, input remapping and substitution, conjunction handling.
 * Rewrites keep reference equality when nothing changed, which the optimizer relies on to
 * detect a fixed point.
 */
import { T, type Interval, type SqlValue, typeEquals } from '../types/data-type.js';
import { call, inputRef, type BoundExpr, type InputRef } from '../plan/bound-expr.js';
import { InternalError } from '../errors.js';

/** Functions whose value changes between evaluations; never folded, duplicated or moved. */
const NON_DETERMINISTIC = new Set(['now', 'proctime']);

/** The direct sub-expressions of `expr`. */
export function exprChildren(expr: BoundExpr): readonly BoundExpr[] {
  switch (expr.kind) {
    case 'InputRef':
    case 'Literal':
      return [];
    case 'Call':
      return expr.args;
    case 'Cast':
      return [expr.operand];
    case 'Case':
      return [...expr.whens.flatMap((w) => [w.when, w.then]), expr.else];
    default:
      return expr satisfies never;
  }
}

/**
 * Rewrites `expr` bottom-up: `fn` sees each node after its children were rewritten and
 * returns a replacement or `undefined`. Returns `expr` itself when nothing changed.
 */
export function mapExpr(expr: BoundExpr, fn: (e: BoundExpr) => BoundExpr | undefined): BoundExpr {
  const rebuilt = mapChildren(expr, (c) => mapExpr(c, fn));
  return fn(rebuilt) ?? rebuilt;
}

/** Adds the input positions `expr` reads to `into` and returns it. */
export function collectInputRefs(expr: BoundExpr, into: Set<number> = new Set()): Set<number> {
  if (expr.kind === 'InputRef') into.add(expr.index);
  for (const c of exprChildren(expr)) collectInputRefs(c, into);
  return into;
}

/** `expr` with every `InputRef i` replaced by `InputRef mapping(i)`. */
export function remapInputs(expr: BoundExpr, mapping: (index: number) => number): BoundExpr {
  return mapExpr(expr, (e) => {
    if (e.kind !== 'InputRef') return undefined;
    const to = mapping(e.index);
    if (to < 0) throw new InternalError(`input #${e.index} has no new position`);
    return to === e.index ? undefined : inputRef(to, e.type);
  });
}

/** `expr` with every `InputRef i` replaced by `exprs[i]` (inlining a projection). */
export function substituteInputs(expr: BoundExpr, exprs: readonly BoundExpr[]): BoundExpr {
  return mapExpr(expr, (e) => {
    if (e.kind !== 'InputRef') return undefined;
    const replacement = exprs[e.index];
    if (!replacement) throw new InternalError(`input #${e.index} out of range (${exprs.length})`);
    return replacement;
  });
}

/** True unless `expr` calls a function whose value varies between evaluations. */
export function isDeterministic(expr: BoundExpr): boolean {
  if (expr.kind === 'Call' && NON_DETERMINISTIC.has(expr.fn)) return false;
  return exprChildren(expr).every(isDeterministic);
}

/** Whether a call to `fn` may be evaluated once at plan time. */
export function isDeterministicFunction(fn: string): boolean {
  return !NON_DETERMINISTIC.has(fn);
}

/** The conjuncts of a predicate: `a AND (b AND c)` -> [a, b, c]. */
export function splitConjunction(expr: BoundExpr): BoundExpr[] {
  if (expr.kind === 'Call' && expr.fn === 'and') return expr.args.flatMap(splitConjunction);
  return [expr];
}

/** `a AND b AND ...` of the given predicates; `true` for none. */
export function conjoin(predicates: readonly BoundExpr[]): BoundExpr {
  if (predicates.length === 0) return { kind: 'Literal', value: true, type: T.boolean };
  return predicates.reduce((acc, p) => call('and', [acc, p], T.boolean));
}

/** Structural equality of two bound expressions (types included). */
export function exprEquals(a: BoundExpr, b: BoundExpr): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind || !typeEquals(a.type, b.type)) return false;
  switch (a.kind) {
    case 'InputRef':
      return a.index === (b as InputRef).index;
    case 'Literal':
      return valueEquals(a.value, (b as typeof a).value);
    case 'Call': {
      const o = b as typeof a;
      return a.fn === o.fn && a.args.length === o.args.length && a.args.every((x, i) => exprEquals(x, o.args[i]!));
    }
    case 'Cast':
      return exprEquals(a.operand, (b as typeof a).operand);
    case 'Case': {
      const o = b as typeof a;
      return (
        a.whens.length === o.whens.length &&
        a.whens.every((w, i) => exprEquals(w.when, o.whens[i]!.when) && exprEquals(w.then, o.whens[i]!.then)) &&
        exprEquals(a.else, o.else)
      );
    }
    default:
      return a satisfies never;
  }
}

/** Equality of two SQL values of the same type. */
export function valueEquals(a: SqlValue, b: SqlValue): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => valueEquals(x, b[i]!));
  if (a instanceof Uint8Array && b instanceof Uint8Array) return a.length === b.length && a.every((x, i) => x === b[i]);
  if (Array.isArray(a) || Array.isArray(b) || a instanceof Uint8Array || b instanceof Uint8Array) return false;
  const x = a as Interval;
  const y = b as Interval;
  return x.months === y.months && x.days === y.days && x.micros === y.micros;
}

/**
 * Rewrites `expr` top-down: `fn` sees a node before its children and returns a replacement
 * (whose children are not visited) or `undefined` to descend. Returns `expr` when unchanged.
 */
export function mapExprTopDown(expr: BoundExpr, fn: (e: BoundExpr) => BoundExpr | undefined): BoundExpr {
  const replaced = fn(expr);
  if (replaced) return replaced;
  return mapChildren(expr, (c) => mapExprTopDown(c, fn));
}

/** `expr` with `fn` applied to each direct child; `expr` itself when no child changed. */
export function mapChildren(expr: BoundExpr, fn: (e: BoundExpr) => BoundExpr): BoundExpr {
  switch (expr.kind) {
    case 'InputRef':
    case 'Literal':
      return expr;
    case 'Call': {
      const args = expr.args.map(fn);
      return args.some((a, i) => a !== expr.args[i]) ? { ...expr, args } : expr;
    }
    case 'Cast': {
      const operand = fn(expr.operand);
      return operand === expr.operand ? expr : { ...expr, operand };
    }
    case 'Case': {
      const whens = expr.whens.map((w) => ({ when: fn(w.when), then: fn(w.then) }));
      const otherwise = fn(expr.else);
      const changed = otherwise !== expr.else || whens.some((w, i) => w.when !== expr.whens[i]!.when || w.then !== expr.whens[i]!.then);
      return changed ? { ...expr, whens, else: otherwise } : expr;
    }
    default:
      return expr satisfies never;
  }
}
