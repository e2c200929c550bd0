import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { countOutcomes } from './outcomes.js';
import { runSltFile } from './run-file.js';
import { SkipList } from './skip-list.js';

const dir = mkdtempSync(path.join(tmpdir(), 'slt-runner-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

describe('runSltFile', () => {
  it('passes statements, queries and expected errors; fails wrong results and unexpected errors', async () => {
    const file = write('basic.slt', `statement ok
create table t (a int, b varchar);

statement ok
insert into t values (1, 'x'), (2, '');

query IT rowsort
select a, b from t;
----
1 x
2 (empty)

query I
select a from t order by a;
----
2
1

statement error column-not-found
select c from t;

statement error no-such-code
select c from t;

query I
select count(*) from t;
----
2

statement ok
select nonsense from t;
`);
    const result = await runSltFile(file);
    expect(result.records.map((r) => [r.origin.line, r.outcome.status])).toEqual([
      [1, 'passed'], [4, 'passed'], [7, 'passed'], [13, 'failed'], [19, 'passed'], [22, 'failed'], [25, 'passed'], [30, 'failed'],
    ]);
    const wrong = result.records[3]!.outcome;
    expect(wrong.status === 'failed' && wrong.failure).toMatchObject({ cause: 'wrong result: rows in another order', expected: ['2', '1'], actual: ['1', '2'] });
    const unexpected = result.records[7]!.outcome;
    expect(unexpected.status === 'failed' && unexpected.failure.cause).toBe("column-not-found: column '…' does not exist");
  });

  it('checks the number of columns', async () => {
    const result = await runSltFile(write('columns.slt', 'query II\nselect 1\n----\n1\n'));
    const outcome = result.records[0]!.outcome;
    expect(outcome.status === 'failed' && outcome.failure.message).toBe('expected 2 columns (II), got 1');
  });

  it('runs included files, skips system records and records for other engines, stops at halt', async () => {
    write('parts/one.slt.part', 'statement ok\ncreate table p (a int);\n');
    write('parts/two.slt.part', 'statement ok\ninsert into p values (1);\n');
    const file = write('main.slt', `include ./parts/*.slt.part

system ok
echo hi

onlyif postgres
statement ok
this is not sql

skipif sluice
statement ok
this is not sql either

include ./missing.slt.part

query I
select a from p;
----
1

halt

statement ok
this would fail
`);
    const result = await runSltFile(file);
    expect(result.records.map((r) => [path.basename(r.origin.file), r.origin.line, r.outcome.status])).toEqual([
      ['one.slt.part', 1, 'passed'], ['two.slt.part', 1, 'passed'], ['main.slt', 3, 'skipped'], ['main.slt', 7, 'skipped'],
      ['main.slt', 11, 'skipped'], ['main.slt', 14, 'failed'], ['main.slt', 16, 'passed'],
    ]);
    expect(result.records[0]!.origin.includedFrom).toEqual([file]);
  });

  it('skips listed records and attributes failures on objects never created to the CREATE that failed', async () => {
    const file = write('skips.slt', `statement ok
create table t (a int);

statement ok
create materialized view v as select no_such_function(a) as x from t;

query I
select x from v;
----

statement ok
this is skipped
`);
    const result = await runSltFile(file, { skipList: SkipList.parse('skips.slt:11 # not SQL\n') });
    expect(countOutcomes(result.records)).toEqual({ passed: 1, failed: 2, skipped: 1 });
    const create = result.records[1]!.outcome;
    const select = result.records[2]!.outcome;
    expect(create.status === 'failed' && select.status === 'failed' && select.failure.cascadeFrom).toEqual({ object: 'v', cause: create.status === 'failed' ? create.failure.cause : '' });
  });

  it('binds let variables and substitutes them when substitution is on', async () => {
    const file = write('let.slt', `control substitution on

let name
select 't' || '1'

statement ok
create table \${name} (a int);

statement ok
insert into t1 values (7);

query I
select a from t1;
----
7
`);
    const result = await runSltFile(file);
    expect(countOutcomes(result.records)).toEqual({ passed: 4, failed: 0, skipped: 0 });
  });

  it('fails a record that does not answer in time, and goes on', async () => {
    const file = write('timeout.slt', `statement ok
create source s (a int) with (connector = 'datagen', datagen.rows.per.second = '1');

query I
select a from s;
----

query I
select 1;
----
1
`);
    const result = await runSltFile(file, { recordTimeoutMs: 300 });
    const outcome = result.records[1]!.outcome;
    expect(outcome.status === 'failed' && outcome.failure.message).toBe('timeout: no answer within 300 ms');
    expect(result.records[2]!.outcome.status).toBe('passed');
  });
});
