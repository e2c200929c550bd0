/**
 * Query execution for one PostgreSQL connection: the simple query protocol ('Q') and the
 * extended one (Parse, Bind, Describe, Execute, Sync, Close, Flush). Results go out through
 * `write`; the connection owns the socket and the startup phase.
 *
 * Extended protocol notes: parameters are substituted as typed literals at Bind (pg-params.ts);
 * Describe of a portal runs its statement (the result is kept for Execute), since the columns of
 * a query are only known once it is bound against the catalog; Describe of a statement runs it
 * with NULL parameters when it is a query, and reports no rows otherwise. After an error every
 * message up to Sync is skipped, as the protocol requires.
 */
import type { StatementResult } from '@sluice/engine';
import { SqlError, type Statement } from '@sluice/sql';
import type { EngineHost } from '../server/engine-host.js';
import { errorInfo, type ErrorInfo } from '../server/error-info.js';
import { splitStatements, type StatementSlice } from '../server/sql-splitter.js';
import { compatAnswer } from './pg-compat.js';
import { catalogQueryAnswer } from './pg-catalog-queries.js';
import { BodyReader, emptyMessage, errorMessage, MessageBuilder } from './pg-messages.js';
import { parameterCount, substituteParameters, type ParamValue } from './pg-params.js';
import { commandComplete, describedColumns, pgCommandTag, rowDescription, rowMessage } from './pg-results.js';
import { sqlStateFor } from './pg-sqlstate.js';
import { decodeBinaryParam } from './pg-binary.js';
import { OID } from './pg-types.js';

interface Prepared {
  readonly sql: string;
  readonly paramTypes: readonly number[];
}

interface Portal {
  readonly sql: string;
  result?: StatementResult;
  statement?: Statement;
  /** next row of a `rows` result to send (Execute with a row limit resumes here) */
  nextRow: number;
}

/** The tag of an empty query string, answered with EmptyQueryResponse. */
const EMPTY = '';

/** A failure to report as an ErrorResponse. */
class ReportedError extends Error {
  constructor(readonly info: ErrorInfo) {
    super(info.message);
  }
}

/** The query side of one connection. */
export class PgSession {
  private transaction: 'I' | 'T' | 'E' = 'I';
  private readonly prepared = new Map<string, Prepared>();
  private readonly portals = new Map<string, Portal>();
  private skippingToSync = false;
  private running: { cancel(): void; canceled: boolean } | undefined;

  constructor(
    private readonly host: EngineHost,
    private readonly write: (message: Buffer) => void,
    private readonly parameters: Record<string, string>,
  ) {}

  /** Stops a running stream on behalf of a CancelRequest (or because the client left). */
  cancel(): void {
    if (!this.running) return;
    this.running.canceled = true;
    this.running.cancel();
  }

  /** Handles one message after startup; false when the client asked to terminate. */
  async handle(type: string, body: Buffer): Promise<boolean> {
    if (type === 'X') return false;
    if (type === 'Q') {
      await this.simpleQuery(new BodyReader(body).cstring());
      return true;
    }
    if (type === 'S') {
      this.skippingToSync = false;
      this.portals.delete('');
      this.ready();
      return true;
    }
    if (this.skippingToSync) return true;
    try {
      await this.extended(type, body);
    } catch (error) {
      this.skippingToSync = true;
      this.sendError(error instanceof ReportedError ? error.info : errorInfo(error));
    }
    return true;
  }

  /** ReadyForQuery with the transaction status. */
  ready(): void {
    this.write(new MessageBuilder('Z').byte(this.transaction).build());
  }

  private async simpleQuery(text: string): Promise<void> {
    const slices = splitStatements(text);
    if (slices.length === 0) this.write(emptyMessage('I'));
    for (const slice of slices) {
      try {
        const result = await this.run(slice, text);
        await this.sendResult(result, true, 0);
      } catch (error) {
        this.sendError(error instanceof ReportedError ? error.info : errorInfo(error));
        break;
      }
    }
    this.ready();
  }

