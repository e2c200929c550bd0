/**
 * Reads records out of a file incrementally from a byte offset, through a fixed-size read
 * buffer (never the whole file at once). A record is a line; in CSV mode a line break inside
 * double quotes does not end the record. Byte offsets count exactly what was consumed, so a
 * reader opened later at `endByte` continues with the next record.
 */
import { open, type FileHandle } from 'node:fs/promises';

const CHUNK_BYTES = 64 * 1024;
const utf8 = new TextDecoder('utf-8');

/** What one `read` returned. */
export interface RecordChunk {
  readonly records: string[];
  /** 1-based line of the first record */
  readonly firstLine: number;
  /** byte offset just after the last returned record */
  readonly endByte: number;
  /** line number of the next record */
  readonly endLine: number;
  /** true when the file was read to its end (a last line without a line break included) */
  readonly eof: boolean;
}

/** One open file, read forward record by record. Call `close` when done. */
export class FileLineReader {
  private handle: FileHandle | null = null;
  private buffer = new Uint8Array(CHUNK_BYTES);
  /** buffered bytes are buffer[start, end); buffer[start] is at file offset `recordByte` */
  private start = 0;
  private end = 0;
  private scan = 0;
  private inQuotes = false;
  private filePosition: number;
  private recordByte: number;
  private line: number;
  private atEof = false;

  constructor(
    private readonly path: string,
    startByte: number,
    startLine: number,
    private readonly csvQuotes: boolean,
  ) {
    this.filePosition = startByte;
    this.recordByte = startByte;
    this.line = startLine;
  }

  /** Up to `maxRecords` records from the current position (fewer only at the end of the file). */
  async read(maxRecords: number): Promise<RecordChunk> {
    if (!this.handle) await this.openAt();
    const records: string[] = [];
    const firstLine = this.line;
    while (records.length < maxRecords) {
      const record = this.nextBufferedRecord();
      if (record !== null) {
        records.push(record);
        continue;
      }
      if (this.atEof) {
        if (this.end > this.start) records.push(this.take(this.end, this.end));
        break;
      }
      await this.fill();
    }
    const eof = this.atEof && this.end === this.start;
    return { records, firstLine, endByte: this.recordByte, endLine: this.line, eof };
  }

  async close(): Promise<void> {
    const handle = this.handle;
    this.handle = null;
    await handle?.close();
  }

  private async openAt(): Promise<void> {
    this.handle = await open(this.path, 'r');
    if (this.recordByte === 0) {
      // A UTF-8 byte order mark is not part of the first record.
      const bom = new Uint8Array(3);
      const { bytesRead } = await this.handle.read(bom, 0, 3, 0);
      if (bytesRead === 3 && bom[0] === 0xef && bom[1] === 0xbb && bom[2] === 0xbf) {
        this.filePosition = 3;
        this.recordByte = 3;
      }
    }
  }

  /** The next complete record in the buffer, or null when the buffer holds none. */
  private nextBufferedRecord(): string | null {
    const buf = this.buffer;
    for (let i = this.scan; i < this.end; i++) {
      const b = buf[i]!;
      if (b === 0x22 && this.csvQuotes) this.inQuotes = !this.inQuotes;
      else if (b === 0x0a && !this.inQuotes) return this.take(i, i + 1);
    }
    this.scan = this.end;
    return null;
  }

  /** The record in buffer[start, contentEnd) (less a trailing CR); consumes up to `next`. */
  private take(contentEnd: number, next: number): string {
    let stop = contentEnd;
    if (stop > this.start && this.buffer[stop - 1] === 0x0d) stop--;
    const text = utf8.decode(this.buffer.subarray(this.start, stop));
    this.recordByte += next - this.start;
    this.line += 1;
    if (this.csvQuotes) for (let i = this.start; i < contentEnd; i++) if (this.buffer[i] === 0x0a) this.line++;
    this.start = next;
    this.scan = next;
    this.inQuotes = false;
    return text;
  }

  private async fill(): Promise<void> {
    if (this.start > 0) {
      this.buffer.copyWithin(0, this.start, this.end);
      this.end -= this.start;
      this.scan -= this.start;
      this.start = 0;
    }
    if (this.end === this.buffer.length) {
      const bigger = new Uint8Array(this.buffer.length * 2);
      bigger.set(this.buffer);
      this.buffer = bigger;
    }
    const { bytesRead } = await this.handle!.read(this.buffer, this.end, this.buffer.length - this.end, this.filePosition);
    if (bytesRead === 0) this.atEof = true;
    this.end += bytesRead;
    this.filePosition += bytesRead;
  }
}
