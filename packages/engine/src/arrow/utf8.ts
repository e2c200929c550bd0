/**
 * UTF-8 strings in Arrow layout (offsets + bytes): decoding rows to JS strings only when a
 * kernel needs them, building columns from JS strings, and byte-level comparison (equal to
 * code-point order, i.e. PostgreSQL's C collation).
 */

const decoder = new TextDecoder();

/** Decodes rows `[0, n)` of an offsets/bytes pair; rows where `valid` is 0 become null. */
export function decodeUtf8Rows(offsets: Int32Array, bytes: Uint8Array, n: number, valid: Uint8Array | null): (string | null)[] {
  const out: (string | null)[] = new Array(n);
  if (n === 0) return out;
  const start = offsets[0]!;
  const end = offsets[n]!;
  // ASCII-only buffers (the common case) decode once and are cut with substring, which is
  // far cheaper than one TextDecoder call per row.
  let ascii = true;
  for (let k = start; k < end; k++) if (bytes[k]! >= 0x80) { ascii = false; break; }
  if (ascii) {
    const all = decoder.decode(bytes.subarray(start, end));
    for (let i = 0; i < n; i++) out[i] = valid && !valid[i] ? null : all.substring(offsets[i]! - start, offsets[i + 1]! - start);
  } else {
    for (let i = 0; i < n; i++) out[i] = valid && !valid[i] ? null : decoder.decode(bytes.subarray(offsets[i]!, offsets[i + 1]!));
  }
  return out;
}

/** Three-way byte comparison of row `i` of (ao, ab) and row `j` of (bo, bb). */
export function compareUtf8(ao: Int32Array, ab: Uint8Array, i: number, bo: Int32Array, bb: Uint8Array, j: number): number {
  let p = ao[i]!;
  const pe = ao[i + 1]!;
  let q = bo[j]!;
  const qe = bo[j + 1]!;
  while (p < pe && q < qe) {
    const d = ab[p++]! - bb[q++]!;
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  const la = pe - p;
  const lb = qe - q;
  return la === lb ? 0 : la < lb ? -1 : 1;
}

/** Number of code points in row `i`, counted on the bytes (no decoding). */
export function utf8Length(offsets: Int32Array, bytes: Uint8Array, i: number): number {
  let count = 0;
  for (let k = offsets[i]!; k < offsets[i + 1]!; k++) if ((bytes[k]! & 0xc0) !== 0x80) count++;
  return count;
}

/** Grows a byte buffer while strings are appended; `finish` returns offsets and bytes. */
export class Utf8Builder {
  private bytes: Buffer;
  private readonly offsets: Int32Array;
  private at = 0;
  private rows = 0;

  constructor(capacityRows: number, capacityBytes = capacityRows * 8) {
    this.offsets = new Int32Array(capacityRows + 1);
    this.bytes = Buffer.allocUnsafe(Math.max(16, capacityBytes));
  }

  /** Appends a string (NULL rows append '' and are marked in the caller's validity). */
  append(s: string): void {
    const need = this.at + s.length * 3;
    if (need > this.bytes.length) this.grow(need);
    this.at += this.bytes.write(s, this.at, 'utf8');
    this.offsets[++this.rows] = this.at;
  }

  /** Appends raw bytes. */
  appendBytes(src: Uint8Array, start: number, end: number): void {
    const need = this.at + (end - start);
    if (need > this.bytes.length) this.grow(need);
    this.bytes.set(src.subarray(start, end), this.at);
    this.at += end - start;
    this.offsets[++this.rows] = this.at;
  }

  /** Appends raw bytes to the row appended last. */
  extendLast(src: Uint8Array, start: number, end: number): void {
    const need = this.at + (end - start);
    if (need > this.bytes.length) this.grow(need);
    this.bytes.set(src.subarray(start, end), this.at);
    this.at += end - start;
    this.offsets[this.rows] = this.at;
  }

  finish(): { offsets: Int32Array; bytes: Uint8Array } {
    return { offsets: this.offsets.subarray(0, this.rows + 1), bytes: new Uint8Array(this.bytes.buffer, this.bytes.byteOffset, this.at).slice() };
  }

  private grow(need: number): void {
    const next = Buffer.allocUnsafe(Math.max(need, this.bytes.length * 2));
    this.bytes.copy(next, 0, 0, this.at);
    this.bytes = next;
  }
}
