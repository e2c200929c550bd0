-- Seed statements for the fuzz test (fuzz.test.ts), grouped by the test file they come from.
-- risingwave/*: from RisingWave's e2e_test (github.com/risingwavelabs/risingwave, Apache License 2.0); sluice/*: from tests/slt.

-- file: risingwave/tpch/create_tables.slt.part

CREATE TABLE supplier (
        s_suppkey  INTEGER,
        s_name VARCHAR,
        s_address VARCHAR,
        s_nationkey INTEGER,
        s_phone VARCHAR,
        s_acctbal NUMERIC,
        s_comment VARCHAR,
        PRIMARY KEY (s_suppkey)
);

CREATE TABLE part (
        p_partkey INTEGER,
        p_name VARCHAR,
        p_mfgr VARCHAR,
        p_brand VARCHAR,
        p_type VARCHAR,
        p_size INTEGER,
        p_container VARCHAR,
        p_retailprice NUMERIC,
        p_comment VARCHAR,
        PRIMARY KEY (p_partkey)
);

CREATE TABLE partsupp (
        ps_partkey INTEGER,
        ps_suppkey INTEGER,
        ps_availqty INTEGER,
        ps_supplycost NUMERIC,
        ps_comment VARCHAR,
        PRIMARY KEY (ps_partkey, ps_suppkey)
);

CREATE TABLE customer (
        c_custkey INTEGER,
        c_name VARCHAR,
        c_address VARCHAR,
        c_nationkey INTEGER,
        c_phone VARCHAR,
        c_acctbal NUMERIC,
        c_mktsegment VARCHAR,
        c_comment VARCHAR,
        PRIMARY KEY (c_custkey)
);

CREATE TABLE orders (
        o_orderkey BIGINT,
        o_custkey INTEGER,
        o_orderstatus VARCHAR,
        o_totalprice NUMERIC,
        o_orderdate DATE,
        o_orderpriority VARCHAR,
        o_clerk VARCHAR,
        o_shippriority INTEGER,
        o_comment VARCHAR,
        PRIMARY KEY (o_orderkey)
);

CREATE TABLE lineitem (
        l_orderkey BIGINT,
        l_partkey INTEGER,
        l_suppkey INTEGER,
        l_linenumber INTEGER,
        l_quantity NUMERIC,
        l_extendedprice NUMERIC,
        l_discount NUMERIC,
        l_tax NUMERIC,
        l_returnflag VARCHAR,
        l_linestatus VARCHAR,
        l_shipdate DATE,
        l_commitdate DATE,
        l_receiptdate DATE,
        l_shipinstruct VARCHAR,
        l_shipmode VARCHAR,
        l_comment VARCHAR,
        PRIMARY KEY (l_orderkey, l_linenumber)
);

CREATE TABLE nation (
        n_nationkey INTEGER,
        n_name VARCHAR,
        n_regionkey INTEGER,
        n_comment VARCHAR,
        PRIMARY KEY (n_nationkey)
);

CREATE TABLE region (
        r_regionkey INTEGER,
        r_name VARCHAR,
        r_comment VARCHAR,
        PRIMARY KEY (r_regionkey)
);

-- file: risingwave/batch/basic/time_window.slt.part

SET RW_IMPLICIT_FLUSH TO true;

create table t1 (row_id int, uid int, v int, created_at timestamp);

insert into t1 values
    (1, 1, 4, '2022-01-01 10:00:00'),
    (2, 3, 3, '2022-01-01 10:05:00'),
    (3, 2, 2, '2022-01-01 10:14:00'),
    (4, 1, 1, '2022-01-01 10:22:00'),
    (5, 3, 5, '2022-01-01 10:33:00'),
    (6, 2, 7, '2022-01-01 10:42:00'),
    (7, 1, 6, '2022-01-01 10:51:00'),
    (8, 3, 8, '2022-01-01 11:02:00');

select row_id, uid, created_at, window_start, window_end
from tumble(t1, created_at, interval '30' minute) order by row_id, window_start;

select row_id, uid, created_at, window_start, window_end
from tumble(t1, created_at, interval '30' minute, interval '13' minute) order by row_id, window_start;

select row_id, uid, created_at, window_start, window_end
from hop(t1, created_at, interval '15' minute, interval '30' minute) order by row_id, window_start;

select row_id, uid, created_at, window_start, window_end
from hop(t1, created_at, interval '15' minute, interval '30' minute, interval '13' minute) order by row_id, window_start;

select row_id, uid, created_at
from hop(t1, created_at, interval '15' minute, interval '30' minute);

select row_id, uid, created_at
from hop(t1, created_at, interval '15' minute, interval '30' minute, interval '13' minute);

select sum(v), window_start
from tumble(t1, created_at, interval '30' minute)
group by window_start order by window_start;

select sum(v), window_start
from tumble(t1, created_at, interval '30' minute, interval '13' minute)
group by window_start order by window_start;

select uid, sum(v), window_start
from tumble(t1, created_at, interval '30' minute)
group by window_start, uid order by window_start, uid;

select uid, sum(v), window_start
from tumble(t1, created_at, interval '30' minute, interval '13' minute)
group by window_start, uid order by window_start, uid;

-- file: risingwave/batch/basic/time_window_join.slt.part

create table LeftTable (row_time timestamp, num int, id varchar);

create table RightTable (row_time timestamp, num int, id varchar);

insert into LeftTable values (timestamp '2020-04-15 12:02', 1, 'L1'), (timestamp '2020-04-15 12:06', 2, 'L2'), (timestamp '2020-04-15 12:03', 3, 'L3');

insert into RightTable values (timestamp '2020-04-15 12:01', 2, 'R2'), (timestamp '2020-04-15 12:04', 3, 'R3'), (timestamp '2020-04-15 12:05', 4, 'R4');

SELECT L.num AS L_Num, L.id AS L_Id, R.num AS R_Num, R.id AS R_Id,
    COALESCE(L.window_start, R.window_start) AS window_start,
    COALESCE(L.window_end, R.window_end) AS window_end
FROM TUMBLE(LeftTable, row_time, interval '5' minute) AS L
FULL JOIN
TUMBLE(RightTable, row_time, interval '5' minute) AS R
ON L.num = R.num AND L.window_start = R.window_start AND L.window_end = R.window_end;

-- file: risingwave/batch/basic/time_window_utc.slt.part

create table t1 (row_id int, uid int, v int, created_at timestamp with time zone);

insert into t1 values
    (1, 1, 4, '2022-01-01 10:00:00Z'),
    (2, 3, 3, '2022-01-01 10:05:00Z'),
    (3, 2, 2, '2022-01-01 10:14:00Z'),
    (4, 1, 1, '2022-01-01 10:22:00Z'),
    (5, 3, 5, '2022-01-01 10:33:00Z'),
    (6, 2, 7, '2022-01-01 10:42:00Z'),
    (7, 1, 6, '2022-01-01 10:51:00Z'),
    (8, 3, 8, '2022-01-01 11:02:00Z');

select sum(v), window_start
from hop(t1, created_at, interval '15' minute, interval '30' minute)
group by window_start order by window_start;

select uid, sum(v), window_start
from hop(t1, created_at, interval '15' minute, interval '30' minute)
group by window_start, uid order by window_start, uid;

insert into t1 values
    (9, 1, 4, '2022-01-02 10:00:00Z'),
    (10, 3, 3, '2022-01-03 10:05:00Z'),
    (11, 2, 2, '2022-01-04 10:14:00Z'),
    (12, 1, 1, '2022-01-05 10:22:00Z');

select uid, sum(v), window_start
from hop(t1, created_at, interval '1' day, interval '2' day)
group by window_start, uid order by window_start, uid;

select * from hop(t1, created_at, interval '0', interval '1');

select * from hop(t1, created_at, interval '1', interval '-1');

select * from hop(t1, created_at, interval '-1', interval '1');

select * from hop(t1, created_at, interval '-1', interval '-1');

-- file: risingwave/streaming/aggregate/basic_agg.slt

create table t (
    v1 int,
    v2 numeric,
    v3 double,
    v4 interval,
    b bool,
    s varchar,
    bs bytea,
    j jsonb,
    arr int[]);

create materialized view mv_sum as
select
    count(*) as count_all,
    count(v1) as count_v1,
    count(v2) as count_v2,
    count(v3) as count_v3,
    count(v4) as count_v4,
    count(b) as count_b,
    count(s) as count_s,
    count(bs) as count_bs,
    count(j) as count_j,
    count(arr) as count_arr,
    sum(v1) as sum_v1,
    sum(v2) as sum_v2,
    sum(v3) as sum_v3,
    sum(v4) as sum_v4,
    min(v1) as min_v1,
    min(v2) as min_v2,
    min(v3) as min_v3,
    min(v4) as min_v4,
    max(v1) as max_v1,
    max(v2) as max_v2,
    max(v3) as max_v3,
    max(v4) as max_v4
from t;

flush;

insert into t values
(null, 2, 3, interval '1' second, true,  '',   '',     'null', array[]::int[]),
(4, null, 6, interval '1' minute, null,  'a',  'a',    '1',    null),
(7, 8, null, interval '1' hour,   false, null, '\x31', '"a"',  array[2]),
(10, 11, 12, null,                null,  'zz', null,   null,   array[3,2]);

create table t1 (id int);

create materialized view v as select count(*) cnt, sum(id) sum, array_agg(id) arr from t1;

create materialized view v2 as select count(*) cnt, sum(id) sum, array_agg(id) arr from t1 group by id;

insert into t1 values (1);

delete from t1;

create table t(v1 int, v2 int);

create materialized view mv as
select
    first_value(v1 order by v1) as o1
  , first_value(v1 order by v2 desc) as o2
  , last_value(v1 order by v1) as o3
  , last_value(v1 order by v2 asc nulls first) as o4
from t;

insert into t values (1, 2), (5, null), (4, 0);

-- file: risingwave/streaming/aggregate/boolean.slt

create table t (v boolean);

create materialized view mv as select
    bool_and(v),
    bool_or(v)
from t;

insert into t values (true);

insert into t values (false);

delete from t where v = true;

delete from t;

-- file: risingwave/streaming/aggregate/count_star.slt

create table t (v int);

insert into t values (114), (514);

create materialized view mv as select * from t;

select count(*) from t;

select count(v) from mv;

-- file: risingwave/streaming/aggregate/distinct_agg.slt

create table t (v1 int, v2 int, v3 int);

create materialized view mv1 as select count(distinct v1) as c_d_v1 from t;

create materialized view mv2 as select v2, count(distinct v1) as c_d_v1 from t group by v2;

create materialized view mv3 as select v2, count(distinct v1) as c_d_v1, max(v3) as max_v3 from t group by v2;

create materialized view mv4 as select v1, count(distinct v2) as c_d_v2, count(distinct v3) as c_d_v3, max(v2) as max_v2 from t group by v1;

create materialized view mv5 as select v1, count(distinct v2) as c_d_v2, min(distinct v2) as min_d_v2, count(distinct v3) as c_d_v3, max(v3) as max_v3 from t group by v1;

insert into t values (1,2,3), (1,2,4), (5,3,8), (2,4,4);

-- file: risingwave/streaming/aggregate/selective_agg.slt

create table t(x int, y int);

insert into t values(1, 2), (1, 100), (100, 4);

create materialized view mv1 as select count(x) filter (where x < 100) as count_x, sum(y) filter (where y < 100) as sum_y from t;

create materialized view mv2 as select count(x) filter (where x < 100) as count_x, sum(y) filter (where y < 100) as sum_y from t group by x;

select * from mv2 order by count_x;

-- file: risingwave/streaming/aggregate/string_agg.slt

create table t (a varchar, b int, c int);

insert into t values ('a', 1, 2), ('b', 4, 6);

create materialized view mv1 as select string_agg(a, ',' order by a desc) as res from t;

create materialized view mv2 as select string_agg(a, b::varchar order by b) as res from t group by c;

create materialized view mv3 as select string_agg(a, '' order by b) filter (where c != 0) as res from t;

create materialized view mv4 as
select
    string_agg(distinct a, ',' order by a) as out1,
    count(a) as out2,
    count(*) as out3,
    count(distinct a) as out4
from t;

select * from mv2 order by res;

insert into t values ('c', 2, 2), ('d', 3, 0), (NULL, 4, 5);

insert into t values ('c', 8, 10), ('e', 9, 7);

-- file: risingwave/streaming/aggregate/two_phase_agg.slt

SET ENABLE_TWO_PHASE_AGG=false;

create table t(v1 int, v2 smallint, v3 varchar);

insert into t values
(1, 2, 'abc'),
(3, 4, 'aaaaaaaaaaaaabc'),
(1, 2222, 'ajhaajaj'),
(1, -2, 'aj22jj1j1'),
(0, 2, 'aaaaaaaaaanz');

create materialized view m1 as select min(v3) as c1, sum(v1) as c2 from t group by v1, v3, v2;

select * from m1 order by c1 ASC;

create materialized view m1 as
select
    min(v3) as c1,
    sum(v1) as c2,
    min(v1) as c3
from t group by v1;

-- file: risingwave/streaming/append_only.slt

create table t1 (v1 int, v2 int) append only;

create table t2 (v1 int, v3 int) append only;

insert into t1 values (1,2), (2,3);

insert into t2 values (1,5), (2,6), (3, 7);

create materialized view mv1 as select t1.v1 as id, v2, v3 from t1 join t2 on t1.v1=t2.v1;

insert into t1 values (3,4), (7,7);

create table t4 (v1 real, v2 int, v3 real) append only;

insert into t4 values (1,1,4), (5,1,4), (1,9,1), (9,8,1), (0,2,3);

create materialized view mv3 as select v3, sum(v1) as sum_v1, min(v1) as min_v1, max(v1) as max_v1 from t4 group by v3;

select sum_v1, min_v1, max_v1, v3 from mv3 order by sum_v1;

create materialized view mv4 as select v1, v3 from t4 order by v1 limit 3 offset 3;

create materialized view mv4_1 as
select v1, v3 from (
    select *, ROW_NUMBER() OVER (PARTITION BY v3 ORDER BY v1) as rank from t4
)
where rank <= 2 AND rank > 1;

create materialized view mv5 as select sum(v1) as sum_v1, max(v2) as max_v2, min(v3) as min_v3 from t4;

create table t5 (v1 int, v2 int) append only;

create materialized view mv6 as select v1, v2 from t5 order by v1 fetch first 3 rows with ties;

-- file: risingwave/streaming/append_only_agg.slt

create table t (
    i2 int2,
    i4 int4,
    i8 int8,
    f4 float4,
    f8 float8,
    dec decimal,
    v varchar,
    b bytea,
    t time,
    d date,
    ts timestamp,
    tsz timestamp with time zone,
    i interval
) append only;

create materialized view mins as
select
    min(i2) as i2,
    min(i4) as i4,
    min(i8) as i8,
    min(f4) as f4,
    min(f8) as f8,
    min(dec) as dec,
    min(v) as v,
    min(b) as b,
    min(t) as t,
    min(d) as d,
    min(ts) as ts,
    min(tsz) as tsz,
    min(i) as i
from t;

create materialized view maxs as
select
    max(i2) as i2,
    max(i4) as i4,
    max(i8) as i8,
    max(f4) as f4,
    max(f8) as f8,
    max(dec) as dec,
    max(v) as v,
    max(b) as b,
    max(t) as t,
    max(d) as d,
    max(ts) as ts,
    max(tsz) as tsz,
    max(i) as i
from t;

insert into t values (
    2,
    2,
    2,
    2.0,
    2.0,
    2.0,
    '2',
    '2',
    '02:00:00',
    '2002-02-02',
    '2002-02-02 02:00:00',
    '2002-02-02 02:00:00Z',
    interval '2' hour
);

insert into t values (
    1,
    1,
    1,
    1.0,
    1.0,
    1.0,
    '1',
    '1',
    '01:00:00',
    '2001-01-01',
    '2001-01-01 01:00:00',
    '2001-01-01 01:00:00+00:00',
    interval '1' hour
);

insert into t values (
    3,
    3,
    3,
    3.0,
    3.0,
    3.0,
    '3',
    '3',
    '03:00:00',
    '2003-03-03',
    '2003-03-03 03:00:00',
    '2003-03-03 03:00:00+00:00',
    interval '3' hour
);

-- file: risingwave/streaming/basic.slt

create table t1 (v1 int, v2 int, v3 int);

create table t2 (v1 int, v2 int, v3 int);

create table t3 (v1 int, v2 int, v3 int);

create table t4 (v1 real, v2 int, v3 real);

create table t5 (d decimal);

insert into t1 values (1,4,2), (2,3,3);

insert into t3 values (1,3,5), (2,4,6);

insert into t5 values ('NaN'::decimal);

insert into t5 values ('+inf');

create materialized view mv1 as select * from t1;

create materialized view mv2 as select round(avg(v1), 1) as avg_v1, sum(v2) as sum_v2, count(v3) as count_v3 from t1;

create materialized view mv4 as select count(*) as count, d from t5 group by d;

create materialized view mv5 as select v2, avg(v1) filter (where false) as avg_v1 from t1 group by v2;

select v1, v2, v3 from mv1;

select avg_v1, sum_v2, count_v3 from mv2;

select v2, avg_v1 from mv5;

create table t (v1 int, v2 int);

create materialized view mv(a) as select * from t;

create materialized view mv(a,b,c) as select * from t;

create materialized view mv(a,b) as select * from t;

create materialized view if not exists mv as select count(*) from t;

CREATE MATERIALIZED VIEW mv AS SELECT random();

-- file: risingwave/streaming/distinct_on.slt

create table t1 (k int, v int) append only;

create materialized view mv1 as select distinct on (k) k + v as sum from t1 order by k, v;

insert into t1 values (1,11), (2,22), (3,33), (1,111);

create table t2 (k int, v int);

create materialized view mv2 as select distinct on (k) k + v as sum from t2 order by k, v;

insert into t2 values (1,11), (2,22), (3,33), (1,111);

delete from t2 where v = 11;

-- file: risingwave/streaming/dynamic_filter.slt

create table t1 (v1 int);

create table t2 (v2 int);

create materialized view mv1 as with max_v2 as (select max(v2) max from t2) select v1 from t1, max_v2 where v1 > max;

create materialized view mv2 as with max_v2 as (select v2 max from t2 order by max desc limit 1) select v1 from t1, max_v2 where v1 > max;

insert into t1 values (1), (2), (3);

select * from mv1 order by v1;

insert into t2 values (0);

select * from mv2 order by v1;

insert into t2 values (2);

update t2 set v2 = 1 where v2 = 2;

delete from t2 where true;

insert into t2 values (1);

create table t1 (v1 timestamp);

create table t2 (v2 timestamp with time zone);

-- file: risingwave/streaming/eowc/eowc_group_agg.slt

set streaming_parallelism = 1;

create table t (
    tm timestamp,
    foo int,
    watermark for tm as tm - interval '5 minutes'
) append only;

create materialized view mv as
select
    window_start, max(foo)
from tumble(t, tm, interval '1 hour')
group by window_start
emit on window close;

insert into t values
  ('2023-05-06 16:51:00', 1)
, ('2023-05-06 16:56:00', 8)
, ('2023-05-06 17:30:00', 3)
, ('2023-05-06 17:59:00', 4)
, ('2023-05-06 18:01:00', 6)
;

select * from mv order by window_start;

insert into t values
  ('2023-05-06 18:10:00', 7)
;

-- file: risingwave/streaming/eowc/eowc_group_top_n.slt

create materialized view mv as
select window_start, foo
from (
    select
        *, row_number() over (partition by window_start order by foo) as rownum
    from tumble(t, tm, interval '1 hour')
)
where rownum <= 1
emit on window close;

insert into t values
('2023-05-06 16:51:00', 1),
('2023-05-06 16:56:00', 8),
('2023-05-06 17:30:00', 3),
('2023-05-06 17:59:00', 4),
('2023-05-06 18:01:00', 6);

insert into t values
('2023-05-06 18:10:00', 7);

-- file: risingwave/streaming/eowc/eowc_over_window.slt

create table t (
    tm timestamp,
    foo int,
    bar int,
    watermark for tm as tm - interval '5 minutes'
) append only;

create materialized view mv1 as
select
    tm, foo, bar,
    lag(foo, 2) over (partition by bar order by tm),
    max(foo) over (partition by bar order by tm rows between 1 preceding and 1 following),
    sum(foo) over (partition by bar order by tm rows 2 preceding exclude current row)
from t
emit on window close;

create materialized view mv2 as
select
    tm, foo, bar,
    lead(foo, 1) over (partition by bar order by tm) as l1,
    lead(foo, 3) over (partition by bar order by tm) as l2
from t
emit on window close;

create materialized view mv3 as
select
    *,
    row_number() over (partition by bar order by tm) as rn
from t
emit on window close;

create materialized view mv4 as
select
    *,
    first_value(tm) over (partition by bar order by tm session with gap '10 minutes') as window_start,
    last_value(tm) over (partition by bar order by tm session with gap '10 minutes') as window_end
from t
emit on window close;

insert into t values
  ('2023-05-06 16:51:00', 1, 100)
, ('2023-05-06 16:56:00', 8, 100)
, ('2023-05-06 17:30:00', 3, 200)
, ('2023-05-06 17:35:00', 5, 100)
, ('2023-05-06 17:59:00', 4, 100)
, ('2023-05-06 18:01:00', 6, 200)
;

select * from mv1 order by tm;

select * from mv2 order by tm;

select * from mv3 order by tm;

select * from mv4 order by tm;

insert into t values
  ('2023-05-06 18:10:00', 7, 100)
, ('2023-05-06 18:11:00', 9, 200)
;

-- file: risingwave/streaming/eowc/eowc_over_window_numbering_functions.slt

CREATE TABLE rank_input (
    tm TIMESTAMPTZ,
    foo INT,
    bar INT,
    WATERMARK FOR tm AS tm - INTERVAL '5' SECOND
) APPEND ONLY;

CREATE MATERIALIZED VIEW rank_mv AS
SELECT
    tm,
    foo,
    bar,
    row_number() OVER (PARTITION BY bar ORDER BY tm) AS rn,
    rank() OVER (PARTITION BY bar ORDER BY tm) AS rk,
    dense_rank() OVER (PARTITION BY bar ORDER BY tm) AS dr
FROM rank_input
EMIT ON WINDOW CLOSE;

INSERT INTO rank_input VALUES ('2024-01-01 00:00:00+00', 10, 1);

INSERT INTO rank_input VALUES ('2024-01-01 00:00:00+00', 20, 2);

SELECT count(*) FROM rank_mv;

INSERT INTO rank_input VALUES ('2024-01-01 00:00:20+00', 11, 1);

SELECT * FROM rank_mv ORDER BY tm, bar;

SELECT count(*) FROM ${state_table};

SELECT
    rank_input_bar,
    state_0 IS NOT NULL,
    state_1 IS NOT NULL,
    state_2 IS NOT NULL
FROM ${intermediate_state_table};

INSERT INTO rank_input VALUES ('2024-01-01 00:00:20+00', 21, 2);

SELECT
    CASE WHEN '${bar1_state0_before}' <> '${bar1_state0_after}' THEN 1 ELSE 0 END,
    CASE WHEN '${bar1_state1_before}' <> '${bar1_state1_after}' THEN 1 ELSE 0 END,
    CASE WHEN '${bar1_state2_before}' <> '${bar1_state2_after}' THEN 1 ELSE 0 END;

SELECT
    CASE WHEN '${bar2_state0_before}' <> '${bar2_state0_after}' THEN 1 ELSE 0 END,
    CASE WHEN '${bar2_state1_before}' <> '${bar2_state1_after}' THEN 1 ELSE 0 END,
    CASE WHEN '${bar2_state2_before}' <> '${bar2_state2_after}' THEN 1 ELSE 0 END;

CREATE TABLE mixed_input (
    id INT PRIMARY KEY,
    tm TIMESTAMPTZ,
    foo INT,
    bar INT,
    WATERMARK FOR tm AS tm - INTERVAL '5' SECOND
) APPEND ONLY;

CREATE MATERIALIZED VIEW mixed_mv AS
SELECT
    tm,
    foo,
    bar,
    row_number() OVER (PARTITION BY bar ORDER BY tm) AS rn,
    lag(foo) OVER (PARTITION BY bar ORDER BY tm) AS prev_foo,
    rank() OVER (PARTITION BY bar ORDER BY tm) AS rk
FROM mixed_input
EMIT ON WINDOW CLOSE;

SELECT count(*) FROM mixed_mv;

SELECT * FROM mixed_mv ORDER BY tm, bar;

SELECT count(*) FROM ${mixed_state_table};

SELECT
    mixed_input_bar,
    state_0 IS NOT NULL,
    state_1 IS NOT NULL,
    state_2 IS NOT NULL
FROM ${mixed_intermediate_table};

CREATE TABLE tie_input (
    id INT PRIMARY KEY,
    tm TIMESTAMPTZ,
    foo INT,
    bar INT,
    WATERMARK FOR tm AS tm - INTERVAL '5' SECOND
) APPEND ONLY;

CREATE MATERIALIZED VIEW tie_mv AS
SELECT
    tm,
    foo,
    bar,
    row_number() OVER (PARTITION BY bar ORDER BY tm) AS rn,
    rank() OVER (PARTITION BY bar ORDER BY tm) AS rk,
    dense_rank() OVER (PARTITION BY bar ORDER BY tm) AS dr
FROM tie_input
EMIT ON WINDOW CLOSE;

-- file: risingwave/streaming/eowc/eowc_over_window_numbering_no_partition.slt

CREATE TABLE nopart_input (
    tm TIMESTAMPTZ,
    foo INT,
    WATERMARK FOR tm AS tm - INTERVAL '5' SECOND
) APPEND ONLY;

CREATE MATERIALIZED VIEW nopart_mv AS
SELECT
    tm,
    foo,
    row_number() OVER (PARTITION BY 1::int ORDER BY tm) AS rn,
    rank() OVER (PARTITION BY 1::int ORDER BY tm) AS rk,
    dense_rank() OVER (PARTITION BY 1::int ORDER BY tm) AS dr
FROM nopart_input
EMIT ON WINDOW CLOSE;

INSERT INTO nopart_input VALUES ('2024-01-01 00:00:00+00', 10);

INSERT INTO nopart_input VALUES ('2024-01-01 00:00:00+00', 20);

SELECT count(*) FROM nopart_mv;

INSERT INTO nopart_input VALUES ('2024-01-01 00:00:20+00', 30);

SELECT * FROM nopart_mv ORDER BY tm, foo;

SELECT count(*) FROM ${intermediate_state_table};

SELECT
    state_0 IS NOT NULL,
    state_1 IS NOT NULL,
    state_2 IS NOT NULL
FROM ${intermediate_state_table};

INSERT INTO nopart_input VALUES ('2024-01-01 00:00:20+00', 40);

-- file: risingwave/streaming/eowc/eowc_select.slt

create materialized view mv as
select tm, foo from t
emit on window close;

select * from mv order by tm;

-- file: risingwave/streaming/except.slt

create table t1 (v1 int, v2 int);

create table t2 (v1 int, v3 int);

create materialized view v as select * from t1 except select * from t2;

insert into t1 values(1, 2),(1, 2);

insert into t2 values(1, 2),(1, 2);

delete from t1 where v1 = 1;

-- file: risingwave/streaming/group_top_n/group_top_1.slt

create table t(a int, b int, c int);

create materialized view mv as SELECT * FROM (
    SELECT
        *,
        row_number() OVER (PARTITION BY a ORDER BY b) AS rank
        FROM t
) WHERE rank <= 1;

insert into t values (1, 1, 1);

insert into t values (1, 0, 1);

-- file: risingwave/streaming/group_top_n/main.slt

create materialized view mv as
select x, y from (
    select *, ROW_NUMBER() OVER (PARTITION BY x ORDER BY y) as rank from t
)
where rank <= 3;

create materialized view mv_with_expr_in_window as
select x, y from (
    select *, ROW_NUMBER() OVER (PARTITION BY x/2 ORDER BY 6-y, x) as rank from t
)
where rank <= 3;

create materialized view mv_with_lb as
select x, y from (
    select *, ROW_NUMBER() OVER (PARTITION BY x ORDER BY y) as rank from t
)
where rank <= 3 AND rank > 1;

create materialized view mv_rank_order_group_same_key as
SELECT x, y FROM (
    SELECT *, rank() over (partition by x order by x) as rank FROM t
)
WHERE rank <=1;

create materialized view mv_rank_no_group as
select x, y from (
    select *, RANK() OVER (ORDER BY y) as rank from t
)
where rank <= 4;

create materialized view mv_rank as
select x, y from (
    select *, RANK() OVER (PARTITION BY x ORDER BY y) as rank from t
)
where rank <= 3;

insert into t values
    (1, 1), (1, 2), (1, 3), (1, 4), (1, 5),
    (2, 1), (2, 2), (2, 3), (2, 4), (2, 5),
    (3, 1), (3, 2), (3, 3), (3, 4), (3, 5),
    -- ties
    (1, 3), (2, 3), (3, 3);

select * from mv_with_expr_in_window order by x, y;

select * from mv_rank_no_group;

select * from mv_rank_order_group_same_key;

CREATE TABLE bid (
    "bidtime" TIMESTAMP,
    "price" BIGINT,
    "item" VARCHAR,
    "supplier_id" VARCHAR
);

insert into bid values
    ('2020-04-15 08:05', 4, 'A', 'supplier1'),
    ('2020-04-15 08:06', 4, 'C', 'supplier2'),
    ('2020-04-15 08:07', 2, 'G', 'supplier1'),
    ('2020-04-15 08:08', 2, 'B', 'supplier3'),
    ('2020-04-15 08:09', 5, 'D', 'supplier4'),
    ('2020-04-15 08:11', 2, 'B', 'supplier3'),
    ('2020-04-15 08:13', 1, 'E', 'supplier1'),
    ('2020-04-15 08:15', 3, 'H', 'supplier2'),
    ('2020-04-15 08:17', 6, 'F', 'supplier5');

CREATE MATERIALIZED VIEW mv as
SELECT window_start, window_end, item, price
FROM (
    SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY price DESC) as rownum
    FROM
        TUMBLE(Bid, bidtime, INTERVAL '10' MINUTE)
) WHERE rownum <= 3;

select * from mv order by window_start, price desc, item;

CREATE MATERIALIZED VIEW mv as
SELECT window_start, window_end, supplier_id, price, cnt
FROM (
    SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY price DESC) as rownum
    FROM (
    SELECT window_start, window_end, supplier_id, SUM(price) as price, COUNT(*) as cnt
    FROM
        TUMBLE(Bid, bidtime, INTERVAL '10' MINUTE)
    GROUP BY window_start, window_end, supplier_id
    )
) WHERE rownum <= 3;

select * from mv order by window_start, price desc, supplier_id;

CREATE TABLE t (
    x int,
    ts TIMESTAMP
);

create materialized view mv as SELECT
    1 as x
FROM (
    SELECT
    row_number() over (partition by ts order by x) as rank
    FROM
    t
)
WHERE rank <=1;

INSERT INTO t VALUES
(1, '2015-07-15 00:00:01');

-- file: risingwave/streaming/intersect.slt

create materialized view v as select * from t1 intersect select * from t2;

-- file: risingwave/streaming/join/asof_join.slt.part

create table t1 (v1 int, v2 int, v3 int, v4 int primary key);

create table t2 (v1 int, v2 int, v3 int primary key);

create materialized view mv1 as SELECT t1.v1 t1_v1, t1.v2 t1_v2, t1.v3 t1_v3, t1.v4 t1_v4, t2.v1 t2_v1, t2.v2 t2_v2, t2.v3 t2_v3 FROM t1 ASOF JOIN t2 ON t1.v1 = t2.v1 and t1.v2 <= t2.v2;

insert into t1 values (1, 2, 3, 3);

insert into t2 values (1, 3, 4);

insert into t2 values (1, 2, 3);

delete from t1 where v3 = 3;

insert into t1 values (2, 3, 4, 4);

create table t1 (v1 int, v2 int, v3 int primary key);

create materialized view mv_rematch as SELECT t1.v1 t1_v1, t1.v2 t1_v2, t1.v3 t1_v3, t2.v1 t2_v1, t2.v2 t2_v2, t2.v3 t2_v3 FROM t1 ASOF JOIN t2 ON t1.v1 = t2.v1 and t1.v2 <= t2.v2;

delete from t2 where v3 = 10;

delete from t2 where v3 = 20;

create materialized view mv_multi as SELECT t1.v1 t1_v1, t1.v2 t1_v2, t1.v3 t1_v3, t2.v1 t2_v1, t2.v2 t2_v2, t2.v3 t2_v3 FROM t1 ASOF JOIN t2 ON t1.v1 = t2.v1 and t1.v2 <= t2.v2;

delete from t2 where v3 = 201;

create materialized view mv_pk_le as SELECT t1.v1 t1_v1, t1.v2 t1_v2, t1.v3 t1_v3, t2.v1 t2_v1, t2.v2 t2_v2, t2.v3 t2_v3 FROM t1 ASOF JOIN t2 ON t1.v1 = t2.v1 and t1.v2 <= t2.v2;

create materialized view mv_pk_gt as SELECT t1.v1 t1_v1, t1.v2 t1_v2, t1.v3 t1_v3, t2.v1 t2_v1, t2.v2 t2_v2, t2.v3 t2_v3 FROM t1 ASOF LEFT JOIN t2 ON t1.v1 = t2.v1 and t1.v2 > t2.v2;

create materialized view mv_pk_ge as SELECT t1.v1 t1_v1, t1.v2 t1_v2, t1.v3 t1_v3, t2.v1 t2_v1, t2.v2 t2_v2, t2.v3 t2_v3 FROM t1 ASOF JOIN t2 ON t1.v1 = t2.v1 and t1.v2 >= t2.v2;

create materialized view mv_pk_lt as SELECT t1.v1 t1_v1, t1.v2 t1_v2, t1.v3 t1_v3, t2.v1 t2_v1, t2.v2 t2_v2, t2.v3 t2_v3 FROM t1 ASOF LEFT JOIN t2 ON t1.v1 = t2.v1 and t1.v2 < t2.v2;

create materialized view mv1 as SELECT t1.v1 t1_v1, t1.v2 t1_v2, t1.v3 t1_v3, t2.v1 t2_v1, t2.v2 t2_v2, t2.v3 t2_v3 FROM t1 ASOF LEFT JOIN t2 ON t1.v1 = t2.v1 and t1.v2 > t2.v2;

create table t_left_gt (v1 int, v2 int, v3 int primary key);

create table t_right_gt (v1 int, v2 int, v3 int primary key);

create materialized view mv_left_pktie_gt as SELECT t_left_gt.v1 t1_v1, t_left_gt.v2 t1_v2, t_left_gt.v3 t1_v3, t_right_gt.v1 t2_v1, t_right_gt.v2 t2_v2, t_right_gt.v3 t2_v3 FROM t_left_gt ASOF JOIN t_right_gt ON t_left_gt.v1 = t_right_gt.v1 and t_left_gt.v2 > t_right_gt.v2;

select * from mv_left_pktie_gt;

create table t_left_ge (v1 int, v2 int, v3 int primary key);

create table t_right_ge (v1 int, v2 int, v3 int primary key);

create materialized view mv_left_pktie_ge as SELECT t_left_ge.v1 t1_v1, t_left_ge.v2 t1_v2, t_left_ge.v3 t1_v3, t_right_ge.v1 t2_v1, t_right_ge.v2 t2_v2, t_right_ge.v3 t2_v3 FROM t_left_ge ASOF JOIN t_right_ge ON t_left_ge.v1 = t_right_ge.v1 and t_left_ge.v2 >= t_right_ge.v2;

select * from mv_left_pktie_ge;

-- file: risingwave/streaming/join/full_outer_join_global_agg.slt.part

create table t (
    id int primary key,
    key string,
    amount int
);

insert into t values
    (1, 'k', 100),
    (2, 'k', 200);

create materialized view t1_v as
select sum(amount) as amount, max(key) as key
from t
where id = 1;

create materialized view t2_v as
select sum(amount) as amount, max(key) as key
from t
where id = 2;

create materialized view t_stat as
select
    coalesce(a.key, b.key) as key,
    coalesce(a.amount, 0) as amount_1,
    coalesce(b.amount, 0) as amount_2
from t1_v a
full outer join t2_v b
    on a.key = b.key;

select key, amount_1, amount_2 from t_stat;

create table t (a int, b int);

create materialized view mv as
select max(a) ma, max(b) mb from t;

insert into t values (1, NULL);

select ma, mb from mv;

create materialized view mvj as
select mv1.ma as ma1
from mv as mv1
full outer join mv as mv2
    on mv1.mb = mv2.mb;

select ma1 from mvj;

-- file: risingwave/streaming/join/hash_join_watermark.slt.part

CREATE TABLE hwm_left (
    id INT,
    ts TIMESTAMPTZ,
    WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) APPEND ONLY;

CREATE TABLE hwm_right (
    id INT,
    ts TIMESTAMPTZ,
    WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) APPEND ONLY;

CREATE MATERIALIZED VIEW hash_join_wm_mv AS
SELECT l.id AS l_id, r.id AS r_id, l.ts
FROM hwm_left l
LEFT JOIN hwm_right r
ON l.ts = r.ts;

CREATE MATERIALIZED VIEW hash_join_wm_eowc_mv AS
SELECT * FROM hash_join_wm_mv
EMIT ON WINDOW CLOSE;

INSERT INTO hwm_right VALUES (100, '2024-01-01 00:00:00+00');

INSERT INTO hwm_left VALUES (1, '2024-01-01 00:00:00+00');

SELECT count(*) FROM hash_join_wm_eowc_mv;

SELECT hwm_right_id, hwm_right_ts FROM ${right_state_tname};

SELECT hwm_left_ts, _degree FROM ${left_degree_tname};

INSERT INTO hwm_left VALUES (2, '2024-01-01 00:00:10+00');

INSERT INTO hwm_right VALUES (200, '2024-01-01 00:00:10+00');

SELECT * FROM hash_join_wm_eowc_mv;

SELECT count(*) FROM ${right_state_tname};

SELECT count(*) FROM ${left_degree_tname};

-- file: risingwave/streaming/join/interval_join.slt.part

CREATE TABLE left_table (
    id INT,
    ts TIMESTAMPTZ,
    val INT,
    WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) APPEND ONLY;

CREATE TABLE right_table (
    id INT,
    ts TIMESTAMPTZ,
    val INT,
    WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) APPEND ONLY;

CREATE MATERIALIZED VIEW interval_join_mv AS
SELECT l.id as l_id, r.id as r_id, l.ts as l_ts, r.ts as r_ts
FROM left_table l, right_table r
WHERE l.id = r.id AND l.ts >= r.ts;

CREATE MATERIALIZED VIEW eowc_mv AS
SELECT * FROM interval_join_mv
EMIT ON WINDOW CLOSE;

INSERT INTO left_table VALUES (1, '2024-01-01 00:00:10+00', 100);

INSERT INTO right_table VALUES (1, '2024-01-01 00:00:05+00', 200);

SELECT * FROM interval_join_mv;

SELECT left_table_id, left_table_ts FROM ${left_state_table};

SELECT right_table_id, right_table_ts FROM ${right_state_table};

SELECT CASE WHEN count(*) > 0 THEN 1 ELSE 0 END
FROM rw_catalog.rw_hummock_table_watermark
WHERE table_id = ${left_state_table_id};

SELECT count(*)
FROM rw_catalog.rw_hummock_table_watermark
WHERE table_id = ${right_state_table_id};

INSERT INTO left_table VALUES (2, '2024-01-01 00:00:30+00', 101);

SELECT count(*) FROM eowc_mv;

INSERT INTO right_table VALUES (2, '2024-01-01 00:00:25+00', 201);

SELECT CASE WHEN '${left_wm_before}' <> '${left_wm_after}' THEN 1 ELSE 0 END;

SELECT CASE
       WHEN min(left_table_ts) >= '2024-01-01 00:00:10+00'::timestamptz
       AND max(left_table_ts) = '2024-01-01 00:00:30+00'::timestamptz
       THEN 1 ELSE 0 END
FROM ${left_state_table};

SELECT count(*) FROM ${left_state_table};

SELECT count(*) FROM ${right_state_table};

CREATE TABLE stream_a (
    id INT,
    ts TIMESTAMPTZ,
    val INT,
    WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) APPEND ONLY;

CREATE TABLE stream_b (
    id INT,
    ts TIMESTAMPTZ,
    val INT,
    WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) APPEND ONLY;

CREATE MATERIALIZED VIEW between_join_mv AS
SELECT a.id as a_id, b.id as b_id, a.ts as a_ts, b.ts as b_ts, a.val, b.val as b_val
FROM stream_a a
LEFT JOIN stream_b b
ON a.id = b.id AND a.ts BETWEEN b.ts AND b.ts + INTERVAL '10' SECOND;

CREATE MATERIALIZED VIEW between_eowc_mv AS
SELECT * FROM between_join_mv
EMIT ON WINDOW CLOSE;

-- file: risingwave/streaming/join/join-3way.slt.part

create table t2 (v3 int, v4 int);

create table t3 (v5 int, v6 int);

create materialized view mv1 as select * from t1, t2, t3 where t1.v1 = t2.v3 and t1.v1 = t3.v5;

insert into t1 values (0, 0), (1, 0), (2, 0), (3, 0);

insert into t2 values (0, 0), (1, 0), (2, 0), (3, 0);

insert into t3 values (0, 0), (1, 0), (2, 0), (3, 0);

select v1, v3, v5 from mv1;

-- file: risingwave/streaming/join/join.slt.part

create materialized view mv1 as select t1.v1, t1.v2, t1.v3, t2.v1 as v10, t2.v2 as v20, t2.v3 as v30 from t1 INNER JOIN t2 ON t1.v1=t2.v1;

insert into t2 values (1,3,5), (2,4,6);

select v1, v2, v3, v10, v20, v30 from mv1;

create table t4 (v1 int, v2 int, v3 int);

create materialized view mv2 as select t3.v1, t3.v2, t3.v3, t4.v1 as v10, t4.v2 as v20, t4.v3 as v30 from t3 LEFT JOIN t4 ON t3.v1=t4.v1;

insert into t3 values (1,4,2), (2,3,3);

select v1, v2, v3, v10, v20, v30 from mv2;

create table t5 (v1 int, v2 int, v3 int);

create table t6 (v1 int, v2 int, v3 int);

create materialized view mv3 as select t5.v1, t5.v2, t5.v3, t6.v1 as v10, t6.v2 as v20, t6.v3 as v30 from t5 RIGHT JOIN t6 ON t5.v1=t6.v1;

insert into t6 values (1,3,5), (2,4,6);

select v1, v2, v3, v10, v20, v30 from mv3;

create table t7 (v1 int, v2 int, v3 int);

create table t8 (v1 int, v2 int, v3 int);

create materialized view mv4 as select t7.v1, t7.v2, t7.v3, t8.v1 as v10, t8.v2 as v20, t8.v3 as v30 from t7 FULL JOIN t8 ON t7.v1=t8.v1;

insert into t7 values (1,4,2), (2,3,3);

select v1, v2, v3, v10, v20, v30 from mv4;

create table t9 (v1 int, v2 int, v3 int);

create table t10 (v1 int, v2 int, v3 int);

create materialized view mv_full_outer_cond as select t9.v1, t9.v2, t9.v3, t10.v1 as v10, t10.v2 as v20, t10.v3 as v30 from t9 FULL JOIN t10 ON t9.v1=t10.v1 and t9.v2 > t10.v2;

select v1, v2, v3, v10, v20, v30 from mv_full_outer_cond;

create table t1 (uid int, item_id int, event string, name string);

create table t2 (uid int, name string);

create materialized view v as SELECT event, t1.name FROM t1 INNER JOIN t2 ON t1.name=t2.name AND t1.event=concat('event_', array_join(array[t2.uid, t1.item_id], '_'));

-- file: risingwave/streaming/join/main.slt

set streaming_join_encoding to cpu_optimized;

-- file: risingwave/streaming/mv_on_mv.slt

create table t1(v1 int, v2 int);

create table t2(v1 real, v2 int, v3 real);

create materialized view m1 as select v1, v2 from t1 where v1 = 1;

create materialized view m2 as select v1, v2 from t1 where v2 = 1;

create materialized view m3 as select sum(m1.v1) as sum_m1_v1, sum(m1.v2) as sum_m1_v2 from m1;

create materialized view m4 as select m1.v1 as m1v1, m1.v2 as m1v2, m2.v1 as m2v1, m2.v2 as m2v2 from m1 join m2 on m1.v1 = m2.v1;

insert into t1 values (2,1),(1,2),(1,1);

select v1, v2 from t1;

select v1, v2 from m1;

select v1, v2 from m2;

select sum_m1_v1, sum_m1_v2 from m3;

select m1v1, m1v2, m2v1, m2v2 from m4;

create materialized view m5 as select m1.v1 as m1v1, m1.v2 as m1v2, m2.v1 as m2v1, m2.v2 as m2v2 from m1 join m2 on m1.v1 = m2.v1;

select m1v1, m1v2, m2v1, m2v2 from m5;

insert into t1 values (3,1),(1,3);

create materialized view m6 as select v2, v3, v1 from t2;

create materialized view m7 as select sum(v1) as sum_v1, avg(v3) as avg_v3 from m6 group by v1;

create materialized view m8 as select sum(v1) as sum_v1 from m6 group by v2;

insert into t2 values (1,2,3),(1,5,6),(3,2,6);

select v1, v2, v3 from t2;

select v2, v3, v1 from m6;

select sum_v1, avg_v3 from m7;

select sum_v1 from m8;

create materialized view m9 as select * from t2;

create materialized view m10 as select sum(v1) as sum_v1, sum(v3) as sum_v3 from m9 group by v2;

create table t3(v1 int, v2 int, v3 int);

insert into t3 values (1,2,3),(1,5,6),(3,2,6);

create materialized view m11 as select v1, v2, v3 from t3;

create materialized view m12 as select round(avg(v1), 1) as avg_v1, sum(v2) as sum_v2, count(v3) as count_v3 from m11;

create table t4(v1 real);

create materialized view m13 as select * from t4;

create materialized view m14 as select count(v1) as count_v1 from m13;

create materialized view m15 as select * from (select t1.v1 as t1v1, t2.v1 as t2v1 from m13 t1 join m13 t2 on t1.v1 = t2.v1);

create materialized view m16 as select 1 as v1 from t1 as tt1 join t1 on tt1.v1 = t1.v1;

create materialized view m17 as select 1 as v1 from m16 as mm16 join m16 on mm16.v1 = m16.v1;

create table t (v1 varchar, v2 varchar, v3 varchar);

create materialized view mv as
select
    *
from
    t
group by
    v1,
    v2,
    v3;

create materialized view mv2 as
select
    max(v1) as v1
from
    mv
where
    v3 = 'world';

-- file: risingwave/streaming/natural_and_cross_join.slt

CREATE TABLE employees (
    id INTEGER,
    employee_name VARCHAR,
    department_id INTEGER
);

CREATE TABLE departments (
    department_name VARCHAR,
    department_id INTEGER
);

INSERT INTO employees (id, employee_name, department_id) VALUES
    (1, 'Alice', 1),
    (2, 'Bob', 2),
    (3, 'Charlie', 1);

INSERT INTO departments (department_name, department_id) VALUES
    ('Engineering', 1),
    ('HR', 2);

CREATE MATERIALIZED VIEW employee_department_natural_join AS
SELECT e.employee_name, d.department_name
FROM employees e NATURAL JOIN departments d
ORDER BY employee_name;

CREATE MATERIALIZED VIEW employee_department_cross_join AS
SELECT e.employee_name, d.department_name
FROM employees e CROSS JOIN departments d
ORDER BY e.employee_name, d.department_name;

SELECT employee_name, department_name FROM employee_department_natural_join;

-- file: risingwave/streaming/order_by.slt

insert into t1 values (1,1,4), (5,1,4), (1,9,1), (9,8,1), (0,2,3);

create materialized view mv1 as select * from t1 order by v1;

create materialized view mv2 as select * from t1 order by v1 limit 3;

create materialized view mv3 as select * from t1 order by v1 limit 3 offset 1;

select v1, v2, v3 from mv2;

select v1, v2, v3 from mv3;

insert into t1 values (NULL,0,0);

create materialized view mv4 as select * from t1 order by v1 desc limit 1;

create materialized view mv5 as select * from t1 order by v1 nulls first limit 1;

create materialized view mv6 as select * from t1 order by v1 nulls last limit 1;

create materialized view mv7 as select * from t1 order by v1 desc nulls last limit 1;

select v1, v2, v3 from mv4;

select v1, v2, v3 from mv5;

select v1, v2, v3 from mv6;

select v1, v2, v3 from mv7;

-- file: risingwave/streaming/outer_join.slt

create table t1(id int, b int, primary key(id));

create table t2(id int, b int, primary key(id));

create materialized view v as select t1.id t1_id, t2.id t2_id from t1 left join t2 on t1.id = t2.id;

insert into t1 values(1,1);

insert into t2 values(1,1);

delete from t2;

-- file: risingwave/streaming/over_window/main.slt

set rw_streaming_over_window_cache_policy = full;

-- file: risingwave/streaming/project_set.slt

create table t(x int[]);

insert into t values (Array[1,2]), (Array[1,NULL]), (Array[3,4,5]), (NULL);

create materialized view mv as select unnest(x) as unnest, x from t;

select unnest, x from mv;

create table tweet(text VARCHAR);

insert into tweet values ('#1 #2 abaaba'), ('ss #1 ggg #risingwave');

create materialized view mv as
    with tags as (select unnest(regexp_matches(text, '#\w+', 'g')) as tag, text from tweet)
    select tag, count(*) as cnt from tags group by tag;

create table t(c int);

create materialized view mv1 as select array_agg(c) as res from t;

create materialized view mv2 as select unnest(res) as u from mv1;

create materialized view mv3 as select * from (select unnest(res) as u from mv1) where u>2;

insert into t values (1),(3);

insert into t values (2),(4);

with cte as (SELECT 1 as v1, unnest(array[1,2,3,4,5]) AS v2) select v1 from cte;

create table t(arr varchar[]);

create materialized view mv as select * from t cross join unnest(t.arr) WITH ORDINALITY AS x(elts, num);

update t set arr = Array['a', 'c'] where arr = Array['a','b', 'c'];

-- file: risingwave/streaming/temporal_filter.slt

create materialized view mv1 as select v1 from t1 where v1 between now() and now() + interval '1 day' * 365 * 2000;

insert into t1 values ('3031-01-01 19:00:00'), ('3031-01-01 20:00:00'), ('3031-01-01 21:00:00'), ('5031-01-01 21:00:00'), ('0001-01-01 21:00:00');

delete from t1 where v1 = '3031-01-01 19:00:00' or v1 = '5031-01-01 21:00:00';

update t1 set v1 = v1 + interval '1 hour' where v1 = '3031-01-01 20:00:00' or v1 = '0001-01-01 21:00:00' returning v1;

insert into t1 values (now() - interval '1 minute'), ((now() + interval '1 day' * 365 * 3000));

-- file: risingwave/streaming/time_window.slt

create materialized view mv_tumble as
select * from tumble(t1, created_at, interval '30' minute);

create materialized view mv_hop as
select * from hop(t1, created_at, interval '15' minute, interval '30' minute);

create materialized view mv_tumble_agg_1 as
select sum(v) as sum_v, window_start
from tumble(t1, created_at, interval '30' minute)
group by window_start;

create materialized view mv_tumble_agg_2 as
select uid, sum(v) as sum_v, window_start
from tumble(t1, created_at, interval '30' minute)
group by window_start, uid;

create materialized view mv_hop_agg_1 as
select sum(v) as sum_v, window_start
from hop(t1, created_at, interval '15' minute, interval '30' minute)
group by window_start;

create materialized view mv_hop_agg_2 as
select uid, sum(v) as sum_v, window_start
from hop(t1, created_at, interval '15' minute, interval '30' minute)
group by window_start, uid;

select row_id, uid, created_at, window_start, window_end
from mv_tumble order by row_id, window_start;

select row_id, uid, created_at, window_start, window_end
from mv_hop order by row_id, window_start;

select * from mv_tumble_agg_1 order by window_start;

select * from mv_tumble_agg_2 order by window_start, uid;

select * from mv_hop_agg_1 order by window_start;

select * from mv_hop_agg_2 order by window_start, uid;

insert into t1 values
    (9, 1, 4, '2022-01-02 10:00:00'),
    (10, 3, 3, '2022-01-03 10:05:00'),
    (11, 2, 2, '2022-01-04 10:14:00'),
    (12, 1, 1, '2022-01-05 10:22:00');

create materialized view mv_hop_agg_3 as
select uid, sum(v) as sum_v, window_start
from hop(t1, created_at, interval '1' day, interval '2' day)
group by window_start, uid;

select * from mv_hop_agg_3 order by window_start, uid;

create materialized view invalid_hop as
select * from hop(t1, created_at, interval '0', interval '1');

create materialized view invalid_hop as
select * from hop(t1, created_at, interval '1', interval '-1');

create materialized view invalid_hop as
select * from hop(t1, created_at, interval '-1', interval '1');

create materialized view invalid_hop as
select * from hop(t1, created_at, interval '-1', interval '-1');

-- file: risingwave/streaming/time_window_join.slt

CREATE MATERIALIZED VIEW mv_window_join AS
SELECT L.num AS L_Num, L.id AS L_Id, R.num AS R_Num, R.id AS R_Id,
    COALESCE(L.window_start, R.window_start) AS window_start,
    COALESCE(L.window_end, R.window_end) AS window_end
FROM TUMBLE(LeftTable, row_time, interval '5' minute) AS L
FULL JOIN
TUMBLE(RightTable, row_time, interval '5' minute) AS R
ON L.num = R.num AND L.window_start = R.window_start AND L.window_end = R.window_end;

-- file: risingwave/streaming/tpch/q14.slt.part

select ROUND(promo_revenue, 16) from tpch_q14;

-- file: risingwave/streaming/tpch/q15.slt.part

select
  s_suppkey,
  s_name,
  s_address,
  s_phone,
  total_revenue
from
  tpch_q15;

-- file: risingwave/streaming/tpch/q16.slt.part

select
  p_brand,
  p_type,
  p_size,
  supplier_cnt
from
  tpch_q16;

-- file: risingwave/streaming/tpch/q17.slt.part

select avg_yearly from tpch_q17;

-- file: risingwave/streaming/tpch/q19.slt.part

select revenue from tpch_q19;

-- file: risingwave/streaming/tpch/q2.slt.part

select
        s_acctbal,
        s_name,
        n_name,
        p_partkey,
        p_mfgr,
        s_address,
        s_phone,
        s_comment
from tpch_q2;

-- file: risingwave/streaming/tpch/q20.slt.part

select
  s_name,
  s_address
from tpch_q20;

-- file: risingwave/streaming/tpch/q21.slt.part

select
  s_name,
  numwait
from tpch_q21;

-- file: risingwave/streaming/tpch/q6.slt.part

select revenue from tpch_q6;

-- file: risingwave/streaming/tpch/views/q1.slt.part

create materialized view tpch_q1 as
select
  l_returnflag,
  l_linestatus,
  sum(l_quantity) as sum_qty,
  sum(l_extendedprice) as sum_base_price,
  sum(l_extendedprice * (1 - l_discount)) as sum_disc_price,
  sum(l_extendedprice * (1 - l_discount) * (1 + l_tax)) as sum_charge,
  round(avg(l_quantity), 4) as avg_qty,
  round(avg(l_extendedprice), 4) as avg_price,
  round(avg(l_discount), 4) as avg_disc,
  count(*) as count_order
from
  lineitem
where
  l_shipdate <= date '1998-12-01' - interval '71' day
group by
  l_returnflag,
  l_linestatus
order by
  l_returnflag,
  l_linestatus;

-- file: risingwave/streaming/tpch/views/q10.slt.part

create materialized view tpch_q10 as
select
  c_custkey,
  c_name,
  sum(l_extendedprice * (1.00 - l_discount)) as revenue,
  c_acctbal,
  n_name,
  c_address,
  c_phone,
  c_comment
from
  customer,
  orders,
  lineitem,
  nation
where
  c_custkey = o_custkey
  and l_orderkey = o_orderkey
  and o_orderdate >= date '1994-01-01'
  and o_orderdate < date '1994-01-01' + interval '3' month
  and l_returnflag = 'R'
  and c_nationkey = n_nationkey
group by
  c_custkey,
  c_name,
  c_acctbal,
  c_phone,
  n_name,
  c_address,
  c_comment
order by
  revenue desc
limit 20;

-- file: risingwave/streaming/tpch/views/q11.slt.part

create materialized view tpch_q11 as
select
	ps_partkey,
	round(sum(ps_supplycost * ps_availqty), 1) as value
from
	partsupp,
	supplier,
	nation
where
	ps_suppkey = s_suppkey
	and s_nationkey = n_nationkey
	and n_name = 'ARGENTINA'
group by
	ps_partkey
having
    sum(ps_supplycost * ps_availqty) > (
        select
            sum(ps_supplycost * ps_availqty) * 0.0001000000
        from
            partsupp,
            supplier,
            nation
        where
            ps_suppkey = s_suppkey
            and s_nationkey = n_nationkey
            and n_name = 'ARGENTINA'
    )
order by
	value desc;

-- file: risingwave/streaming/tpch/views/q12.slt.part

create materialized view tpch_q12 as
select
    l_shipmode,
    sum(case
        when o_orderpriority = '1-URGENT'
            or o_orderpriority = '2-HIGH'
            then 1
        else 0
    end) as high_line_count,
    sum(case
        when o_orderpriority <> '1-URGENT'
            and o_orderpriority <> '2-HIGH'
            then 1
        else 0
    end) as low_line_count
from
    orders,
    lineitem
where
    o_orderkey = l_orderkey
    and l_shipmode in ('FOB', 'SHIP')
    and l_commitdate < l_receiptdate
    and l_shipdate < l_commitdate
    and l_receiptdate >= date '1994-01-01'
    and l_receiptdate < date '1994-01-01' + interval '1' year
group by
    l_shipmode
order by
    l_shipmode;

-- file: risingwave/streaming/tpch/views/q13.slt.part

create materialized view tpch_q13 as
select
  c_count,
  count(*) as custdist
from
  (
    select
      c_custkey,
      count(o_orderkey) as c_count
    from
      customer left outer join orders on
        c_custkey = o_custkey
        and o_comment not like '%:1%:2%'
    group by
      c_custkey
  ) as c_orders (c_custkey, c_count)
group by
  c_count
order by
  custdist desc,
  c_count desc;

-- file: risingwave/streaming/tpch/views/q14.slt.part

create materialized view tpch_q14 as
select
  100.00 * sum(case
    when p_type like 'PROMO%'
      then l_extendedprice * (1 - l_discount)
    else 0
  end) / sum(l_extendedprice * (1 - l_discount)) as promo_revenue
from
  lineitem,
  part
where
  l_partkey = p_partkey
  and l_shipdate >= date '1995-09-01'
  and l_shipdate < date '1995-09-01' + interval '1' month;

-- file: risingwave/streaming/tpch/views/q15.slt.part

create materialized view tpch_q15 as
with revenue0 (supplier_no, total_revenue) as (
  select
    l_suppkey,
    sum(l_extendedprice * (1 - l_discount))
  from
    lineitem
  where
    l_shipdate >= date '1993-01-01'
    and l_shipdate < date '1993-01-01' + interval '3' month
  group by
    l_suppkey
)
select
  s_suppkey,
  s_name,
  s_address,
  s_phone,
  total_revenue
from
  supplier,
  revenue0
where
  s_suppkey = supplier_no
  and total_revenue = (
    select
      max(total_revenue)
    from
      revenue0
  )
order by
  s_suppkey;

-- file: risingwave/streaming/tpch/views/q16.slt.part

create materialized view tpch_q16 as
select
	p_brand,
	p_type,
	p_size,
	count(distinct ps_suppkey) as supplier_cnt
from
	partsupp,
	part
where
	p_partkey = ps_partkey
	and p_brand <> 'Brand#11'
	and p_type not like 'SMALL%'
	and p_size in (1, 4, 7, 15, 19, 41, 42, 44)
	and ps_suppkey not in (
		select
			s_suppkey
		from
			supplier
		where
			s_comment like '%Customer%Complaints%'
	)
group by
	p_brand,
	p_type,
	p_size
order by
	supplier_cnt desc,
	p_brand,
	p_type,
	p_size;

-- file: risingwave/streaming/tpch/views/q17.slt.part

create materialized view tpch_q17 as
select
  ROUND(sum(l_extendedprice) / 7.0, 16) as avg_yearly
from
  lineitem,
  part
where
  p_partkey = l_partkey
  and p_brand = 'Brand#13'
  and p_container = 'JUMBO PKG'
  and l_quantity < (
    select
      0.2 * avg(l_quantity)
    from
      lineitem
    where
      l_partkey = p_partkey
  );

-- file: risingwave/streaming/tpch/views/q18.slt.part

create materialized view tpch_q18 as
select
  c_name,
  c_custkey,
  o_orderkey,
  o_orderdate,
  o_totalprice,
  sum(l_quantity) quantity
from
  customer,
  orders,
  lineitem
where
  o_orderkey in (
    select
      l_orderkey
    from
      lineitem
    group by
      l_orderkey having
        sum(l_quantity) > 1
  )
  and c_custkey = o_custkey
  and o_orderkey = l_orderkey
group by
  c_name,
  c_custkey,
  o_orderkey,
  o_orderdate,
  o_totalprice
order by
  o_totalprice desc,
  o_orderdate
LIMIT 100;

-- file: risingwave/streaming/tpch/views/q19.slt.part

create materialized view tpch_q19 as
select
  sum(l_extendedprice* (1 - l_discount)) as revenue
from
  lineitem,
  part
where
  (
    p_partkey = l_partkey
    and p_brand = 'Brand#52'
    and p_container in ('SM CASE', 'SM BOX', 'SM PACK', 'SM PKG')
    and l_quantity >= 1 and l_quantity <= 11
    and p_size between 1 and 5
    and l_shipmode in ('AIR', 'AIR REG')
    and l_shipinstruct = 'DELIVER IN PERSON'
  )
  or
  (
    p_partkey = l_partkey
    and p_brand = 'Brand#24'
    and p_container in ('MED BAG', 'MED BOX', 'MED PKG', 'MED PACK')
    and l_quantity >= 30 and l_quantity <= 40
    and p_size between 1 and 10
    and l_shipmode in ('AIR', 'AIR REG')
    and l_shipinstruct = 'DELIVER IN PERSON'
  )
  or
  (
    p_partkey = l_partkey
    and p_brand = 'Brand#32'
    and p_container in ('LG CASE', 'LG BOX', 'LG PACK', 'LG PKG')
    and l_quantity >= 10 and l_quantity <= 20
    and p_size between 1 and 15
    and l_shipmode in ('AIR', 'AIR REG')
    and l_shipinstruct = 'DELIVER IN PERSON'
  );

-- file: risingwave/streaming/tpch/views/q2.slt.part

create materialized view tpch_q2 as
select
        s_acctbal,
        s_name,
        n_name,
        p_partkey,
        p_mfgr,
        s_address,
        s_phone,
        s_comment
from
        part,
        supplier,
        partsupp,
        nation,
        region
where
        p_partkey = ps_partkey
        and s_suppkey = ps_suppkey
  and p_size = 4
  and p_type like '%TIN'
        and s_nationkey = n_nationkey
        and n_regionkey = r_regionkey
        and r_name = 'AFRICA'
        and ps_supplycost = (
                select
                        min(ps_supplycost)
                from
                        partsupp,
                        supplier,
                        nation,
                        region
                where
                        p_partkey = ps_partkey
                        and s_suppkey = ps_suppkey
                        and s_nationkey = n_nationkey
                        and n_regionkey = r_regionkey
                        and r_name = 'AFRICA'
        )
order by
      s_acctbal desc,
      n_name,
      s_name,
      p_partkey
limit 100;

-- file: risingwave/streaming/tpch/views/q20.slt.part

create materialized view tpch_q20 as
select
  s_name,
  s_address
from
  supplier,
  nation
where
  s_suppkey in (
    select
      ps_suppkey
    from
      partsupp
    where
      ps_partkey in (
        select
          p_partkey
        from
          part
        where
          p_name like 'forest%'
      )
      and ps_availqty > (
        select
          0.5 * sum(l_quantity)
        from
          lineitem
        where
          l_partkey = ps_partkey
          and l_suppkey = ps_suppkey
          and l_shipdate >= date '1994-01-01'
          and l_shipdate < date '1994-01-01' + interval '1' year
      )
  )
  and s_nationkey = n_nationkey
  and n_name = 'KENYA'
order by
  s_name;

-- file: risingwave/streaming/tpch/views/q21.slt.part

create materialized view tpch_q21 as
select
    s_name,
    count(*) as numwait
from
    supplier,
    lineitem l1,
    orders,
    nation
where
    s_suppkey = l1.l_suppkey
    and o_orderkey = l1.l_orderkey
    and o_orderstatus = 'F'
    and l1.l_receiptdate > l1.l_commitdate
    and exists (
        select
            *
        from
            lineitem l2
        where
            l2.l_orderkey = l1.l_orderkey
            and l2.l_suppkey <> l1.l_suppkey
    )
    and not exists (
        select
            *
        from
            lineitem l3
        where
            l3.l_orderkey = l1.l_orderkey
            and l3.l_suppkey <> l1.l_suppkey
            and l3.l_receiptdate > l3.l_commitdate
    )
    and s_nationkey = n_nationkey
    and n_name = 'IRAQ'
group by
    s_name
order by
    numwait desc,
    s_name
LIMIT 100;

-- file: risingwave/streaming/tpch/views/q22.slt.part

create materialized view tpch_q22 as
select
	cntrycode,
	count(*) as numcust,
	sum(c_acctbal) as totacctbal
from
	(
		select
			substring(c_phone from 1 for 2) as cntrycode,
			c_acctbal
		from
			customer
		where
			substring(c_phone from 1 for 2) in
				('30', '24', '31', '38', '25', '34', '37')
			and c_acctbal > (
				select
					avg(c_acctbal)
				from
					customer
				where
					c_acctbal > 0.00
					and substring(c_phone from 1 for 2) in
						('30', '24', '31', '38', '25', '34', '37')
			)
			and not exists (
				select
					*
				from
					orders
				where
					o_custkey = c_custkey
			)
	) as custsale
group by
	cntrycode
order by
	cntrycode;

-- file: risingwave/streaming/tpch/views/q3.slt.part

create materialized view tpch_q3 as
select
  l_orderkey,
  sum(l_extendedprice * (1 - l_discount)) as revenue,
  o_orderdate,
  o_shippriority
from
  customer,
  orders,
  lineitem
where
  c_mktsegment = 'FURNITURE'
  and c_custkey = o_custkey
  and l_orderkey = o_orderkey
  and o_orderdate < date '1995-03-29'
  and l_shipdate > date '1995-03-29'
group by
  l_orderkey,
  o_orderdate,
  o_shippriority
order by
  revenue desc,
  o_orderdate
LIMIT 10;

-- file: risingwave/streaming/tpch/views/q4.slt.part

create materialized view tpch_q4 as
select
  o_orderpriority,
  count(*) as order_count
from
  orders
where
  o_orderdate >= date '1997-07-01'
  and o_orderdate < date '1997-07-01' + interval '3' month
  and exists (
    select
      *
    from
      lineitem
    where
      l_orderkey = o_orderkey
      and l_commitdate < l_receiptdate
  )
group by
  o_orderpriority
order by
  o_orderpriority;

-- file: risingwave/streaming/tpch/views/q5.slt.part

create materialized view tpch_q5 as
select
  n_name,
  sum(l_extendedprice * (1 - l_discount)) as revenue
from
  customer,
  orders,
  lineitem,
  supplier,
  nation,
  region
where
  c_custkey = o_custkey
  and l_orderkey = o_orderkey
  and l_suppkey = s_suppkey
  and c_nationkey = s_nationkey
  and s_nationkey = n_nationkey
  and n_regionkey = r_regionkey
  and r_name = 'MIDDLE EAST'
  and o_orderdate >= date '1994-01-01'
  and o_orderdate < date '1994-01-01' + interval '1' year
group by
  n_name
order by
  revenue desc;

-- file: risingwave/streaming/tpch/views/q6.slt.part

create materialized view tpch_q6 as
select
  sum(l_extendedprice * l_discount) as revenue
from
  lineitem
where
  l_shipdate >= date '1994-01-01'
  and l_shipdate < date '1994-01-01' + interval '1' year
  and l_discount between 0.08 - 0.01 and 0.08 + 0.01
  and l_quantity < 24;

-- file: risingwave/streaming/tpch/views/q7.slt.part

create materialized view tpch_q7 as
select
  supp_nation,
  cust_nation,
  l_year,
  sum(volume) as revenue
from
  (
    select
      n1.n_name as supp_nation,
      n2.n_name as cust_nation,
      extract(year from l_shipdate) as l_year,
      l_extendedprice * (1 - l_discount) as volume
    from
      supplier,
      lineitem,
      orders,
      customer,
      nation n1,
      nation n2
    where
      s_suppkey = l_suppkey
      and o_orderkey = l_orderkey
      and c_custkey = o_custkey
      and s_nationkey = n1.n_nationkey
      and c_nationkey = n2.n_nationkey
      and (
        (n1.n_name = 'ROMANIA' and n2.n_name = 'IRAN')
        or (n1.n_name = 'IRAN' and n2.n_name = 'ROMANIA')
      )
      and l_shipdate between date '1983-01-01' and date '2000-12-31'
  ) as shipping
group by
  supp_nation,
  cust_nation,
  l_year
order by
  supp_nation,
  cust_nation,
  l_year;

-- file: risingwave/streaming/tpch/views/q8.slt.part

create materialized view tpch_q8 as
select
  o_year,
  round(sum(case
    when nation = 'IRAN' then volume
    else 0
  end) / sum(volume), 6) as mkt_share
from
  (
    select
      extract(year from o_orderdate) as o_year,
      l_extendedprice * (1 - l_discount) as volume,
      n2.n_name as nation
    from
      part,
      supplier,
      lineitem,
      orders,
      customer,
      nation n1,
      nation n2,
      region
    where
      p_partkey = l_partkey
      and s_suppkey = l_suppkey
      and l_orderkey = o_orderkey
      and o_custkey = c_custkey
      and c_nationkey = n1.n_nationkey
      and n1.n_regionkey = r_regionkey
      and r_name = 'ASIA'
      and s_nationkey = n2.n_nationkey
      and o_orderdate between date '1995-01-01' and date '1996-12-31'
      and p_type = 'PROMO ANODIZED STEEL'
  ) as all_nations
group by
  o_year
order by
  o_year;

-- file: risingwave/streaming/tpch/views/q9.slt.part

create materialized view tpch_q9 as
select
  nation,
  o_year,
  round(sum(amount), 2) as sum_profit
from
  (
    select
      n_name as nation,
      extract(year from o_orderdate) as o_year,
      l_extendedprice * (1 - l_discount) - ps_supplycost * l_quantity as amount
    from
      part,
      supplier,
      lineitem,
      partsupp,
      orders,
      nation
    where
      s_suppkey = l_suppkey
      and ps_suppkey = l_suppkey
      and ps_partkey = l_partkey
      and p_partkey = l_partkey
      and o_orderkey = l_orderkey
      and s_nationkey = n_nationkey
      and p_name like '%yellow%'
  ) as profit
group by
  nation,
  o_year
order by
  nation,
  o_year desc;

-- file: risingwave/streaming/union.slt

create table t1 (v1 int, v2 int, v4 int);

create table t2 (v1 int, v3 int, v4 int);

create materialized view v as select * from t1 union all select * from t2;

create materialized view v2 as select * from t1 union select * from t2;

create materialized view v3 as select * from t1 union all corresponding select * from t2;

create materialized view v4 as select * from t1 union corresponding by (v4, v1) select * from t2;

insert into t1 values(1, 2, 3);

insert into t2 values(1, 2, 3);

delete from t2 where v1 = 1;

create materialized view v5 as select * from t1 union corresponding by (vxx, v1) select * from t2;

create table txx (vxx int);

create materialized view v5 as select * from t1 union corresponding select * from txx;

-- file: risingwave/streaming/values.slt

create materialized view mvb as values (233, 'risingwave'), (233, 'risingwave');

create table t (v int, c varchar);

insert into t values (1, 'China'), (0, 'United States');

create materialized view mv as
with dict(abbr, real) as (values ('cn', 'China'), ('us', 'United States'))
select * from t join dict on t.c = dict.real;

select * from mv order by v;

create materialized view mv as select * from abs(-1);

create materialized view mv2 as select * from range(1,2);

create materialized view mv as select min(1), string_agg('abc', ',');

create materialized view mv as select lag(x) over (partition by 0::int) from (values (1), (2)) as t(x);

create materialized view mv as select '2020-01-01'::timestamptz;;

-- file: risingwave/streaming/watermark.slt

create table t (
    ts timestamp,
    foo int,
    watermark for ts as ts - interval '5 minutes'
) append only;

create materialized view mv1 as select * from t emit on window close;

create materialized view mv2 as select t.ts, unnest(Array[1,2,3]) from t emit on window close;

insert into t values ('2023-05-06 16:51:00', 1), ('2023-05-06 16:51:00', 2), ('2023-05-06 16:51:00', 3);

insert into t values ('2023-05-06 16:56:01', 1);

select * from mv1 order by 2;

select * from mv2 order by 2;

CREATE TABLE t (
    v INT,
    WATERMARK FOR v AS to_timestamp(v) - INTERVAL '5' SECOND
);

-- file: risingwave/tpch/insert_region.slt.part

INSERT INTO region (r_regionkey, r_name, r_comment) VALUES
(0,'AFRICA','lar deposits. blithely final packages cajole. regular waters are final requests. regular accounts are according to '),
(1,'AMERICA','hs use ironic, even requests. s'),
(2,'ASIA','ges. thinly even pinto beans ca'),
(3,'EUROPE','ly final courts cajole furiously final excuse'),
(4,'MIDDLE EAST','uickly special accounts cajole carefully blithely close requests. carefully final asymptotes haggle furiousl');

-- file: sluice/asof-join.slt

create table trades (id int primary key, symbol varchar, ts timestamp, qty int);

create table quotes (symbol varchar, ts timestamp, price int, primary key (symbol, ts));

create materialized view priced as
select t.id, t.qty, q.price, q.ts as quoted_at
from trades t asof join quotes q on t.symbol = q.symbol and t.ts >= q.ts;

create materialized view priced_all as
select t.id, q.price
from trades t asof left join quotes q on q.symbol = t.symbol and q.ts <= t.ts;

create materialized view next_quote as
select t.id, q.price
from trades t asof left join quotes q on t.symbol = q.symbol and t.ts < q.ts;

create materialized view value_per_symbol as
select t.symbol, sum(t.qty * q.price) as value
from trades t asof join quotes q on t.symbol = q.symbol and t.ts >= q.ts
group by t.symbol;

insert into trades values
  (1, 'abc', '2024-01-01 10:00:05', 10),
  (2, 'abc', '2024-01-01 10:00:15', 20),
  (3, 'xyz', '2024-01-01 10:00:05', 30),
  (4, null,  '2024-01-01 10:00:05', 40);

insert into quotes values
  ('abc', '2024-01-01 10:00:00', 100),
  ('abc', '2024-01-01 10:00:10', 110),
  ('abc', '2024-01-01 10:00:20', 120),
  ('xyz', '2024-01-01 10:00:06', 500);

select * from value_per_symbol;

insert into quotes values ('abc', '2024-01-01 10:00:10', 111), ('abc', '2024-01-01 10:00:05', 105);

delete from quotes where symbol = 'abc' and ts = '2024-01-01 10:00:05';

insert into trades values (3, 'xyz', '2024-01-01 10:00:07', 30);

delete from trades where id = 2;

delete from quotes where symbol = 'xyz';

select t.id, t.symbol, q.price from trades t asof left join quotes q on t.symbol = q.symbol and t.ts > q.ts;

select * from trades t asof join quotes q on t.ts >= q.ts;

select * from trades t asof join quotes q on t.symbol = q.symbol;

select * from trades t asof join quotes q on t.symbol = q.symbol and t.ts >= q.ts and q.price > 100;

-- file: sluice/batch/errors.slt

create table t (a int, b varchar);

selec a from t;

select a from t where;

select c from t;

insert into t values (1, 'x', 'extra');

create table t (a int);

select a, count(*) from t;

select cast('abc' as int);

create materialized view bad as select b from t group by b emit on window close;

create materialized view v as select b, count(*) as n from t group by b;

-- file: sluice/batch/expressions.slt

select 1 + 2 * 3, 7 / 2, 7 % 3, 7.0 / 2;

select 1 <> 2, null is null, 2 between 1 and 3, 3 in (1, 2);

select case when 2 > 1 then 'yes' else 'no' end;

select case 2 when 1 then 'one' when 2 then 'two' end, case 3 when 1 then 'one' end;

create table p (name varchar, qty int, price double);

insert into p values ('Apple', 3, 0.5), ('banana', 12, 0.25), ('Cherry', null, 4), ('', 0, 1);

select name, case when qty is null then 'unknown' when qty >= 10 then 'many' else 'few' end, coalesce(qty, -1) from p;

select cast('42' as int), cast(42 as varchar), '2.5'::double, 3.7::int::varchar, 'yes'::boolean;

select cast(qty as varchar) || ' x ' || name from p where qty > 0 order by qty;

select upper('abc'), lower('AbC'), trim('  x  '), length('héllo'), substring('streaming', 1, 6);

select replace('a-b-c', '-', '+'), split_part('a,b,c', ',', 2), concat('a', null, 'b'), starts_with('sluice', 'slu');

select regexp_replace('a1b22', '[0-9]+', '#', 'g'), 'abc' like 'a%';

-- file: sluice/batch/more-functions.slt

select to_char(timestamp '2015-07-15 09:05:03', 'YYYY-MM-DD HH24:MI:SS'), to_char(timestamp '2015-07-15 21:05:03', 'Dy DD Mon YYYY HH12 AM'), to_char(date '2015-07-15', 'yyyy/mm/dd'), to_char(timestamp '2015-07-15 09:05:03', 'FMMonth, Q');

select concat_ws('-', 'a', null, 1), left('hello', 2), right('hello', -2), lpad('7', 3, '0'), rpad('ab', 4, '*'), repeat('ab', 2);

select reverse('abc'), initcap('hello wORLD'), strpos('hello', 'll'), octet_length('añ'), md5('abc');

select regexp_match('channel_id=77&x=1', 'channel_id=([^&]*)'), regexp_match('abc', 'z'), regexp_count('banana', 'an');

select cbrt(27), log(100), log(2, 8), trunc(-2.789, 2), sign(-3.5);

select date_part('hour', timestamp '2015-07-15 09:05:03'), cardinality(string_to_array('a b c', ' ')), array_length(string_to_array('a b', ' '), 1), array_to_string(string_to_array('a b c', ' '), '|');

select encode('hi'::bytea, 'hex'), make_date(2024, 2, 29);

create table urls (id int primary key, url varchar, ts timestamp);

create materialized view parsed as
select id, (regexp_match(url, 'channel_id=([0-9]+)') is not null) as has_channel, split_part(url, '/', 4) as dir1,
  to_char(ts, 'YYYY-MM-DD') as day, to_char(ts, 'HH24:MI') as minute, lpad(id::varchar, 3, '0') as code
from urls;

insert into urls values (1, 'https://x.com/a/b?channel_id=5', '2015-07-15 10:11:12'), (2, 'https://x.com/c', '2015-07-16 23:59:00');

insert into urls values (2, 'https://x.com/d?channel_id=9', '2015-07-17 00:00:00');

-- file: sluice/batch/time.slt

select timestamp '2024-05-01 10:00:00' + interval '90' minute;

select timestamp '2024-05-01 10:00:00' - timestamp '2024-05-01 08:30:00';

select date '2024-05-01' + 30, date_trunc('hour', timestamp '2024-05-01 10:42:13');

select interval '1 hour 30 minutes' * 2, interval '1' day, interval '2 days 3 hours';

select timestamp '2024-05-01 10:00:00.25';

create table ev (id int, at timestamp);

insert into ev values (1, '2024-05-01 10:00:00'), (2, '2024-05-01 10:00:07.5'), (3, '2024-05-02 00:00:00');

select id, at + interval '1' second from ev order by id;

select id, at < timestamp '2024-05-01 12:00:00' from ev;

select date_trunc('day', at) as day, count(*) from ev group by date_trunc('day', at) order by day;

-- file: sluice/joins.slt

create table orders (id int, customer int, amount int) append only;

create table customers (id int primary key, name varchar, city varchar);

create materialized view enriched as
select o.id, o.amount, c.name, c.city from orders o join customers c on o.customer = c.id;

create materialized view all_orders as
select o.id, c.name from orders o left join customers c on o.customer = c.id;

create materialized view oslo_orders as
select o.id, c.name from orders o left join customers c on o.customer = c.id and c.city = 'oslo';

create materialized view both_sides as
select o.id as order_id, c.id as customer_id from orders o full outer join customers c on o.customer = c.id;

create materialized view per_city as
select c.city, count(*) as n, sum(o.amount) as total
from orders o, customers c where o.customer = c.id group by c.city;

insert into orders values (1, 10, 100), (2, 20, 200), (3, null, 5), (4, 10, 40);

insert into customers values (10, 'ann', 'oslo'), (30, 'cy', 'rome');

insert into customers values (10, 'ann', 'bergen'), (20, 'bo', 'oslo');

insert into customers values (20, 'bo', 'paris');

select id, name, city from customers join (select customer as id, amount from orders) o using (id);

select * from customers natural join (select customer as id, amount from orders where amount > 50) o;

create table a (id int, ts timestamp, watermark for ts as ts - interval '1' second) append only;

create table b (id int, ts timestamp, watermark for ts as ts - interval '1' second) append only;

create materialized view within_10s as
select a.id, a.ts as a_ts, b.ts as b_ts from a join b
on a.id = b.id and a.ts between b.ts - interval '10' second and b.ts;

create materialized view window_counts as
select x.window_start, x.id, x.n as a_rows, y.n as b_rows from
  (select window_start, window_end, id, count(*) as n from tumble(a, ts, interval '10' second) group by window_start, window_end, id) x
join
  (select window_start, window_end, id, count(*) as n from tumble(b, ts, interval '10' second) group by window_start, window_end, id) y
on x.window_start = y.window_start and x.window_end = y.window_end and x.id = y.id;

create materialized view window_pairs as
select x.window_start, x.id, x.ts as a_ts, y.ts as b_ts
from tumble(a, ts, interval '10' second) x
join tumble(b, ts, interval '10' second) y using (window_start, window_end, id);

create table tags (id int primary key, tag varchar);

create materialized view order_counts as select customer as id, count(*) as n from orders group by customer;

create materialized view tagged_counts as
select t.id, t.n, g.tag from order_counts t left join tags g using (id);

delete from customers where id = 30;

delete from tags where id = 10;

-- file: sluice/over-window.slt

create table s (id int primary key, g varchar, t int, v int);

create materialized view numbered as
select id, g, t, row_number() over (partition by g order by t, id) as rn,
  rank() over (partition by g order by t) as rk, dense_rank() over (partition by g order by t) as dr from s;

create materialized view neighbours as
select id, lag(v) over (partition by g order by t, id) as prev,
  lead(v, 2, -1) over (partition by g order by t, id) as next2 from s;

create materialized view ends as
select id, first_value(v) over (partition by g order by t, id) as fv,
  last_value(v) over (partition by g order by t, id rows between unbounded preceding and unbounded following) as lv,
  last_value(v) over (partition by g order by t) as lv_peers from s;

create materialized view running as
select id, sum(v) over (partition by g order by t) as running, count(*) over (partition by g) as n,
  count(v) over (partition by g order by t, id rows between 1 preceding and 1 following) as nv from s;

create materialized view framed as
select id, avg(v) over (partition by g order by t, id rows between 1 preceding and current row) as mov,
  min(v) over (partition by g order by t range between 2 preceding and current row) as mn,
  max(v) over (order by t range between current row and 5 following) as mx,
  sum(v) over (order by t desc, id rows between unbounded preceding and 1 preceding) as before_desc from s;

create materialized view over_whole as
select g, id, v - min(v) over (partition by g) as above_min from s where v is not null;

insert into s values (1, 'a', 1, 10), (2, 'a', 2, 20), (3, 'a', 2, 30), (4, 'a', 5, 40), (5, 'b', 1, 50), (6, 'b', 3, null);

insert into s values (2, 'a', 9, 22), (7, 'b', 2, 70);

insert into s values (1, 'b', 1, 10), (4, 'c', 4, 40);

create table ev (tm timestamp, g int, v int, watermark for tm as tm - interval '5' second) append only;

create materialized view ev_numbered as
select tm, g, v, row_number() over (partition by g order by tm) as rn, lag(v) over (partition by g order by tm) as prev,
  lead(v) over (partition by g order by tm) as next, sum(v) over (partition by g order by tm) as running
from ev emit on window close;

insert into ev values ('2024-01-01 00:00:00', 1, 10), ('2024-01-01 00:00:02', 1, 20), ('2024-01-01 00:00:03', 2, 5), ('2024-01-01 00:00:09', 1, 30);

-- file: sluice/streaming/aggregates.slt

create table t (k varchar, v int, x double);

create materialized view agg as
select k, count(*) as n, count(v) as nv, sum(v) as s, avg(x) as a, min(v) as lo, max(v) as hi
from t group by k;

create materialized view busy as
select k, count(*) as n from t group by k having count(*) >= 2;

create materialized view by_parity as
select v % 2 as parity, count(*) as n, sum(v) as s from t where v is not null group by v % 2;

create materialized view overall as
select count(*) as n, sum(v) as s, min(x) as lo, max(x) as hi from t;

select count(*), sum(v) from t;

insert into t values ('a', 1, 1.5), ('a', 2, 2.5), ('b', 10, 4), ('b', null, 6), ('c', 7, null);

insert into t values ('c', 3, 0.5), ('d', null, null);

select upper(k) as big, sum(v) * 2 from t group by upper(k) order by big;

-- file: sluice/streaming/backfill.slt

create table t (k int, v int);

insert into t values (1, 10), (1, 20), (2, 5);

create materialized view sums as select k, sum(v) as s from t group by k;

create materialized view doubled as select k, s * 2 as d from sums;

insert into t values (2, 1);

-- file: sluice/streaming/collection-aggregates.slt

create table items (id int primary key, grp varchar, name varchar, rank int, ok boolean);

create materialized view agg as
select grp,
  string_agg(name, ',' order by rank desc) as names,
  string_agg(name, '-') filter (where ok) as ok_names,
  array_agg(rank order by rank) as ranks,
  bool_and(ok) as all_ok,
  bool_or(ok) as any_ok
from items group by grp;

create materialized view total as select string_agg(name, ' ' order by name) as everyone, bool_and(ok) as all_ok from items;

insert into items values (1, 'a', 'x', 1, true), (2, 'a', 'y', 3, false), (3, 'b', 'z', 2, null);

select grp, names, ok_names, ranks, all_ok, any_ok from agg;

insert into items values (2, 'a', 'y', 0, true), (3, 'a', 'z', 2, true);

-- file: sluice/streaming/datagen.slt

create source trades (id bigint, side varchar, amount int, ts timestamp,
  watermark for ts as ts - interval '1' second)
with (connector = 'datagen', datagen.rows = '100', datagen.rows.per.second = '10000',
  fields.id.kind = 'sequence', fields.id.start = '1',
  fields.side.values = 'buy,sell', fields.amount.min = '1', fields.amount.max = '9',
  fields.ts.kind = 'event_time', fields.ts.start = '2024-05-01 00:00:00');

create materialized view counts as
select count(*) as n, sum(id) as id_sum, min(id) as lo, max(id) as hi,
  min(amount) >= 1 and max(amount) <= 9 as in_range
from trades;

create materialized view per_side as select side, count(*) > 0 as seen from trades group by side;

create materialized view windows as
select window_start, count(*) as n
from tumble(trades, ts, interval '1' second)
group by window_start
emit on window close;

select sum(n) from windows;

drop source trades;

-- file: sluice/streaming/distinct.slt

create table t (id int primary key, g varchar, v int);

insert into t values (1, 'a', 5), (2, 'a', 9), (3, 'b', 1), (4, 'b', 1), (5, null, 2);

create materialized view d as select distinct g from t;

create materialized view d2 as select distinct g, v % 2 as odd from t;

create materialized view top_per_g as
select distinct on (g) g, id, v from t order by g, v desc, id;

create materialized view first_per_g as select distinct on (g) g, id from t;

create materialized view stats as
select g, count(distinct v) as nv, sum(distinct v) as sv, avg(distinct v) as av,
       count(*) filter (where v > 1) as big, sum(v) filter (where id % 2 = 0) as even_sum
from t group by g;

create materialized view overall as select count(distinct g) as groups, count(distinct v) as values_ from t;

insert into t values (2, 'b', 7), (3, 'b', 8), (6, 'c', 4);

select distinct on (g) g, v from t where g is not null order by g, v;

select distinct on (g) g, v from t order by v;

select distinct g from t order by v;

-- file: sluice/streaming/dml.slt

create table emp (id int primary key, dept int, name varchar, salary bigint);

create table dept (id int, title varchar);

create materialized view per_dept as
select dept, count(*) as n, sum(salary) as total, max(salary) as top from emp group by dept;

create materialized view emp_dept as
select e.name, d.title from emp e join dept d on e.dept = d.id;

create materialized view best as
select * from (
  select dept, name, salary, row_number() over (partition by dept order by salary desc) as rn from emp
) where rn <= 1;

insert into emp values (1, 10, 'ann', 100), (2, 10, 'bob', 200), (3, 20, 'cid', 300), (4, 20, 'dan', 50);

insert into dept values (10, 'sales'), (20, 'ops'), (20, 'ops');

select dept, name, salary from best;

update emp set salary = salary + 150 where name = 'ann';

update emp set dept = 20 where id = 2;

delete from dept where id = 20;

delete from emp where salary >= 300;

insert into emp values (1, 10, 'ann', 1);

select count(*) from emp;

create table log (v int) append only;

-- file: sluice/streaming/mv-basics.slt

create table orders (id int, customer varchar, amount double);

insert into orders values (1, 'ann', 10), (2, 'bob', 5);

create materialized view big_orders as select id, customer, amount from orders where amount > 6;

create materialized view totals as
select customer, count(*) as n, sum(amount) as total
from orders
group by customer;

select customer, n, total from totals;

insert into orders values (3, 'ann', 2.5), (4, 'cid', 7), (5, 'bob', 20);

select customer, n, total from totals order by customer;

select count(*) from orders;

-- file: sluice/streaming/session-cumulate.slt

create table clicks (id int primary key, user_id int, ts timestamp,
  watermark for ts as ts - interval '1' minute);

create materialized view sessions as
select user_id, window_start, window_end, count(*) as n
from session(clicks, ts, interval '10' second)
group by user_id, window_start, window_end;

create materialized view flink_sessions as
select user_id, window_start, window_end, count(*) as n
from table(session(table clicks partition by user_id, descriptor(ts), interval '10' seconds))
group by user_id, window_start, window_end;

insert into clicks values
  (1, 1, '2024-05-01 10:00:00'),
  (2, 1, '2024-05-01 10:00:05'),
  (3, 2, '2024-05-01 10:00:07'),
  (4, 1, '2024-05-01 10:00:30');

insert into clicks values (5, 1, '2024-05-01 10:00:14'), (6, 1, '2024-05-01 10:00:22');

insert into clicks values (6, 3, '2024-05-01 10:00:22'), (3, 1, '2024-05-01 10:00:07');

create table events (kind varchar, amount int, ts timestamp,
  watermark for ts as ts - interval '5' second) append only;

create materialized view closed_sessions as
select kind, window_start, window_end, sum(amount) as total
from session(events, ts, interval '10' second)
group by kind, window_start, window_end
emit on window close;

create materialized view running_totals as
select window_start, window_end, sum(amount) as total
from cumulate(events, ts, interval '10' second, interval '30' second)
group by window_start, window_end;

create materialized view closed_cumulate as
select window_start, window_end, count(*) as n
from cumulate(events, ts, interval '10' second, interval '30' second)
group by window_start, window_end
emit on window close;

insert into events values ('a', 1, '2024-05-01 10:00:01'), ('a', 2, '2024-05-01 10:00:08'), ('b', 5, '2024-05-01 10:00:12');

-- file: sluice/streaming/set-operations.slt

create table a (k int primary key, v varchar);

create table b (k int primary key, v varchar);

insert into a values (1, 'x'), (2, 'y'), (3, null), (4, 'y');

insert into b values (10, 'y'), (11, 'z');

create materialized view u_all as select v from a union all select v from b;

create materialized view u as select v from a union select v from b;

create materialized view i as select v from a intersect select v from b;

create materialized view i_all as select v from a intersect all select v from b;

create materialized view e as select v from a except select v from b;

create materialized view e_all as select v from a except all select v from b;

create materialized view with_values as
with named as (select k, v from a where k > 1)
select v, k from named union all values ('const', 0);

create materialized view widened as select k from a union all select 2.5;

insert into b values (10, 'x'), (12, 'y'), (13, 'y');

insert into a values (5, 'x'), (6, 'z'), (3, 'q');

select v from a where v is not null except select v from b;

select 1 union select 2 order by 1 desc;

select 1, 2 union select 1;

create table left_side (id int primary key, name varchar, score int);

create table right_side (score int, id int, extra varchar);

create materialized view by_name as
select * from left_side union all corresponding select * from right_side;

create materialized view by_list as
select * from left_side union corresponding by (score, id) select * from right_side;

select * from left_side union corresponding by (extra) select * from right_side;

-- file: sluice/streaming/subqueries.slt

create table c (id int primary key, name varchar, lim int);

create table o (oid int primary key, cust int, amount int);

insert into c values (1, 'ann', 10), (2, 'bob', 1), (3, 'cy', 5), (4, null, null);

insert into o values (10, 1, 5), (11, 1, 7), (12, 2, 3);

create materialized view buyers as select id, name from c where id in (select cust from o);

create materialized view not_buyers as select id from c where id not in (select cust from o);

create materialized view quiet as
select id from c where not exists (select 1 from o where o.cust = c.id);

create materialized view big_spenders as
select id from c where exists (select 1 from o where o.cust = c.id and o.amount >= 6);

create materialized view totals as
select id, (select sum(amount) from o where o.cust = c.id) as total,
       (select count(*) from o where o.cust = c.id) as n
from c;

create materialized view above_avg as
select oid from o where amount > (select avg(amount) from o);

create materialized view over_limit as
select id from c where lim < (select max(amount) from o where o.cust = c.id);

create materialized view vip_or_quiet as
select id from c where lim >= 10 or not exists (select 1 from o where o.cust = c.id);

insert into o values (13, null, 100), (12, 3, 6);

insert into o values (13, 4, 1);

select id from c where id + 0 in (select cust from o where amount < 7);

select id from c where name not in (select name from c where id > 2);

select id from c where name not in (select name from c where id > 2 and name is not null);

select (select max(name) from c);

select id from c where lim = (select amount from o);

-- file: sluice/streaming/table-late-rows.slt

create table clicks (id int, ts timestamp, watermark for ts as ts - interval '5' second) append only;

create table views (id int, ts timestamp, watermark for ts as ts - interval '5' second) append only;

create materialized view clicked as
select c.id, v.id as view_id, c.ts from clicks c left join views v
on c.id = v.id and c.ts between v.ts and v.ts + interval '10' second;

insert into clicks values (1, '2024-01-01 00:00:08'), (2, '2024-01-01 00:00:01');

insert into views values (1, '2024-01-01 00:00:05');

insert into clicks values (3, '2024-01-01 00:00:02'), (4, '2024-01-01 00:00:03'), (5, null);

insert into clicks values (6, '2024-01-01 00:00:30'), (7, '2024-01-01 00:00:04');

select * from clicks where id >= 6;

select * from clicks where id >= 8;

-- file: sluice/streaming/upserts.slt

create table users (id int primary key, team varchar, score int);

create materialized view per_team as
select team, count(*) as n, sum(score) as total, max(score) as best
from users group by team;

create materialized view high as select id, team from users where score >= 50;

insert into users values (1, 'red', 10), (2, 'red', 60), (3, 'blue', 70);

insert into users values (2, 'red', 20), (3, 'red', 80);

select * from users order by id;

insert into users values (3, 'red', 5);

-- file: sluice/streaming/views.slt

create table sales (region varchar, item varchar, qty int);

create view eu_sales as select item, qty from sales where region = 'eu';

create view big_eu_sales as select item, qty from eu_sales where qty >= 10;

create materialized view per_item as select item, sum(qty) as total from sales group by item;

create materialized view top_items as select item, total from per_item where total >= 20;

create materialized view item_count as select count(*) as items, sum(total) as qty from per_item;

insert into sales values ('eu', 'pen', 5), ('eu', 'ink', 12), ('us', 'pen', 20), ('us', 'pad', 1);

insert into sales values ('eu', 'ink', 10), ('eu', 'pad', 30);

-- file: sluice/streaming/windows.slt

create table clicks (user_id int, page varchar, ts timestamp,
  watermark for ts as ts - interval '1' second) append only;

create materialized view per_tumble as
select window_start, window_end, page, count(*) as n
from tumble(clicks, ts, interval '5' second)
group by window_start, window_end, page;

create materialized view per_hop as
select window_start, count(*) as n, count(distinct_user) as users
from (select window_start, user_id as distinct_user from hop(clicks, ts, interval '5' second, interval '10' second)) as h
group by window_start;

create materialized view closed_windows as
select window_start, count(*) as n
from tumble(clicks, ts, interval '5' second)
group by window_start
emit on window close;

insert into clicks values
  (1, '/home', '2024-05-01 10:00:01'),
  (2, '/home', '2024-05-01 10:00:03'),
  (1, '/cart', '2024-05-01 10:00:04'),
  (3, '/home', '2024-05-01 10:00:06');

select * from per_tumble order by window_start, page;

select * from per_hop order by window_start;

select * from closed_windows order by window_start;

insert into clicks values (2, '/cart', '2024-05-01 10:00:09'), (4, '/home', '2024-05-01 10:00:16');

select window_start, window_end, count(*) from tumble(clicks, ts, interval '10' second) group by window_start, window_end order by window_start;

select user_id, window_start from table(tumble(table clicks, descriptor(ts), interval '5' second)) where page = '/cart' order by user_id;

-- file: sluice/streaming/word-count.slt

create table lines (line varchar);

create materialized view word_counts as
select word, count(*) as n
from (select unnest(string_to_array(line, ' ')) as word from lines) as words
where word <> ''
group by word;

insert into lines values ('the quick brown fox'), ('the lazy dog'), ('');

insert into lines values ('the  fox'), ('a dog and a fox');

select word, n from word_counts where n > 1 order by n desc, word;

select count(*) from word_counts;

select regexp_split_to_table('a1b22c', '[0-9]+');

select generate_series(1, 3) as n, 'x' as tag;

-- file: sluice/top-n.slt

create materialized view top2 as
select g, id, v, rn from (
  select *, row_number() over (partition by g order by v desc, id) as rn from t
) x where rn <= 2;

create materialized view top2_hidden_rank as
select id, v from (
  select *, row_number() over (partition by g order by v desc, id) as rn from t
) s where rn < 3 and v > 0;

create materialized view ranked as
select g, id, v, r from (
  select *, rank() over (partition by g order by v desc) as r from t
) x where r <= 2;

create materialized view dense_first as
select g, id from (
  select *, dense_rank() over (partition by g order by v) as dr from t
) x where dr = 1;

create materialized view second_and_third as
select id from (
  select id, row_number() over (order by v, id) as rn from t
) x where rn between 2 and 3;

create materialized view lim as
select id, v from t order by v desc, id limit 3 offset 1;

create materialized view tied as
select id, v from t order by v fetch first 2 rows with ties;

create materialized view small_per_group as
select g, count(*) as n from (select * from t order by v, id limit 4) s group by g;

insert into t values (1, 'a', 10), (2, 'a', 30), (3, 'a', 20), (4, 'b', 5), (5, 'b', 5), (6, 'c', 7);

select * from top2_hidden_rank;

select * from second_and_third;

insert into t values (2, 'a', 1), (7, 'b', 6);

insert into t values (3, 'z', 0), (6, 'z', 0);

insert into t values (1, 'a', -1);

create table bid (ts timestamp, price int, item varchar, watermark for ts as ts - interval '1' second) append only;

create materialized view window_top as
select window_start, item, price from (
  select *, row_number() over (partition by window_start, window_end order by price desc, item) as rownum
  from tumble(bid, ts, interval '10' second)
) x where rownum <= 2;

create materialized view window_top_eowc as
select window_start, item, price, rownum from (
  select *, row_number() over (partition by window_start order by price desc, item) as rownum
  from tumble(bid, ts, interval '10' second)
) x where rownum <= 2
emit on window close;

create materialized view window_count_top as
select window_start, parity, n from (
  select *, row_number() over (partition by window_start order by n desc, parity) as rn
  from (select window_start, price % 2 as parity, count(*) as n from tumble(bid, ts, interval '10' second)
        group by window_start, price % 2) c
) x where rn = 1
emit on window close;

select * from window_count_top;

-- file: sluice/fuzz-extra (written for this corpus)

CREATE SOURCE bids (auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, url VARCHAR, date_time TIMESTAMP, extra VARCHAR,
  WATERMARK FOR date_time AS date_time - INTERVAL '4' SECOND)
WITH (connector = 'datagen', datagen.rows.per.second = '100') FORMAT PLAIN ENCODE JSON;

CREATE SOURCE lines (line VARCHAR) WITH (connector = 'file', path = 'words.txt') FORMAT PLAIN ENCODE CSV (delimiter = '|');

CREATE TABLE people (id BIGINT PRIMARY KEY, name VARCHAR NOT NULL, city VARCHAR, born DATE, score DOUBLE PRECISION, tags TEXT[], doc JSONB, raw BYTEA, seen TIMESTAMPTZ);

CREATE TABLE events (id INT, kind VARCHAR, at TIMESTAMP, amount DECIMAL(10, 2), WATERMARK FOR at AS at) APPEND ONLY;

CREATE MATERIALIZED VIEW hot AS SELECT window_start, window_end, auction, count(*) AS n, max(price) AS top
FROM TUMBLE(bids, date_time, INTERVAL '10' SECOND) GROUP BY window_start, window_end, auction EMIT ON WINDOW CLOSE;

CREATE MATERIALIZED VIEW hop_avg AS SELECT auction, window_end, avg(price) FILTER (WHERE price > 10) AS a
FROM TABLE(HOP(TABLE bids, DESCRIPTOR(date_time), INTERVAL '2' SECOND, INTERVAL '10' SECOND)) GROUP BY auction, window_end;

CREATE MATERIALIZED VIEW sessions AS SELECT bidder, window_start, window_end, count(*) AS n
FROM TABLE(SESSION(TABLE bids PARTITION BY bidder, DESCRIPTOR(date_time), INTERVAL '30' SECOND)) GROUP BY bidder, window_start, window_end;

CREATE MATERIALIZED VIEW cumulative AS SELECT window_start, window_end, sum(price) AS total
FROM TABLE(CUMULATE(TABLE bids, DESCRIPTOR(date_time), INTERVAL '1' MINUTE, INTERVAL '1' HOUR)) GROUP BY window_start, window_end;

CREATE VIEW big_bids AS SELECT * FROM bids WHERE price > 1000;

CREATE SINK hot_out FROM hot WITH (connector = 'console');

CREATE SINK bids_file AS SELECT auction, price * 2 AS doubled FROM bids WITH (connector = 'file', path = 'out', format = 'jsonl');

CREATE SINK hot_pg FROM hot WITH (connector = 'postgres', url = 'postgres://localhost/db', table = 'hot', primary_key = 'window_start,auction');

SELECT b.auction, p.name, b.price FROM bids AS b JOIN people AS p ON b.bidder = p.id WHERE b.price BETWEEN 10 AND 20;

SELECT a.auction, b.auction FROM bids a JOIN bids b ON a.auction = b.auction AND a.date_time BETWEEN b.date_time - INTERVAL '1' HOUR AND b.date_time;

SELECT * FROM (SELECT auction, price, row_number() OVER (PARTITION BY auction ORDER BY price DESC) AS rn FROM bids) WHERE rn <= 3;

SELECT DISTINCT ON (auction) auction, price FROM bids ORDER BY auction, price DESC;

SELECT word, count(*) FROM lines, unnest(regexp_split_to_array(lower(line), '\s+')) AS word GROUP BY word HAVING count(*) > 1 ORDER BY 2 DESC LIMIT 10;

SELECT city, string_agg(name, ', ' ORDER BY name), array_agg(id), bool_and(score > 1), count(DISTINCT born) FROM people GROUP BY city;

SELECT id, CASE WHEN score IS NULL THEN 'none' WHEN score > 10 THEN 'high' ELSE 'low' END, coalesce(city, 'x') || '!', CAST(score AS INT), born::TEXT, doc->>'k', tags[1] FROM people;

SELECT extract(year FROM born), date_trunc('hour', seen), now() - INTERVAL '1 day', to_char(seen, 'YYYY'), make_date(2024, 1, 2) FROM people WHERE name ILIKE 'a%' AND city NOT IN ('Oslo', 'Rome') AND id IS NOT DISTINCT FROM 3;

SELECT * FROM people WHERE EXISTS (SELECT 1 FROM events WHERE events.id = people.id) AND id IN (SELECT id FROM events) AND score > (SELECT avg(score) FROM people);

SELECT id FROM people UNION SELECT id FROM events EXCEPT SELECT 3 INTERSECT SELECT 4;

WITH t AS (SELECT id, score FROM people) SELECT id, sum(score) OVER (ORDER BY id ROWS BETWEEN 2 PRECEDING AND CURRENT ROW), lag(score, 1, 0.0) OVER (ORDER BY id) FROM t;

SELECT * FROM generate_series(1, 10) AS g(x) FETCH FIRST 3 ROWS WITH TIES;

VALUES (1, 'a'), (2, NULL), (3, E'\n');

INSERT INTO people (id, name) VALUES (1, 'ann'), (2, 'bob');

INSERT INTO events SELECT id, 'k', now()::timestamp, 1.5 FROM people;

UPDATE people SET score = score + 1, city = upper(city) WHERE id = 1 RETURNING id, score;

DELETE FROM people p WHERE p.city IS NULL RETURNING *;

EXPLAIN SELECT auction, count(*) FROM bids GROUP BY auction;

EXPLAIN CREATE MATERIALIZED VIEW x AS SELECT * FROM bids;

SET checkpoint_interval = '10s';

SET state_memory_limit = '256MB';

SHOW MATERIALIZED VIEWS;

DESCRIBE hot;

SUBSCRIBE hot;

FLUSH;

DROP MATERIALIZED VIEW IF EXISTS hot CASCADE;

