import { describe, expect, it } from 'vitest';
import { endsStatement, isBlank, splitStatements } from './sql-splitter.js';

describe('sql-splitter', () => {
  it('splits on top-level semicolons only', () => {
    const text = "SELECT 'a;b' AS \"x;y\"; -- c;\nSELECT 2 /* ; */; SELECT $$;$$";
    expect(splitStatements(text)).toEqual([
      { sql: 'SELECT \'a;b\' AS "x;y"', offset: 0 },
      { sql: '-- c;\nSELECT 2 /* ; */', offset: 23 },
      { sql: 'SELECT $$;$$', offset: 47 },
    ]);
    expect(splitStatements(' ;; -- only a comment\n')).toEqual([]);
  });

  it('tells when a statement is complete', () => {
    expect(endsStatement('SELECT 1;')).toBe(true);
    expect(endsStatement('SELECT 1;  -- done')).toBe(true);
    expect(endsStatement('SELECT 1')).toBe(false);
    expect(endsStatement("SELECT 'a;")).toBe(false);
    expect(endsStatement('SELECT 1; SELECT')).toBe(false);
    expect(endsStatement('/* ; */')).toBe(false);
    expect(endsStatement("SELECT 'it''s';")).toBe(true);
  });

  it('recognises blank text', () => {
    expect(isBlank('  -- x\n /* y /* nested */ */ ')).toBe(true);
    expect(isBlank('x')).toBe(false);
  });
});
