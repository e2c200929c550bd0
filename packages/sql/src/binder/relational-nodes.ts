/**
 * Constructors for the nodes of set operations and subqueries (Union, SemiJoin, SingleJoin),
 * deriving schema and streaming props from the inputs like `plan-nodes.ts` does. Frozen.
 */
import { InternalError } from '../errors.js';
import type { LogicalPlan, SemiJoin, SemiJoinKind, SingleJoin, Union } from '../plan/logical-plan.js';
import { typeEquals, typeName } from '../types/data-type.js';
import { field, schemaOf } from '../types/schema.js';

/**
 * UNION ALL of inputs that already have the same column types. Names come from the first
 * input; a column is nullable when it is in any input; a watermark column must be one in
 * every input (the pipeline's watermark is the minimum over all of them).
 */
export function makeUnion(inputs: readonly LogicalPlan[]): Union {
  const first = inputs[0];
  if (!first) throw new InternalError('a Union needs at least one input');
  first.schema.fields.forEach((f, c) => {
    for (const other of inputs) {
      const t = other.schema.fields[c]?.type;
      if (!t || !typeEquals(t, f.type)) throw new InternalError(`Union input column ${c} is ${t ? typeName(t) : 'missing'}, expected ${typeName(f.type)}`);
    }
  });
  const fields = first.schema.fields.map((f, c) => field(f.name, f.type, inputs.some((i) => i.schema.fields[c]!.nullable)));
  const watermarkColumns = first.props.watermarkColumns.filter((c) => inputs.every((i) => i.props.watermarkColumns.includes(c)));
  return Object.freeze({
    kind: 'Union',
    inputs,
    schema: schemaOf(fields),
    props: { appendOnly: inputs.every((i) => i.props.appendOnly), bounded: inputs.every((i) => i.props.bounded), watermarkColumns },
  });
}

/**
 * A semi or anti join: the left rows (schema and watermarks kept). A semi join of two
 * append-only inputs is append-only (a left row, once matched, stays matched; a later right
 * row only adds left rows); anything else may retract.
 */
export function makeSemiJoin(joinKind: SemiJoinKind, left: LogicalPlan, right: LogicalPlan, leftKeys: readonly number[], rightKeys: readonly number[]): SemiJoin {
  checkKeys(left, right, leftKeys, rightKeys);
  const appendOnly = joinKind === 'semi' && left.props.appendOnly && right.props.appendOnly;
  return Object.freeze({
    kind: 'SemiJoin',
    joinKind,
    left,
    right,
    leftKeys,
    rightKeys,
    schema: left.schema,
    props: { appendOnly, bounded: left.props.bounded && right.props.bounded, watermarkColumns: left.props.watermarkColumns },
  });
}

/** A single join: the left columns, then the right columns `rightColumns`, all nullable. */
export function makeSingleJoin(
  left: LogicalPlan, right: LogicalPlan, leftKeys: readonly number[], rightKeys: readonly number[], rightColumns: readonly number[],
): SingleJoin {
  checkKeys(left, right, leftKeys, rightKeys);
  const rightFields = rightColumns.map((c) => {
    const f = right.schema.fields[c];
    if (!f) throw new InternalError(`SingleJoin right column ${c} does not exist`);
    return field(f.name, f.type, true);
  });
  return Object.freeze({
    kind: 'SingleJoin',
    left,
    right,
    leftKeys,
    rightKeys,
    rightColumns,
    schema: schemaOf([...left.schema.fields, ...rightFields]),
    // a change of the right row retracts and re-emits left rows
    props: { appendOnly: false, bounded: left.props.bounded && right.props.bounded, watermarkColumns: left.props.watermarkColumns },
  });
}

function checkKeys(left: LogicalPlan, right: LogicalPlan, leftKeys: readonly number[], rightKeys: readonly number[]): void {
  if (leftKeys.length !== rightKeys.length) throw new InternalError('join key lists differ in length');
  leftKeys.forEach((l, i) => {
    const a = left.schema.fields[l]?.type;
    const b = right.schema.fields[rightKeys[i]!]?.type;
    if (!a || !b || !typeEquals(a, b)) throw new InternalError(`join key ${i} compares ${a ? typeName(a) : '?'} with ${b ? typeName(b) : '?'}`);
  });
}
