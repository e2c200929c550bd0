/**
 * PostgreSQL frontend/backend protocol 3.0, the byte level: reading frames from a socket's
 * chunks and building backend messages. Written from the protocol documentation ("Message
 * Formats"): every message after startup is a type byte and an Int32 length that counts
 * itself; startup-phase messages (StartupMessage, SSLRequest, CancelRequest) have no type byte.
 */

/** A frame read from the client: `type` is the message's type byte as a character, '' during startup. */
export interface Frame {
  readonly type: string;
  readonly body: Buffer;
}

/** A frame longer than the limit: the connection cannot resynchronise and must end. */
export class FrameTooLargeError extends Error {
  override readonly name = 'FrameTooLargeError';
}

/** Splits incoming bytes into frames. */
export class FrameReader {
  private buffer: Buffer = Buffer.alloc(0);
  /** true until the startup message (or an SSLRequest/cancel preamble) has been read */
  startup = true;

  constructor(private readonly maxFrameBytes: number) {}

  push(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
  }

  /** The next complete frame, or undefined until more bytes arrive. Throws FrameTooLargeError. */
  next(): Frame | undefined {
    const header = this.startup ? 4 : 5;
    if (this.buffer.length < header) return undefined;
    const type = this.startup ? '' : String.fromCharCode(this.buffer[0]!);
    const length = this.buffer.readInt32BE(header - 4);
    if (length < 4 || length > this.maxFrameBytes) throw new FrameTooLargeError(`a message of ${length} bytes is over the ${this.maxFrameBytes}-byte limit`);
    const total = header - 4 + length;
    if (this.buffer.length < total) return undefined;
    const body = this.buffer.subarray(header, total);
    this.buffer = this.buffer.subarray(total);
    return { type, body };
  }
}

/** Reads fields from a message body in order. Out-of-range reads throw RangeError. */
export class BodyReader {
  private offset = 0;

  constructor(private readonly body: Buffer) {}

  int16(): number {
    const v = this.body.readInt16BE(this.offset);
    this.offset += 2;
    return v;
  }

  int32(): number {
    const v = this.body.readInt32BE(this.offset);
    this.offset += 4;
    return v;
  }

  byte(): string {
    if (this.offset >= this.body.length) throw new RangeError('message ended early');
    return String.fromCharCode(this.body[this.offset++]!);
  }

  /** A NUL-terminated string. */
  cstring(): string {
    const end = this.body.indexOf(0, this.offset);
    if (end < 0) throw new RangeError('string without its terminating NUL');
    const text = this.body.toString('utf8', this.offset, end);
    this.offset = end + 1;
    return text;
  }

  bytes(n: number): Buffer {
    if (n < 0 || this.offset + n > this.body.length) throw new RangeError('message ended early');
    const out = this.body.subarray(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }

  rest(): Buffer {
    const out = this.body.subarray(this.offset);
    this.offset = this.body.length;
    return out;
  }
}

/** Builds one backend message. */
export class MessageBuilder {
  private readonly parts: Buffer[] = [];
  private size = 0;

  constructor(private readonly type: string) {}

  int16(v: number): this {
    const b = Buffer.alloc(2);
    b.writeInt16BE(v);
    return this.add(b);
  }

  int32(v: number): this {
    const b = Buffer.alloc(4);
    b.writeInt32BE(v);
    return this.add(b);
  }

  cstring(text: string): this {
    return this.add(Buffer.from(`${text}\0`, 'utf8'));
  }

  bytes(b: Buffer): this {
    return this.add(b);
  }

  byte(c: string): this {
    return this.add(Buffer.from(c, 'latin1'));
  }

  /** The whole message: type byte, length, body. */
  build(): Buffer {
    const head = Buffer.alloc(5);
    head.write(this.type, 0, 'latin1');
    head.writeInt32BE(this.size + 4, 1);
    return Buffer.concat([head, ...this.parts], 5 + this.size);
  }

  private add(b: Buffer): this {
    this.parts.push(b);
    this.size += b.length;
    return this;
  }
}

/** A message with no body, such as ParseComplete ('1'). */
export function emptyMessage(type: string): Buffer {
  return new MessageBuilder(type).build();
}

/** DataRow: each value as text, null as length -1. */
export function dataRow(values: readonly (string | null)[]): Buffer {
  let size = 2;
  const encoded = values.map((v) => (v === null ? null : Buffer.from(v, 'utf8')));
  for (const e of encoded) size += 4 + (e?.length ?? 0);
  const out = Buffer.alloc(5 + size);
  out.write('D', 0, 'latin1');
  out.writeInt32BE(size + 4, 1);
  out.writeInt16BE(values.length, 5);
  let at = 7;
  for (const e of encoded) {
    if (e === null) {
      out.writeInt32BE(-1, at);
      at += 4;
    } else {
      out.writeInt32BE(e.length, at);
      e.copy(out, at + 4);
      at += 4 + e.length;
    }
  }
  return out;
}

/** The fields of an ErrorResponse or NoticeResponse. */
export interface ErrorFields {
  readonly severity: 'ERROR' | 'FATAL' | 'NOTICE' | 'WARNING';
  readonly sqlState: string;
  readonly message: string;
  readonly detail?: string;
  readonly hint?: string;
  /** 1-based character index into the query text */
  readonly position?: number;
}

/** ErrorResponse ('E') or NoticeResponse ('N'). */
export function errorMessage(type: 'E' | 'N', fields: ErrorFields): Buffer {
  const m = new MessageBuilder(type)
    .byte('S').cstring(fields.severity)
    .byte('V').cstring(fields.severity)
    .byte('C').cstring(fields.sqlState)
    .byte('M').cstring(fields.message);
  if (fields.detail) m.byte('D').cstring(fields.detail);
  if (fields.hint) m.byte('H').cstring(fields.hint);
  if (fields.position !== undefined) m.byte('P').cstring(String(fields.position));
  return m.byte('\0').build();
}
