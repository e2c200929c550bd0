export type * from './expr.js';
export type * from './query.js';
export type * from './statement.js';
