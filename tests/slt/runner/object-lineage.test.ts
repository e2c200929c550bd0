import { describe, expect, it } from 'vitest';
import { ObjectLineage } from './object-lineage.js';

describe('ObjectLineage', () => {
  it('finds a failed write into a table read through views', () => {
    const lineage = new ObjectLineage();
    lineage.note('create table t1 (id int)', null);
    lineage.note('create table other (id int)', null);
    lineage.note('create materialized view v1 as select count(*) from t1', null);
    lineage.note('create view v2 as select * from v1', null);
    lineage.note('insert into t1 values (1)', null);
    expect(lineage.missedWrite('select * from v2')).toBeNull();
    lineage.note('delete from t1 where id = 1', "unsupported-statement: unsupported statement 'DELETE'");
    expect(lineage.missedWrite('select * from v2')).toEqual({ object: 't1', cause: "unsupported-statement: unsupported statement 'DELETE'" });
    expect(lineage.missedWrite('select * from other')).toBeNull();
  });
});
