import { describe, expect, it } from 'vitest';
import { parseDuration, parseSlt, SltParseError } from './parse-slt.js';

function parse(text: string) {
  return parseSlt(text, '/suite/a.slt');
}

describe('parseSlt', () => {
  it('reads statements, queries and their expected rows, with header line numbers', () => {
    const records = parse(`# a comment
statement ok
create table t (a int,
  b int);

query II rowsort
select a, b
from t
----
1 2
3  4

statement error column-not-found
select c from t
`);
    expect(records.map((r) => [r.kind, r.origin.line])).toEqual([['statement', 2], ['query', 6], ['statement', 13]]);
    expect(records[0]).toMatchObject({ sql: 'create table t (a int,\n  b int);', expectError: null });
    expect(records[1]).toMatchObject({ types: 'II', sortMode: 'rowsort', label: null, sql: 'select a, b\nfrom t', expected: ['1 2', '3  4'] });
    expect(records[2]).toMatchObject({ expectError: { pattern: 'column-not-found', text: null } });
  });

  it('reads a query with no rows, labels and retry options', () => {
    const [query] = parse('query IT nosort my-label retry 3 backoff 500ms\nselect 1\n----\n');
    expect(query).toMatchObject({ types: 'IT', sortMode: 'nosort', label: 'my-label', expected: [], retry: { attempts: 3, backoffMs: 500 } });
  });

  it('reads a multi-line expected error up to two blank lines or the next record', () => {
    const records = parse(`statement error
select x
----
db error: ERROR: failed

Caused by:
  something


statement error
select y
----
one line

query I
select 1
----
1
`);
    expect(records[0]).toMatchObject({ sql: 'select x', expectError: { pattern: null, text: 'db error: ERROR: failed\n\nCaused by:\n  something' } });
    expect(records[1]).toMatchObject({ sql: 'select y', expectError: { text: 'one line' } });
    expect(records[2]).toMatchObject({ kind: 'query', expected: ['1'] });
  });

  it('attaches skipif/onlyif to the next record and reads directives', () => {
    const records = parse(`skipif postgres
onlyif sluice
statement ok
select 1

include ./parts/*.slt.part

system ok
./risedev ctl something

sleep 2s

hash-threshold 8

control substitution on

let id, name
select 1, 'a'

halt
`);
    expect(records.map((r) => r.kind)).toEqual(['statement', 'include', 'system', 'sleep', 'hash-threshold', 'control', 'let', 'halt']);
    expect(records[0]).toMatchObject({ conditions: [{ kind: 'skipif', engine: 'postgres' }, { kind: 'onlyif', engine: 'sluice' }] });
    expect(records[1]).toMatchObject({ pattern: './parts/*.slt.part', conditions: [] });
    expect(records[2]).toMatchObject({ command: './risedev ctl something' });
    expect(records[3]).toMatchObject({ durationMs: 2000 });
    expect(records[4]).toMatchObject({ threshold: 8 });
    expect(records[5]).toMatchObject({ setting: 'substitution', value: 'on' });
    expect(records[6]).toMatchObject({ variables: ['id', 'name'], sql: "select 1, 'a'" });
  });

  it('rejects an unknown record type with its line', () => {
    expect(() => parse('statement ok\nselect 1\n\nfrobnicate\n')).toThrow(SltParseError);
    expect(() => parse('statement ok\nselect 1\n\nfrobnicate\n')).toThrow('/suite/a.slt:4');
  });
});

describe('parseDuration', () => {
  it('reads ms, s, m and bare seconds', () => {
    expect([parseDuration('250ms'), parseDuration('1s'), parseDuration('1.5s'), parseDuration('2m'), parseDuration('3')]).toEqual([250, 1000, 1500, 120_000, 3000]);
    expect(parseDuration('soon')).toBeNull();
  });
});
