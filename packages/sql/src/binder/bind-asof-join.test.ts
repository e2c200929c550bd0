import { describe, expect, test } from 'vitest';
import { explainPlan } from '../explain/explain-plan.js';
import { optimize } from '../optimizer/optimize.js';
import { parse } from '../parser/parse.js';
import { bindSql, sqlErrorOf } from './test-catalog.js';

const plan = (sql: string): string => explainPlan(bindSql(sql).plan);
const optimized = (sql: string): string => explainPlan(optimize(bindSql(sql).plan), { props: true });

describe('ASOF JOIN binding', () => {
  test('equalities become keys, the one inequality the asof condition (either way round)', () => {
    expect(plan('SELECT * FROM bids b ASOF JOIN users u ON b.bidder = u.id AND b.price >= u.age')).toMatchInlineSnapshot(`
      "Project auction=#0, bidder=#1, price=#2, channel=#3, date_time=#4, id=#5, name=#6, city=#7, age=#8
        Join asof keys=[#1 = #5] asof=#2 >= CAST(#8 AS BIGINT)
          Scan bids columns=[auction, bidder, price, channel, date_time] watermark=date_time-4s
          Scan users columns=[id, name, city, age]"
    `);
    expect(plan('SELECT * FROM bids b ASOF LEFT JOIN users u ON u.age > b.price AND u.id = b.bidder')).toMatchInlineSnapshot(`
      "Project auction=#0, bidder=#1, price=#2, channel=#3, date_time=#4, id=#5, name=#6, city=#7, age=#8
        Join asof-left keys=[#1 = #5] asof=#2 < CAST(#8 AS BIGINT)
          Scan bids columns=[auction, bidder, price, channel, date_time] watermark=date_time-4s
          Scan users columns=[id, name, city, age]"
    `);
  });

  test('ASOF is not an alias before JOIN / LEFT JOIN, and still one elsewhere', () => {
    expect(plan('SELECT * FROM bids ASOF JOIN users ON bids.bidder = users.id AND bids.price < users.age')).toContain('Join asof');
    expect(plan('SELECT asof.price FROM bids asof')).toContain('Scan bids');
    expect(parse('SELECT * FROM a ASOF LEFT OUTER JOIN b ON a.k = b.k AND a.t <= b.t')).toBeTruthy();
  });

  test('optimized: a filter on the left side moves below, one on the right side stays above; columns pruned', () => {
    expect(optimized(`SELECT b.auction, u.name FROM bids b ASOF LEFT JOIN users u ON b.bidder = u.id AND b.price <= u.age
      WHERE b.auction > 10 AND u.city = 'x'`)).toMatchInlineSnapshot(`
        "Project auction=#0, name=#5 [retracting]
          Filter equal(#6, 'x') [retracting]
            Join asof-left keys=[#1 = #4] asof=#2 <= CAST(#7 AS BIGINT) [retracting]
              Scan bids columns=[auction, bidder, price, date_time] filter=greater_than(#0, 10::BIGINT) watermark=date_time-4s [append-only, watermark=(date_time)]
              Scan users columns=[id, name, city, age] [retracting]"
      `);
  });

  test('invalid-asof-join without an equality, without an inequality, or with other conditions', () => {
    expect(sqlErrorOf(() => bindSql('SELECT * FROM bids b ASOF JOIN users u ON b.price >= u.age'))).toMatchInlineSnapshot(`"invalid-asof-join at 1:43: ASOF JOIN requires at least one equality between the two sides in its ON condition (hint: write ON l.key = r.key AND l.ts >= r.ts)"`);
    expect(sqlErrorOf(() => bindSql('SELECT * FROM bids b ASOF JOIN users u ON b.bidder = u.id'))).toMatchInlineSnapshot(`"invalid-asof-join at 1:43: ASOF JOIN requires an inequality (<, <=, >, >=) between the two sides in its ON condition, besides the equalities (hint: write ON l.key = r.key AND l.ts >= r.ts)"`);
    expect(sqlErrorOf(() => bindSql('SELECT * FROM bids b ASOF JOIN users u ON b.bidder = u.id AND b.price > u.age AND b.price < u.age'))).toMatchInlineSnapshot(`"invalid-asof-join at 1:43: ASOF JOIN allows only equalities and exactly one inequality (<, <=, >, >=) between the two sides in its ON condition (hint: write ON l.key = r.key AND l.ts >= r.ts)"`);
    expect(sqlErrorOf(() => bindSql("SELECT * FROM bids b ASOF JOIN users u ON b.bidder = u.id AND b.price > u.age AND u.city = 'x'"))).toMatchInlineSnapshot(`"invalid-asof-join at 1:43: ASOF JOIN allows only equalities and exactly one inequality (<, <=, >, >=) between the two sides in its ON condition (hint: write ON l.key = r.key AND l.ts >= r.ts)"`);
    expect(sqlErrorOf(() => bindSql('SELECT * FROM users a ASOF JOIN users b USING (id)'))).toMatchInlineSnapshot(`"invalid-asof-join at 1:23: ASOF JOIN needs an ON condition (USING and NATURAL are not supported) (hint: write ON l.key = r.key AND l.ts >= r.ts)"`);
  });
});
