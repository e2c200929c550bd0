import { EngineError } from '@sluice/engine';
import { parse, positionAt, SqlError } from '@sluice/sql';
import { describe, expect, it } from 'vitest';
import { formatError, locate } from './error-report.js';
import type { SqlScript } from './sql-scripts.js';

function parseError(text: string): unknown {
  try {
    parse(text);
  } catch (error) {
    return error;
  }
  throw new Error(`expected ${JSON.stringify(text)} not to parse`);
}

describe('formatError', () => {
  it('points a caret at a parse error, psql style', () => {
    const text = 'SELECT a FROM t;\n  SELECT b\n   FROM t WHERE ))';
    const script: SqlScript = { name: '-c', text, file: false };
    expect(formatError(parseError(text), { script })).toBe(
      [
        "ERROR:  syntax error at or near ')'",
        'LINE 3:    FROM t WHERE ))',
        '                        ^',
        'CODE:  syntax-error',
        '',
      ].join('\n'),
    );
  });

  it('names the file and line of a script read with -f', () => {
    const text = 'SELECT 1;\nSELEC 2;';
    const script: SqlScript = { name: 'q.sql', text, file: true };
    const report = formatError(parseError(text), { script });
    expect(report.split('\n').slice(0, 3)).toEqual(["sluice:q.sql:2: ERROR:  unsupported statement 'SELEC'", 'LINE 2: SELEC 2;', '        ^']);
  });

  it('prints the hint and places the caret by display width', () => {
    const text = "SELECT '東京', prcie FROM bids";
    const script: SqlScript = { name: '-c', text, file: false };
    const [statement] = parse(text);
    const error = new SqlError('column-not-found', "column 'prcie' does not exist", positionAt(text, text.indexOf('prcie')), "did you mean 'price'?");
    expect(formatError(error, { script, statement })).toBe(
      [
        "ERROR:  column 'prcie' does not exist",
        "LINE 1: SELECT '東京', prcie FROM bids",
        '                       ^',
        "HINT:  did you mean 'price'?",
        'CODE:  column-not-found',
        '',
      ].join('\n'),
    );
  });

  it('cuts a long line around the caret', () => {
    const text = `SELECT ${'a, '.repeat(60)}zz FROM t`;
    const offset = text.indexOf('zz');
    const script: SqlScript = { name: '-c', text, file: false };
    const lines = formatError(new SqlError('column-not-found', 'no zz', positionAt(text, offset)), { script }).split('\n');
    expect(lines[1]).toMatch(/^LINE 1: \.\.\.(a, )+zz FROM t$/);
    expect(lines[2]!.indexOf('^')).toBe(lines[1]!.indexOf('zz'));
  });

  it('reports an engine error with its hint, operator and code', () => {
    const error = new EngineError('file-not-found', "no file at '/data/x.csv'", 'user', { operator: 'source bids', hint: 'check the path option' });
    expect(formatError(error)).toBe(
      ["ERROR:  no file at '/data/x.csv'", 'CONTEXT:  in source bids', 'HINT:  check the path option', 'CODE:  file-not-found', ''].join('\n'),
    );
  });

  it('keeps the stack of an unexpected error', () => {
    const report = formatError(new TypeError('x is undefined'));
    expect(report).toMatch(/^ERROR: {2}x is undefined\nCODE: {2}internal-error\nDETAIL: {2}TypeError: x is undefined\n/);
  });
});

describe('locate', () => {
  const text = 'SELECT 1;\n  SELECT prcie FROM bids';
  const statement = parse(text)[1]!;
  const absolute = text.indexOf('prcie');

  it('takes a position counted from the start of the script', () => {
    expect(locate(positionAt(text, absolute), text, statement)).toBe(absolute);
  });

  it('takes a position counted from the start of the statement', () => {
    expect(locate(positionAt(statement.sql, statement.sql.indexOf('prcie')), text, statement)).toBe(absolute);
  });
});
