/**
 * The physical form of a pipeline: operators wired into a tree whose leaves are pipeline
 * inputs. Data enters at a leaf and flows up through `push` calls to the root, whose output
 * is the pipeline's result. Everything here is synchronous.
 */
import type { Schema } from '@sluice/sql';
import type { Delta } from '../delta.js';
import type { Operator } from '../operators/operator.js';
import { pickColumns } from './pick-columns.js';

/** One operator and where its output goes. */
export interface TreeNode {
  readonly operator: Operator;
  /** null for the root */
  parent: TreeNode | null;
  /** which input of the parent this node feeds */
  inputIndex: number;
}

/** A leaf: an input, the columns a scan keeps, and the node it feeds. */
export interface TreeLeaf {
  /** position in the pipeline's inputs */
  readonly input: number;
  /** positions in the input's schema to keep, in order; null keeps all */
  readonly columns: readonly number[] | null;
  /** schema after picking columns */
  readonly schema: Schema;
  /** null when the leaf is itself the root (SELECT * FROM t) */
  parent: TreeNode | null;
  inputIndex: number;
}

export class OperatorTree {
  /** every node, children before parents */
  readonly nodes: readonly TreeNode[];

  constructor(
    readonly leaves: readonly TreeLeaf[],
    nodes: readonly TreeNode[],
    readonly outputSchema: Schema,
  ) {
    this.nodes = nodes;
  }

  /** Feeds a delta read from input `inputPosition` into the tree; appends root output to `out`. */
  pushInput(inputPosition: number, delta: Delta, out: Delta[]): void {
    for (const leaf of this.leaves) {
      if (leaf.input !== inputPosition) continue;
      const narrowed = leaf.columns ? pickColumns(delta, leaf.columns, leaf.schema) : delta;
      this.emit(leaf.parent, leaf.inputIndex, [narrowed], out);
    }
  }

  /** Advances every operator's watermark, bottom-up, carrying what closes to the root. */
  advanceWatermark(watermarkUs: number, out: Delta[]): void {
    for (const node of this.nodes) {
      const produced = node.operator.advanceWatermark(watermarkUs);
      if (produced.length > 0) this.emit(node.parent, node.inputIndex, produced, out);
    }
  }

  private emit(target: TreeNode | null, inputIndex: number, deltas: readonly Delta[], out: Delta[]): void {
    for (const delta of deltas) {
      if (delta.length === 0) continue;
      if (!target) {
        out.push(delta);
        continue;
      }
      const produced = target.operator.push(delta, inputIndex);
      if (produced.length > 0) this.emit(target.parent, target.inputIndex, produced, out);
    }
  }
}
