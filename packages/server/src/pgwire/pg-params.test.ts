import { describe, expect, it } from 'vitest';
import { parameterCount, substituteParameters } from './pg-params.js';
import { OID } from './pg-types.js';

describe('pg-params', () => {
  it('substitutes $n outside literals and comments, typed by OID', () => {
    const sql = "SELECT $1, '$2', $2 -- $3\n, $3, $4, $5, $6";
    expect(parameterCount(sql)).toBe(6);
    const out = substituteParameters(sql, [
      { text: "it's", oid: 0 },
      { text: '-5', oid: OID.int4 },
      { text: 't', oid: OID.bool },
      { text: null, oid: OID.text },
      { text: '2024-05-01 12:00:00', oid: OID.timestamp },
      { text: '1.5e3', oid: OID.float8 },
    ]);
    expect(out).toBe("SELECT 'it''s', '$2', (-5) -- $3\n, TRUE, NULL, CAST('2024-05-01 12:00:00' AS TIMESTAMP), (1.5e3)");
  });

  it('refuses values that do not fit their declared type, and missing parameters', () => {
    expect(() => substituteParameters('SELECT $1', [{ text: '1; DROP TABLE t', oid: OID.int8 }])).toThrow(/not an integer/);
    expect(() => substituteParameters('SELECT $1', [{ text: 'maybe', oid: OID.bool }])).toThrow(/not a boolean/);
    expect(() => substituteParameters('SELECT $2', [{ text: '1', oid: 0 }])).toThrow(/only 1 parameters/);
  });
});
