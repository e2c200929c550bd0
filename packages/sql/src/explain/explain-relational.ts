/**
 * EXPLAIN lines for the nodes of set operations and subqueries: Union, SemiJoin, SingleJoin.
 * Keys print as the names of the columns they read on each side.
 */
import type { SemiJoin, SingleJoin, Union } from '../plan/logical-plan.js';

/** `Union all columns=[a, b] inputs=2` */
export function describeUnion(node: Union): string {
  return `Union all columns=[${node.schema.fields.map((f) => f.name).join(', ')}] inputs=${node.inputs.length}`;
}

/** `SemiJoin semi keys=[l = r, ...]` */
export function describeSemiJoin(node: SemiJoin): string {
  return `SemiJoin ${node.joinKind} keys=[${keyPairs(node).join(', ')}]`;
}

/** `SingleJoin keys=[l = r] right=[x]` */
export function describeSingleJoin(node: SingleJoin): string {
  const right = node.rightColumns.map((c) => node.right.schema.fields[c]?.name ?? `#${c}`);
  return `SingleJoin keys=[${keyPairs(node).join(', ')}] right=[${right.join(', ')}]`;
}

function keyPairs(node: SemiJoin | SingleJoin): string[] {
  const name = (side: 'left' | 'right', c: number): string => node[side].schema.fields[c]?.name ?? `#${c}`;
  return node.leftKeys.map((l, i) => `${name('left', l)} = ${name('right', node.rightKeys[i]!)}`);
}
