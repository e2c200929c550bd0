/**
 * round, floor, ceil, sqrt, exp, ln, power on DOUBLE (abs and mod live with arithmetic).
 * Arguments outside a function's domain (sqrt of a negative, ln of zero) give NULL and count
 * a problem. round of an integer type returns its argument.
 */
import type { BoundCall } from '@sluice/sql';
import type { EvalContext } from '../eval-context.js';
import { combineValid, numVec, writableValid, type NumVec } from '../vec.js';
import { argTypeName, type FunctionTable, type Kernel } from './kernel.js';

/** Half away from zero, as PostgreSQL rounds numerics. */
function roundHalfAway(x: number, digits: number): number {
  const f = 10 ** digits;
  const r = Math.round(Math.abs(x) * f) / f;
  return x < 0 ? -r : r;
}

/** A kernel over DOUBLE columns; `f` returns NaN for arguments outside its domain. */
function compileMath(f: (x: number, y: number) => number, domainChecked: boolean): (call: BoundCall) => Kernel {
  return (call) => (args, ctx, n) => {
    const a = args[0] as NumVec;
    const b = args[1] as NumVec | undefined;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = f(a.values[i]!, b ? b.values[i]! : 0);
    const valid = combineValid(args, n);
    return numVec(call.type, out, domainChecked ? nullWhereNaN(out, args.map((x) => (x as NumVec).values), valid, ctx, n) : valid);
  };
}

function nullWhereNaN(out: Float64Array, inputs: Float64Array[], valid: Uint8Array | null, ctx: EvalContext, n: number): Uint8Array | null {
  let result = valid;
  for (let i = 0; i < n; i++) {
    const v = out[i]!;
    if (v === v || (valid !== null && !valid[i]) || inputs.some((x) => x[i] !== x[i])) continue;
    if (result === valid) result = writableValid(valid, n);
    result![i] = 0;
    ctx.problems.count++;
  }
  return result;
}

const round: (call: BoundCall) => Kernel = (call) => {
  const t = argTypeName(call, 0);
  if (t === 'SMALLINT' || t === 'INT' || t === 'BIGINT') return (args) => args[0]!;
  return compileMath((x, d) => roundHalfAway(x, d), false)(call);
};

/** Math functions by canonical name. */
export const mathFunctions: FunctionTable = {
  round,
  floor: compileMath(Math.floor, false),
  ceil: compileMath(Math.ceil, false),
  ceiling: compileMath(Math.ceil, false),
  trunc: compileMath(Math.trunc, false),
  sqrt: compileMath(Math.sqrt, true),
  exp: compileMath(Math.exp, false),
  ln: compileMath((x) => (x > 0 ? Math.log(x) : NaN), true),
  log10: compileMath((x) => (x > 0 ? Math.log10(x) : NaN), true),
  power: compileMath(Math.pow, true),
  pow: compileMath(Math.pow, true),
  sign: compileMath(Math.sign, false),
};
