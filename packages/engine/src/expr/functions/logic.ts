/**
 * Three-valued logic: and, or, not, and the never-NULL tests is_(not_)null,
 * is_(not_)true, is_(not_)false.
 */
import { T, type BoundCall } from '@sluice/sql';
import { boolVec, type BoolVec } from '../vec.js';
import type { FunctionTable, Kernel } from './kernel.js';

/** AND: false wins over NULL; OR: true wins over NULL. `dominant` is the winning value. */
function compileConnective(dominant: 0 | 1): (call: BoundCall) => Kernel {
  return () => (args, _ctx, n) => {
    const out = new Uint8Array(n).fill(1 - dominant);
    const valid = new Uint8Array(n).fill(1);
    for (let i = 0; i < n; i++) {
      let decided = false;
      let sawNull = false;
      for (const arg of args as BoolVec[]) {
        if (arg.valid !== null && !arg.valid[i]) sawNull = true;
        else if (arg.values[i] === dominant) { decided = true; break; }
      }
      if (decided) out[i] = dominant;
      else if (sawNull) valid[i] = 0;
    }
    return boolVec(T.boolean, out, valid);
  };
}

const not: (call: BoundCall) => Kernel = () => (args, _ctx, n) => {
  const a = args[0] as BoolVec;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = 1 - a.values[i]!;
  return boolVec(T.boolean, out, a.valid);
};

/**
 * The IS tests: `onNull` is the answer for a NULL input, `onValue(v)` for a boolean 0/1
 * (is_null/is_not_null ignore the value).
 */
function compileIs(onNull: 0 | 1, onValue: (v: number) => number): (call: BoundCall) => Kernel {
  return () => (args, _ctx, n) => {
    const a = args[0]!;
    const values = a.repr === 'bool' ? a.values : null;
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const isNull = a.valid !== null && !a.valid[i];
      out[i] = isNull ? onNull : onValue(values ? values[i]! : 1);
    }
    return boolVec(T.boolean, out, null);
  };
}

/** Logical functions by canonical name. */
export const logicFunctions: FunctionTable = {
  and: compileConnective(0),
  or: compileConnective(1),
  not,
  is_null: compileIs(1, () => 0),
  is_not_null: compileIs(0, () => 1),
  is_true: compileIs(0, (v) => v),
  is_not_true: compileIs(1, (v) => 1 - v),
  is_false: compileIs(0, (v) => 1 - v),
  is_not_false: compileIs(1, (v) => v),
};