  /**
   * Runs one statement: a compatibility answer, a catalog query psql sends in a form the
   * dialect lacks (pg-catalog-queries.ts), or the engine. Errors come back as ReportedError.
   */
  private async run(slice: StatementSlice, text: string): Promise<StatementResult> {
    const compat = compatAnswer(slice.sql, this.parameters);
    if (compat) {
      if (compat.transaction === 'begin') this.transaction = 'T';
      if (compat.transaction === 'end') this.transaction = 'I';
      return compat.result;
    }
    const catalogQuery = catalogQueryAnswer(slice.sql);
    if (catalogQuery && 'result' in catalogQuery) return catalogQuery.result;
    const sql = catalogQuery ? catalogQuery.sql : slice.sql;
    let statement: Statement | undefined;
    try {
      const statements = this.host.parse(sql);
      if (statements.length !== 1) throw new SqlError('syntax-error', 'expected one statement');
      statement = statements[0]!;
      return await this.host.execute(statement);
    } catch (error) {
      // SET forms the parser does not know (SET x TO y, SET SESSION ...) change nothing here
      if (statement === undefined && /^set\s/i.test(slice.sql)) return { kind: 'command', tag: 'SET', notices: [] };
      if (this.transaction === 'T') this.transaction = 'E';
      const info = errorInfo(error, sql, statement);
      // a position in rewritten text would point at the wrong place of what the client sent
      const { position, ...rest } = info;
      throw new ReportedError(position === undefined || catalogQuery ? rest : { ...rest, position: positionIn(text, slice, position) });
    }
  }

  /**
   * Sends a result: for rows, up to `maxRows` rows (0: all) from the portal position; a stream
   * is followed until it ends or is cancelled. Returns true when the result is complete.
   */
  private async sendResult(result: StatementResult, describe: boolean, maxRows: number, portal?: Portal): Promise<boolean> {
    for (const notice of result.notices) this.write(errorMessage('N', { severity: 'NOTICE', sqlState: '00000', message: notice }));
    const columns = describedColumns(result);
    if (describe && columns) this.write(rowDescription(columns));
    if (result.kind === 'command') {
      this.write(result.tag === EMPTY ? emptyMessage('I') : commandComplete(pgCommandTag(result.tag)));
      return true;
    }
    if (result.kind === 'rows') {
      const start = portal?.nextRow ?? 0;
      const end = maxRows > 0 ? Math.min(result.rows.length, start + maxRows) : result.rows.length;
      for (let i = start; i < end; i++) this.write(rowMessage(result.columns, result.rows[i]!));
      if (portal) portal.nextRow = end;
      if (end < result.rows.length) {
        this.write(emptyMessage('s')); // PortalSuspended
        return false;
      }
      this.write(commandComplete(`SELECT ${end}`));
      return true;
    }
    return this.follow(result);
  }

  /** Streams a continuous result as DataRows with the `op` column until it ends or is cancelled. */
  private async follow(result: Extract<StatementResult, { kind: 'stream' }>): Promise<boolean> {
    const running = { cancel: () => result.stream.cancel(), canceled: false };
    this.running = running;
    let count = 0;
    try {
      for await (const batch of result.stream) {
        for (const change of batch.changes) {
          this.write(rowMessage(describedColumns(result)!, [change.op, ...change.values]));
          count++;
        }
        if (running.canceled) break;
      }
    } finally {
      this.running = undefined;
      result.stream.cancel();
    }
    if (running.canceled) {
      throw new ReportedError({ code: 'query-canceled', message: 'canceling statement due to user request', internal: false });
    }
    this.write(commandComplete(`SELECT ${count}`));
    return true;
  }

  private async extended(type: string, body: Buffer): Promise<void> {
    const reader = new BodyReader(body);
    switch (type) {
      case 'P': {
        const name = reader.cstring();
        const sql = reader.cstring();
        const count = reader.int16();
        const paramTypes = Array.from({ length: count }, () => reader.int32());
        this.host.checkSize(sql);
        this.prepared.set(name, { sql, paramTypes });
        this.write(emptyMessage('1'));
        return;
      }
      case 'B':
        return this.bind(reader);
      case 'D': {
        const kind = reader.byte();
        const name = reader.cstring();
        return kind === 'S' ? this.describeStatement(name) : this.describePortal(name);
      }
      case 'E': {
        const name = reader.cstring();
        const maxRows = reader.int32();
        const portal = this.portals.get(name);
        if (!portal) throw protocolError(`portal "${name}" does not exist`);
        const result = await this.executePortal(portal);
        await this.sendResult(result, false, maxRows, portal);
        return;
      }
      case 'C': {
        const kind = reader.byte();
        const name = reader.cstring();
        if (kind === 'S') this.prepared.delete(name);
        else this.portals.delete(name);
        this.write(emptyMessage('3'));
        return;
      }
      case 'H':
        return;
      default:
        throw protocolError(`unexpected message type '${type}'`);
    }
  }

