/**
 * Physical planning: turns an optimized logical plan into an operator tree whose leaves read
 * pipeline inputs (DESIGN §4 step 4). Each logical node becomes one operator, except Scan
 * (a leaf, plus a Filter when a predicate was pushed into it) and Values (a static input).
 */
import type { LogicalPlan, Scan } from '@sluice/sql';
import { InternalError } from '@sluice/sql';
import type { RowErrorRoute } from '../expr/row-errors.js';
import { HashAggregateOperator } from '../operators/hash-aggregate.js';
import type { Operator } from '../operators/operator.js';
import { windowedInputOf } from '../operators/window-expansion.js';
import { createOperator } from './operator-factory.js';
import { OperatorTree, type TreeLeaf, type TreeNode } from './operator-tree.js';
import type { PipelineInput } from './pipeline-input.js';
import { StaticInput } from './pipeline-input.js';
import { evaluateValuesNode } from './operator-factory.js';

/** Supplies the input for a scan of a catalog object. */
export type InputResolver = (scan: Scan) => PipelineInput;

/**
 * Where rows of `scan` that a user function fails on go (its source's `on_error`), or
 * undefined when such a failure fails the pipeline.
 */
export type RowErrorRouteResolver = (scan: Scan) => RowErrorRoute | undefined;

/** The scan whose rows `p` evaluates unchanged in number: through Filters and Projects only. */
function scanBelow(p: LogicalPlan): Scan | null {
  let node = p;
  while (node.kind === 'Filter' || node.kind === 'Project') node = node.input;
  return node.kind === 'Scan' ? node : null;
}

export interface PhysicalPlan {
  readonly tree: OperatorTree;
  readonly inputs: readonly PipelineInput[];
}

export function planPhysical(plan: LogicalPlan, resolveInput: InputResolver, routeRowErrors?: RowErrorRouteResolver): PhysicalPlan {
  const inputs: PipelineInput[] = [];
  const inputIndex = new Map<string, number>();
  const leaves: TreeLeaf[] = [];
  const nodes: TreeNode[] = [];

  // Returns the node (or leaf) producing `p`'s output; wires parents later via `attach`.
  type Producer = { node: TreeNode } | { leaf: TreeLeaf };

  const attach = (producer: Producer, parent: TreeNode, index: number): void => {
    const target = 'node' in producer ? producer.node : producer.leaf;
    target.parent = parent;
    target.inputIndex = index;
  };

  const addNode = (operator: Operator, children: Producer[]): Producer => {
    const node: TreeNode = { operator, parent: null, inputIndex: 0 };
    children.forEach((child, i) => attach(child, node, i));
    nodes.push(node);
    return { node };
  };

  const visit = (p: LogicalPlan): Producer => {
    switch (p.kind) {
      case 'Scan': {
        const key = `${p.objectKind}:${p.object}`;
        let index = inputIndex.get(key);
        if (index === undefined) {
          index = inputs.length;
          inputs.push(resolveInput(p));
          inputIndex.set(key, index);
        }
        const leaf: TreeLeaf = { input: index, columns: p.columns, schema: p.schema, parent: null, inputIndex: 0 };
        leaves.push(leaf);
        if (!p.filter) return { leaf };
        const route = routeRowErrors?.(p);
        return addNode(createOperator({ kind: 'Filter', input: { ...p, filter: undefined }, predicate: p.filter, schema: p.schema, props: p.props }, route), [{ leaf }]);
      }
      case 'Values': {
        const index = inputs.length;
        inputs.push(new StaticInput('values', evaluateValuesNode(p)));
        const leaf: TreeLeaf = { input: index, columns: null, schema: p.schema, parent: null, inputIndex: 0 };
        leaves.push(leaf);
        return { leaf };
      }
      case 'Filter':
      case 'Project': {
        const child = visit(p.input);
        const scan = routeRowErrors ? scanBelow(p) : null;
        return addNode(createOperator(p, scan ? routeRowErrors!(scan) : undefined), [child]);
      }
      case 'ProjectSet':
      case 'WindowTvf':
      case 'TopN':
      case 'OverWindow':
      case 'EowcSort': {
        const child = visit(p.input);
        return addNode(createOperator(p), [child]);
      }
      case 'Aggregate': {
        // TUMBLE/HOP windows under an aggregate are assigned inside it (window-expansion.ts)
        const windowed = windowedInputOf(p);
        if (!windowed) return addNode(createOperator(p), [visit(p.input)]);
        return addNode(new HashAggregateOperator(p, p.input.schema, p.input.props.appendOnly, windowed), [visit(windowed.rows)]);
      }
      case 'Union':
      case 'SemiJoin':
      case 'SingleJoin':
      case 'Join': {
        const producers = p.kind === 'Union' ? p.inputs.map(visit) : [visit(p.left), visit(p.right)];
        return addNode(createOperator(p), producers);
      }
      default: {
        const unknown: never = p;
        throw new InternalError(`no physical operator for ${(unknown as LogicalPlan).kind}`);
      }
    }
  };

  visit(plan);
  // a source decodes (or generates) only the columns some scan of it reads
  inputs.forEach((input, i) => {
    if (!input.readColumns) return;
    const read = new Set<number>();
    for (const leaf of leaves) {
      if (leaf.input !== i) continue;
      if (!leaf.columns) return;
      for (const c of leaf.columns) read.add(c);
    }
    input.readColumns([...read].sort((a, b) => a - b));
  });
  return { tree: new OperatorTree(leaves, nodes, plan.schema), inputs };
}

/** One line per operator, root first, for EXPLAIN's physical section. */
export function explainPhysical(tree: OperatorTree): string {
  const lines: string[] = [];
  const childrenOf = new Map<TreeNode | null, (TreeNode | TreeLeaf)[]>();
  for (const n of [...tree.nodes, ...tree.leaves]) {
    const list = childrenOf.get(n.parent) ?? [];
    list.push(n);
    childrenOf.set(n.parent, list);
  }
  const walk = (n: TreeNode | TreeLeaf, depth: number): void => {
    const pad = '  '.repeat(depth);
    if ('operator' in n) {
      lines.push(`${pad}${n.operator.name}`);
      for (const c of childrenOf.get(n) ?? []) walk(c, depth + 1);
    } else {
      lines.push(`${pad}Input #${n.input} columns=[${n.schema.fields.map((f) => f.name).join(', ')}]`);
    }
  };
  for (const root of childrenOf.get(null) ?? []) walk(root, 0);
  return lines.join('\n');
}
