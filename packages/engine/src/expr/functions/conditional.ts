/**
 * coalesce, nullif, greatest, least: each picks, per row, which argument supplies the value
 * and lets chooseRows gather it.
 */
import type { BoundCall } from '@sluice/sql';
import { chooseRows } from '../choose-rows.js';
import { isValidAt } from '../vec.js';
import { comparatorOf } from './comparator.js';
import type { FunctionTable, Kernel } from './kernel.js';

const coalesce: (call: BoundCall) => Kernel = (call) => (args, _ctx, n) => {
  const which = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < args.length; k++) if (isValidAt(args[k]!, i)) { which[i] = k; break; }
  }
  return chooseRows(call.type, args, which, null);
};

const nullif: (call: BoundCall) => Kernel = (call) => (args, _ctx, n) => {
  const [a, b] = args as [typeof args[0], typeof args[0]];
  const cmp = comparatorOf(a!, b!);
  const which = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (!isValidAt(a!, i) || (isValidAt(b!, i) && cmp(i, i) === 0)) which[i] = -1;
  }
  return chooseRows(call.type, [a!], which, null);
};

/** greatest (sign 1) / least (sign -1), ignoring NULLs. */
function compileExtreme(sign: 1 | -1): (call: BoundCall) => Kernel {
  return (call) => (args, _ctx, n) => {
    const which = new Int32Array(n).fill(-1);
    const comparators = args.map((a) => args.map((b) => comparatorOf(a, b)));
    for (let i = 0; i < n; i++) {
      let best = -1;
      for (let k = 0; k < args.length; k++) {
        if (!isValidAt(args[k]!, i)) continue;
        if (best < 0 || comparators[k]![best]!(i, i) * sign > 0) best = k;
      }
      which[i] = best;
    }
    return chooseRows(call.type, args, which, null);
  };
}

/** Conditional functions by canonical name. */
export const conditionalFunctions: FunctionTable = {
  coalesce,
  nullif,
  greatest: compileExtreme(1),
  least: compileExtreme(-1),
};
