/**
 * date_trunc, extract, to_timestamp, now/proctime. All in UTC; TIMESTAMP values are µs.
 * The unit/field argument is resolved once when it is a literal.
 */
import { T, type BoundCall } from '@sluice/sql';
import { EngineError } from '../../errors.js';
import { broadcast } from '../vec-convert.js';
import { numVec, writableValid, type NumVec, type StrVec } from '../vec.js';
import { vecStrings } from '../vec-convert.js';
import { civilFromDays, DAY_US, daysFromCivil, floorMod } from './calendar.js';
import { literalArg, type FunctionTable, type Kernel } from './kernel.js';

type UsFn = (us: number) => number;

const FIXED_UNITS: Record<string, number> = {
  microsecond: 1, microseconds: 1, millisecond: 1000, milliseconds: 1000,
  second: 1e6, seconds: 1e6, minute: 60e6, minutes: 60e6, hour: 3600e6, hours: 3600e6, day: DAY_US, days: DAY_US,
};

/** The truncation of a µs timestamp to `unit`, or null for an unknown unit. */
export function truncator(unit: string): UsFn | null {
  const u = unit.toLowerCase();
  const fixed = FIXED_UNITS[u];
  if (fixed !== undefined) return (us) => us - floorMod(us, fixed);
  const startOfDay = (us: number): number => Math.floor(us / DAY_US);
  switch (u) {
    case 'week': case 'weeks': return (us) => {
      const days = startOfDay(us);
      return (days - floorMod(days + 3, 7)) * DAY_US; // 1970-01-01 was a Thursday; weeks start Monday
    };
    case 'month': case 'months': return (us) => { const c = civilFromDays(startOfDay(us)); return daysFromCivil(c.year, c.month, 1) * DAY_US; };
    case 'quarter': return (us) => { const c = civilFromDays(startOfDay(us)); return daysFromCivil(c.year, c.month - ((c.month - 1) % 3), 1) * DAY_US; };
    case 'year': case 'years': return (us) => daysFromCivil(civilFromDays(startOfDay(us)).year, 1, 1) * DAY_US;
    case 'decade': return (us) => { const y = civilFromDays(startOfDay(us)).year; return daysFromCivil(y - floorMod(y, 10), 1, 1) * DAY_US; };
    default: return null;
  }
}

/** The value of `field` of a µs timestamp, or null for an unknown field. */
export function extractor(field: string): UsFn | null {
  const days = (us: number): number => Math.floor(us / DAY_US);
  switch (field.toLowerCase()) {
    case 'year': return (us) => civilFromDays(days(us)).year;
    case 'quarter': return (us) => Math.floor((civilFromDays(days(us)).month - 1) / 3) + 1;
    case 'month': return (us) => civilFromDays(days(us)).month;
    case 'day': return (us) => civilFromDays(days(us)).day;
    case 'hour': return (us) => Math.floor(floorMod(us, DAY_US) / 3600e6);
    case 'minute': return (us) => Math.floor(floorMod(us, 3600e6) / 60e6);
    case 'second': return (us) => floorMod(us, 60e6) / 1e6;
    case 'millisecond': case 'milliseconds': return (us) => floorMod(us, 60e6) / 1e3;
    case 'microsecond': case 'microseconds': return (us) => floorMod(us, 60e6);
    case 'epoch': return (us) => us / 1e6;
    case 'dow': return (us) => floorMod(days(us) + 4, 7);
    case 'isodow': return (us) => floorMod(days(us) + 3, 7) + 1;
    case 'doy': return (us) => { const d = days(us); return d - daysFromCivil(civilFromDays(d).year, 1, 1) + 1; };
    default: return null;
  }
}

/**
 * A kernel applying `lookup(name)` to the µs value of argument 1 (a DATE is converted).
 * With a literal name the function is looked up once; otherwise per distinct value.
 */
function compileUnitFunction(what: string, lookup: (name: string) => UsFn | null): (call: BoundCall) => Kernel {
  return (call) => {
    const fixed = literalArg(call, 0);
    const resolve = (name: string): UsFn => {
      const fn = lookup(name);
      if (!fn) throw new EngineError('invalid-argument', `${what}: unknown unit '${name}'`);
      return fn;
    };
    const fixedFn = typeof fixed === 'string' ? resolve(fixed) : null;
    const scale = call.args[1]?.type.kind === 'scalar' && call.args[1].type.name === 'DATE' ? DAY_US : 1;
    return (args, _ctx, n) => {
      const units = fixedFn ? null : vecStrings(args[0] as StrVec);
      const v = args[1] as NumVec;
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const fn = fixedFn ?? (units![i] ? resolve(units![i]!) : null);
        out[i] = fn ? fn(v.values[i]! * scale) : 0;
      }
      const valid = units ? writableValid(v.valid, n).map((x, i) => (units[i] === null ? 0 : x)) : v.valid;
      return numVec(call.type, out, valid);
    };
  };
}

const toTimestamp: (call: BoundCall) => Kernel = () => (args, _ctx, n) => {
  const v = args[0] as NumVec;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.round(v.values[i]! * 1e6);
  return numVec(T.timestamptz, out, v.valid);
};

const now: (call: BoundCall) => Kernel = (call) => (_args, ctx, n) => broadcast(ctx.processingTimeUs, call.type, n);

/** Date/time functions by canonical name. */
export const temporalFunctions: FunctionTable = {
  date_trunc: compileUnitFunction('date_trunc', truncator),
  extract: compileUnitFunction('extract', extractor),
  date_part: compileUnitFunction('date_part', extractor),
  to_timestamp: toTimestamp,
  now,
  proctime: now,
  current_timestamp: now,
};
