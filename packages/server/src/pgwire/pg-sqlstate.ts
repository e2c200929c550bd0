/**
 * SQLSTATE codes for Sluice's error codes, so PostgreSQL clients can react to the class of an
 * error (42P01 undefined table, 42601 syntax error, ...). The Sluice code itself travels in the
 * ErrorResponse's detail field.
 */
import type { ErrorInfo } from '../server/error-info.js';

const SQLSTATES: Record<string, string> = {
  'syntax-error': '42601',
  'unsupported-statement': '0A000',
  'unsupported-syntax': '0A000',
  'unsupported-feature': '0A000',
  'unknown-type': '42704',
  'table-not-found': '42P01',
  'column-not-found': '42703',
  'ambiguous-column': '42702',
  'duplicate-column': '42701',
  'object-already-exists': '42P07',
  'object-not-found': '42704',
  'object-in-use': '2BP01',
  'unknown-setting': '42704',
  'wrong-object-type': '42809',
  'not-insertable': '42809',
  'not-subscribable': '42809',
  'not-sinkable': '42809',
  'not-a-pipeline': '42809',
  'type-mismatch': '42804',
  'invalid-cast': '22P02',
  'invalid-interval': '22007',
  'function-not-found': '42883',
  'wrong-argument-count': '42883',
  'column-not-grouped': '42803',
  'aggregate-in-where': '42803',
  'aggregate-not-allowed': '42803',
  'not-null-violation': '23502',
  'invalid-setting': '22023',
  'invalid-argument': '22023',
  'invalid-parameter': '22023',
  'resource-limit': '54000',
  'statement-too-large': '54000',
  'too-many-subscriptions': '53400',
  'too-many-connections': '53300',
  'engine-closed': '57P01',
  'server-shutting-down': '57P01',
  'query-canceled': '57014',
  'binary-format-not-supported': '0A000',
  'unauthorized': '28P01',
  'protocol-violation': '08P01',
  'file-not-found': '58P01',
  'internal-error': 'XX000',
};

/** The SQLSTATE for an error: by its code, else by its class (a mistake in the request or a bug). */
export function sqlStateFor(info: ErrorInfo): string {
  return SQLSTATES[info.code] ?? (info.internal ? 'XX000' : '42000');
}
