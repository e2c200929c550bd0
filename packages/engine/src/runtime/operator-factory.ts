/**
 * One operator per logical node (the physical planner's table of choices). The input's
 * `props.appendOnly` picks the cheaper aggregate state where no retraction can arrive.
 */
import { InternalError, type LogicalPlan, type Values } from '@sluice/sql';
import type { Delta } from '../delta.js';
import { evaluateValues } from '../expr/evaluate-values.js';
import type { RowErrorRoute } from '../expr/row-errors.js';
import { FilterOperator } from '../operators/filter.js';
import { HashAggregateOperator } from '../operators/hash-aggregate.js';
import type { Operator } from '../operators/operator.js';
import { ProjectSetOperator } from '../operators/project-set.js';
import { ProjectOperator } from '../operators/project.js';
import { SessionWindowOperator } from '../operators/session-window.js';
import { WindowAssignOperator } from '../operators/window-assign.js';
import { TopNOperator } from '../operators/top-n.js';
import { OverWindowOperator } from '../operators/over-window.js';
import { SemiJoinOperator } from '../operators/semi-join.js';
import { SingleJoinOperator } from '../operators/single-join.js';
import { UnionOperator } from '../operators/union.js';
import { EowcSortOperator } from '../operators/eowc-sort.js';
import { HashJoinOperator } from '../operators/hash-join.js';
import { AsOfJoinOperator } from '../operators/asof-join.js';
import { joinStateBounds } from '@sluice/sql/internal';

type OperatorNode = Extract<LogicalPlan, { kind: 'Filter' | 'Project' | 'ProjectSet' | 'WindowTvf' | 'Aggregate' | 'TopN' | 'OverWindow'
  | 'Union' | 'SemiJoin' | 'SingleJoin' | 'Join' | 'EowcSort' }>;

/**
 * The operator of `node`. `rowErrorRoute` (Filter and Project over a source's rows) receives
 * the rows a user function fails on, which the operator then drops.
 */
export function createOperator(node: OperatorNode, rowErrorRoute?: RowErrorRoute): Operator {
  switch (node.kind) {
    case 'Filter': return new FilterOperator(node.input.schema, node.predicate, rowErrorRoute);
    case 'Project': return new ProjectOperator(node.exprs, node.schema, node.input.schema, rowErrorRoute);
    case 'ProjectSet': return new ProjectSetOperator(node.exprs, node.schema, node.input.schema);
    case 'WindowTvf':
      return node.window.kind === 'session'
        ? new SessionWindowOperator(node.window, node.timeColumn, node.input.schema, node.schema, node.input.props.watermarkColumns.includes(node.timeColumn))
        : new WindowAssignOperator(node.window, node.timeColumn, node.schema);
    case 'Aggregate': return new HashAggregateOperator(node, node.input.schema, node.input.props.appendOnly);
    case 'TopN': return new TopNOperator(node, node.input.schema, node.input.props.appendOnly);
    case 'OverWindow': return new OverWindowOperator(node, node.input.schema);
    case 'EowcSort': return new EowcSortOperator(node.schema, node.sortColumn);
    case 'Union': return new UnionOperator(node.schema);
    case 'SemiJoin': return new SemiJoinOperator(node, node.right.schema);
    case 'SingleJoin': return new SingleJoinOperator(node, node.left.schema, node.right.schema);
    case 'Join': return node.asof ? new AsOfJoinOperator(node) : new HashJoinOperator(node, joinStateBounds(node));
    default: {
      const unknown: never = node;
      throw new InternalError(`no operator for ${(unknown as LogicalPlan).kind}`);
    }
  }
}

/** The rows of a VALUES node, computed once. */
export function evaluateValuesNode(node: Values): Delta {
  return evaluateValues(node.rows, node.schema);
}
