/**
 * Surface for sibling packages (tests, bench): the public API plus building blocks.
 */
export * from './index.js';
export { splitStatements, endsStatement } from './server/sql-splitter.js';
export { parseClientMessage } from './server/client-messages.js';
