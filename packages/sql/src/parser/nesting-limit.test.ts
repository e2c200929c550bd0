import { describe, expect, test } from 'vitest';
import { SqlError } from '../errors.js';
import { parse } from './parse.js';

const errorOf = (sql: string): string => {
  try {
    parse(sql);
  } catch (e) {
    if (e instanceof SqlError) return `${e.code} at ${e.line}:${e.column}`;
    throw e;
  }
  return 'parsed';
};

describe('the nesting limit', () => {
  test('deep parentheses, calls and subqueries fail with statement-too-complex, not a stack overflow', () => {
    expect(errorOf(`SELECT ${'('.repeat(5000)}1${')'.repeat(5000)}`)).toBe('statement-too-complex at 1:207');
    expect(errorOf(`SELECT ${'abs('.repeat(5000)}1${')'.repeat(5000)}`)).toMatch(/^statement-too-complex at 1:\d+$/);
    expect(errorOf(`${'SELECT * FROM ('.repeat(3000)}SELECT 1${') q'.repeat(3000)}`)).toMatch(/^statement-too-complex at 1:\d+$/);
    expect(errorOf(`SELECT * FROM ${'('.repeat(3000)}t${')'.repeat(3000)}`)).toMatch(/^statement-too-complex at 1:\d+$/);
  });

  test('a long chain of operators or UNION ALLs fails too: it parses into a tree as deep as it is long', () => {
    expect(errorOf(`SELECT 1 WHERE ${Array.from({ length: 5000 }, (_, i) => `x = ${i}`).join(' OR ')}`)).toMatch(/^statement-too-complex at 1:\d+$/);
    expect(errorOf(Array.from({ length: 5000 }, (_, i) => `SELECT ${i}`).join('\nUNION ALL '))).toMatch(/^statement-too-complex at \d+:\d+$/);
  });

  test('nesting well beyond anything written by hand still parses', () => {
    expect(errorOf(`SELECT ${'('.repeat(150)}1${')'.repeat(150)}`)).toBe('parsed');
    expect(errorOf(`SELECT 1 WHERE ${Array.from({ length: 900 }, (_, i) => `x = ${i}`).join(' OR ')}`)).toBe('parsed');
    expect(errorOf(`${'SELECT * FROM ('.repeat(60)}SELECT 1${') q'.repeat(60)}`)).toBe('parsed');
  });
});
