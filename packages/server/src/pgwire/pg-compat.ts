/**
 * Statements PostgreSQL clients and drivers send that are not Sluice SQL: transaction control
 * (Sluice has no transactions; each statement commits on its own, so BEGIN/COMMIT are accepted
 * and do nothing), `SELECT version()`, `SHOW server_version` and other session settings a
 * driver asks about, `DISCARD ALL` from connection pools. Answered here, before the parser.
 */
import type { StatementResult } from '@sluice/engine';
import { T } from '@sluice/sql';
import { cliVersion } from '../cli/usage.js';

/** The server version clients see; psql reads it to decide which features to use. */
export const PG_SERVER_VERSION = '15.0';

/** ParameterStatus values sent after authentication, also answered by SHOW. */
export function serverParameters(user: string, applicationName: string): Record<string, string> {
  return {
    server_version: `${PG_SERVER_VERSION} (Sluice ${cliVersion()})`,
    server_encoding: 'UTF8',
    client_encoding: 'UTF8',
    DateStyle: 'ISO, MDY',
    IntervalStyle: 'postgres',
    TimeZone: 'UTC',
    integer_datetimes: 'on',
    standard_conforming_strings: 'on',
    is_superuser: 'off',
    session_authorization: user,
    application_name: applicationName,
  };
}

/** Transaction control, for the ReadyForQuery status. */
export type TransactionEffect = 'begin' | 'end' | undefined;

/** A compatibility answer: the result, and whether it opens or closes a transaction block. */
export interface CompatAnswer {
  readonly result: StatementResult;
  readonly transaction: TransactionEffect;
}

const SHOWN: Record<string, string> = {
  server_version_num: '150000', search_path: '"$user", public', transaction_isolation: 'read committed',
  'transaction isolation level': 'read committed', max_identifier_length: '63', lc_collate: 'C', lc_ctype: 'C',
};

/** The answer to `sql` (one statement, no `;`) when it is a compatibility statement. */
export function compatAnswer(sql: string, parameters: Record<string, string>): CompatAnswer | undefined {
  const text = sql.trim().replace(/\s+/g, ' ').toLowerCase();
  const command = (tag: string, transaction?: TransactionEffect): CompatAnswer => ({ result: { kind: 'command', tag, notices: [] }, transaction });
  const value = (name: string, v: string): CompatAnswer => ({
    result: { kind: 'rows', columns: [{ name, type: T.varchar }], rows: [[v]], notices: [] }, transaction: undefined,
  });

  if (/^(begin|start transaction)( .*)?$/.test(text)) return command('BEGIN', 'begin');
  if (/^(commit|end)( work| transaction)?$/.test(text)) return command('COMMIT', 'end');
  if (/^(rollback|abort)( work| transaction)?$/.test(text)) return command('ROLLBACK', 'end');
  if (/^select (pg_catalog\.)?version\(\)$/.test(text)) return value('version', `PostgreSQL ${PG_SERVER_VERSION} (Sluice ${cliVersion()}) on Node.js ${process.version}`);
  if (/^select (pg_catalog\.)?current_database\(\)$/.test(text)) return value('current_database', 'sluice');
  if (/^select (pg_catalog\.)?current_schema\(\)$/.test(text)) return value('current_schema', 'public');
  if (/^select (current_user|session_user|user)$/.test(text)) return value(text.slice(7), parameters.session_authorization ?? 'sluice');
  if (text === 'discard all') return command('DISCARD ALL');
  if (/^reset (all|\w+)$/.test(text)) return command('RESET');
  if (text === 'unlisten *') return command('UNLISTEN');
  if (/^deallocate( prepare)? (all|\w+)$/.test(text)) return command('DEALLOCATE');
  if (/^set (session |local )?(time zone|transaction|session characteristics|names)\b/.test(text)) return command('SET');
  const show = /^show (.+)$/.exec(text);
  if (show) {
    const name = show[1]!;
    const known = Object.entries(parameters).find(([key]) => key.toLowerCase() === name || (name === 'time zone' && key === 'TimeZone'));
    if (known) return value(name, known[1]);
    if (SHOWN[name] !== undefined) return value(name, SHOWN[name]!);
  }
  return undefined;
}