  private bind(reader: BodyReader): void {
    const portalName = reader.cstring();
    const statementName = reader.cstring();
    const prepared = this.prepared.get(statementName);
    if (!prepared) throw protocolError(`prepared statement "${statementName}" does not exist`);
    const formatCount = reader.int16();
    const formats = Array.from({ length: formatCount }, () => reader.int16());
    const paramCount = reader.int16();
    const params: ParamValue[] = [];
    for (let i = 0; i < paramCount; i++) {
      const length = reader.int32();
      const oid = prepared.paramTypes[i] ?? 0;
      const binary = (formats.length === 1 ? formats[0] : formats[i]) === 1;
      if (length < 0) params.push({ text: null, oid });
      else params.push({ text: binary ? decodeBinaryParam(reader.bytes(length), oid, i + 1) : reader.bytes(length).toString('utf8'), oid });
    }
    const resultFormats = Array.from({ length: reader.int16() }, () => reader.int16());
    if (resultFormats.some((f) => f !== 0)) {
      throw new ReportedError({ code: 'binary-format-not-supported', message: 'results are sent in text format only', internal: false });
    }
    const sql = substituteParameters(prepared.sql, params);
    this.portals.set(portalName, { sql, nextRow: 0 });
    this.write(emptyMessage('2'));
  }

  private async describeStatement(name: string): Promise<void> {
    const prepared = this.prepared.get(name);
    if (!prepared) throw protocolError(`prepared statement "${name}" does not exist`);
    const count = Math.max(parameterCount(prepared.sql), prepared.paramTypes.length);
    const m = new MessageBuilder('t').int16(count);
    for (let i = 0; i < count; i++) m.int32(prepared.paramTypes[i] || OID.text);
    this.write(m.build());
    const slice = splitStatements(prepared.sql)[0];
    if (!slice || !/^\s*(select|with|values|show|describe|explain|subscribe)\b/i.test(slice.sql)) {
      this.write(emptyMessage('n'));
      return;
    }
    const sql = substituteParameters(prepared.sql, Array.from({ length: count }, () => ({ text: null, oid: 0 })));
    const result = await this.run({ sql, offset: 0 }, sql);
    if (result.kind === 'stream') result.stream.cancel();
    const columns = describedColumns(result);
    this.write(columns ? rowDescription(columns) : emptyMessage('n'));
  }

  private async describePortal(name: string): Promise<void> {
    const portal = this.portals.get(name);
    if (!portal) throw protocolError(`portal "${name}" does not exist`);
    const columns = describedColumns(await this.executePortal(portal));
    this.write(columns ? rowDescription(columns) : emptyMessage('n'));
  }

  /** Runs the portal's statement once; later calls return the same result. */
  private async executePortal(portal: Portal): Promise<StatementResult> {
    if (portal.result) return portal.result;
    const slices = splitStatements(portal.sql);
    if (slices.length > 1) throw new ReportedError({ code: 'syntax-error', message: 'cannot insert multiple commands into a prepared statement', internal: false });
    portal.result = slices.length === 0 ? { kind: 'command', tag: EMPTY, notices: [] } : await this.run(slices[0]!, portal.sql);
    return portal.result;
  }

  private sendError(info: ErrorInfo): void {
    this.write(errorMessage('E', {
      severity: 'ERROR',
      sqlState: sqlStateFor(info),
      message: info.message,
      detail: `sluice error code: ${info.code}`,
      ...(info.hint ? { hint: info.hint } : {}),
      ...(info.position === undefined ? {} : { position: info.position }),
    }));
  }
}

/** A position inside `slice` as a 1-based character index into the whole query `text`. */
function positionIn(text: string, slice: StatementSlice, position: number): number {
  return slice.offset + position <= text.length + 1 ? slice.offset + position : position;
}

function protocolError(message: string): ReportedError {
  return new ReportedError({ code: 'protocol-violation', message, internal: false });
}
