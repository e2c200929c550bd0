/**
 * Compiles a BoundExpr once per query into a closure tree over column kernels. Evaluation is
 * vectorized: each node produces a whole column (a Vec) for the batch; column references are
 * converted from Arrow once per evaluation and shared between the nodes that use them.
 *
 * CASE evaluates a branch that can raise a problem (division, cast, ...) only on the rows
 * that take it, so that `CASE WHEN d <> 0 THEN n / d END` counts no problem.
 */
import type * as arrow from 'apache-arrow';
import { T, type BoundCase, type BoundExpr, type DataType, type Schema } from '@sluice/sql';
import { EngineError } from '../errors.js';
import type { Delta } from '../delta.js';
import { concatData } from '../arrow/concat.js';
import { takeData } from '../arrow/take.js';
import { compileCast } from './cast.js';
import type { EvalContext } from './eval-context.js';
import { RowErrors } from './row-errors.js';
import { lookupFunction } from './functions/registry.js';
import { compileUserScalar } from '../embedding/scalar-udf.js';
import { broadcast, dataToVec, vecToData } from './vec-convert.js';
import type { BoolVec, Vec } from './vec.js';

/** A compiled expression: one output column of `delta.length` rows per evaluation. */
export interface CompiledExpr {
  readonly type: DataType;
  /** The result as an Arrow column of `type` (a column reference returns the input column). */
  evaluate(delta: Delta, ctx: EvalContext): arrow.Data;
  /** The result in kernel form, for operators that post-process it. */
  evaluateVec(delta: Delta, ctx: EvalContext): Vec;
}

/** Input columns of one evaluation, converted lazily and at most once. */
interface Frame {
  readonly delta: Delta;
  readonly columns: (Vec | undefined)[];
}

type Node = (frame: Frame, ctx: EvalContext) => Vec;

const FALLIBLE = new Set(['divide', 'modulo', 'mod', 'sqrt', 'ln', 'log10', 'power', 'pow', 'to_timestamp', 'date_trunc', 'extract']);

/** Whether evaluating `e` may count a problem or throw on some rows. */
function mayFail(e: BoundExpr): boolean {
  switch (e.kind) {
    case 'InputRef':
    case 'Literal': return false;
    case 'Cast': return true;
    case 'Call': return FALLIBLE.has(e.fn) || !lookupFunction(e.fn) || e.args.some(mayFail);
    case 'Case': return e.whens.some((w) => mayFail(w.when) || mayFail(w.then)) || mayFail(e.else);
  }
}

function compileNode(e: BoundExpr, schema: Schema): Node {
  switch (e.kind) {
    case 'InputRef': {
      const index = e.index;
      const field = schema.fields[index];
      if (!field) throw new EngineError('internal-error', `column ${index} is out of range`, 'internal');
      return (frame) => (frame.columns[index] ??= dataToVec(frame.delta.columns[index]!, field.type));
    }
    case 'Literal': {
      let cached: Vec | null = null;
      return (frame) => {
        // Vecs are immutable, so one broadcast serves every batch of the same size.
        if (cached === null || cached.length !== frame.delta.length) cached = broadcast(e.value, e.type, frame.delta.length);
        return cached;
      };
    }
    case 'Cast': {
      const operand = compileNode(e.operand, schema);
      const kernel = compileCast(e.operand.type, e.type);
      return (frame, ctx) => kernel([operand(frame, ctx)], ctx, frame.delta.length);
    }
    case 'Call': {
      // a name the engine does not implement is a user function of the engine being planned
      const kernel = (lookupFunction(e.fn) ?? compileUserScalar)(e);
      const args = e.args.map((a) => compileNode(a, schema));
      return (frame, ctx) => kernel(args.map((a) => a(frame, ctx)), ctx, frame.delta.length);
    }
    case 'Case': return compileCase(e, schema);
  }
}

function compileCase(e: BoundCase, schema: Schema): Node {
  const whens = e.whens.map((w) => compileNode(w.when, schema));
  const branches = [...e.whens.map((w) => w.then), e.else].map((b) => ({ node: compileExpr(b, schema), subset: mayFail(b) }));
  return (frame, ctx) => {
    const n = frame.delta.length;
    const taken = new Int32Array(n).fill(e.whens.length);
    const decided = new Uint8Array(n);
    whens.forEach((when, b) => {
      const cond = when(frame, ctx) as BoolVec;
      for (let i = 0; i < n; i++) {
        if (!decided[i] && cond.values[i] && (cond.valid === null || cond.valid[i])) { taken[i] = b; decided[i] = 1; }
      }
    });
    const parts: arrow.Data[] = [];
    const rowInParts = new Int32Array(n);
    let base = 0;
    branches.forEach((branch, b) => {
      let rows: Int32Array | null = null;
      if (branch.subset) {
        rows = Int32Array.from({ length: n }, (_, i) => i).filter((i) => taken[i] === b);
      }
      const input = rows ? takeFrameDelta(frame.delta, rows) : frame.delta;
      parts.push(rows && ctx.rowErrors ? evaluateSubset(branch.node, input, rows, ctx) : branch.node.evaluate(input, ctx));
      for (let i = 0, k = 0; i < n; i++) if (taken[i] === b) rowInParts[i] = base + (rows ? k++ : i);
      base += input.length;
    });
    return dataToVec(takeData(concatData(parts), rowInParts), e.type);
  };
}

/** Evaluates `node` over the rows `rows` of the batch, recording failed rows by their batch index. */
function evaluateSubset(node: CompiledExpr, input: Delta, rows: Int32Array, ctx: EvalContext): arrow.Data {
  const rowErrors = new RowErrors();
  const data = node.evaluate(input, { ...ctx, rowErrors });
  for (const [k, error] of rowErrors.failures) ctx.rowErrors!.record(rows[k]!, error);
  return data;
}

function takeFrameDelta(delta: Delta, rows: Int32Array): Delta {
  return { schema: delta.schema, columns: delta.columns.map((c) => takeData(c, rows)), length: rows.length, ops: null };
}

/** Compiles `expr` over rows of `inputSchema`. Throws EngineError for unknown functions. */
export function compileExpr(expr: BoundExpr, inputSchema: Schema): CompiledExpr {
  const node = compileNode(expr, inputSchema);
  const evaluateVec = (delta: Delta, ctx: EvalContext): Vec => node({ delta, columns: [] }, ctx);
  if (expr.kind === 'InputRef') {
    return { type: expr.type, evaluate: (delta) => delta.columns[expr.index]!, evaluateVec };
  }
  return { type: expr.type, evaluate: (delta, ctx) => vecToData(evaluateVec(delta, ctx), ctx), evaluateVec };
}

/** A selection mask of a BOOLEAN expression: 1 where it is true, 0 where false or NULL. */
export function evaluatePredicate(compiled: CompiledExpr, delta: Delta, ctx: EvalContext): Uint8Array {
  const v = compiled.evaluateVec(delta, ctx);
  const n = delta.length;
  if (v.repr !== 'bool') {
    if (v.repr === 'null') return new Uint8Array(n);
    throw new EngineError('internal-error', `predicate of type ${String(compiled.type.kind === 'scalar' ? compiled.type.name : 'list')} is not BOOLEAN`, 'internal');
  }
  const mask = v.values.slice(0, n);
  if (v.valid) for (let i = 0; i < n; i++) mask[i] = mask[i]! & v.valid[i]!;
  return mask;
}

/** The BOOLEAN type predicates must have. */
export const PREDICATE_TYPE = T.boolean;
