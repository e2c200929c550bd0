/**
 * One CSV record -> its fields, RFC 4180: fields separated by a one-character delimiter, a
 * field in double quotes may hold the delimiter, line breaks and `""` for a quote.
 */

/**
 * The fields of `record`; an unquoted empty field is `null` (SQL NULL, as PostgreSQL's COPY
 * reads CSV) while a quoted empty field `""` is the empty string. Returns the reason as a
 * string when the record is malformed (an unterminated quote, text after a closing quote).
 */
export function splitCsvRecord(record: string, delimiter: string): (string | null)[] | string {
  const fields: (string | null)[] = [];
  const d = delimiter.charCodeAt(0);
  const n = record.length;
  let at = 0;
  for (;;) {
    if (record.charCodeAt(at) === 34 /* " */) {
      let value = '';
      let from = at + 1;
      for (;;) {
        const q = record.indexOf('"', from);
        if (q === -1) return `unterminated quoted field starting at character ${at + 1}`;
        value += record.slice(from, q);
        if (record.charCodeAt(q + 1) === 34) {
          value += '"';
          from = q + 2;
          continue;
        }
        at = q + 1;
        break;
      }
      fields.push(value);
      if (at === n) return fields;
      if (record.charCodeAt(at) !== d) return `unexpected text after a closing quote at character ${at + 1}`;
      at++;
    } else {
      let end = record.indexOf(delimiter, at);
      if (end === -1) end = n;
      fields.push(end === at ? null : record.slice(at, end));
      if (end === n) return fields;
      at = end + 1;
    }
    if (at === n) {
      fields.push(null);
      return fields;
    }
  }
}
