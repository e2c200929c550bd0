/**
 * Set-returning functions of a select list as ProjectSet nodes. A set function nested in
 * another's arguments (`unnest(regexp_matches(s, p, 'g'))`) runs in a ProjectSet below the
 * outer one, as in PostgreSQL: each level passes every column below it through and appends
 * its own sets, so an outer set reads the inner set's rows, one by one.
 */
import type { BoundExpr } from '../plan/bound-expr.js';
import type { LogicalPlan, ProjectSetItem } from '../plan/logical-plan.js';
import type { DataType } from '../types/data-type.js';
import { inputRef } from '../plan/bound-expr.js';
import { collectInputRefs, remapInputs } from './bound-expr-utils.js';
import { makeProjectSet } from './plan-nodes.js';

/** One set-returning call; its arguments read the input's columns and earlier sets' outputs. */
export interface SetCall {
  readonly fn: string;
  readonly args: readonly BoundExpr[];
  readonly type: DataType;
}

/**
 * Plans `sets` over `input`. In the arguments of `sets` and in the expressions `remap` is
 * given, position `w + k` (w: the input's width) is the output of `sets[k]`; `remap` turns
 * those positions into positions of the returned plan's output.
 */
export function stackProjectSets(input: LogicalPlan, sets: readonly SetCall[]): { plan: LogicalPlan; remap: (e: BoundExpr) => BoundExpr } {
  const width = input.schema.fields.length;
  // a set runs one level above every set its arguments read (inner sets come first in `sets`)
  const levels: number[] = [];
  sets.forEach((s, k) => {
    const inner = [...s.args.flatMap((a) => [...collectInputRefs(a)])].filter((i) => i >= width).map((i) => levels[i - width]! + 1);
    levels[k] = Math.max(0, ...inner);
  });
  // where each input column (i < width) and set output (width + k) is in the current plan
  const position = new Map<number, number>(input.schema.fields.map((_, i) => [i, i]));
  let plan = input;
  for (let level = 0; level <= Math.max(...levels); level++) {
    const below = plan;
    const here = sets.flatMap((s, k) => (levels[k] === level ? [k] : []));
    const items: ProjectSetItem[] = [
      ...below.schema.fields.map((f, i) => ({ kind: 'scalar' as const, expr: inputRef(i, f.type) })),
      ...here.map((k) => ({ kind: 'set' as const, fn: sets[k]!.fn, args: sets[k]!.args.map((a) => remapInputs(a, (i) => position.get(i)!)) })),
    ];
    const names = [...below.schema.fields.map((f) => f.name), ...here.map((k) => sets[k]!.fn)];
    plan = makeProjectSet(below, items, names, here.map((k) => sets[k]!.type));
    here.forEach((k, j) => position.set(width + k, below.schema.fields.length + j));
  }
  return { plan, remap: (e) => remapInputs(e, (i) => position.get(i)!) };
}
