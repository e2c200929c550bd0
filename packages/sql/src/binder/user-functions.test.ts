import { describe, expect, test } from 'vitest';
import { explainPlan } from '../explain/explain-plan.js';
import { parse } from '../parser/parse.js';
import type { QueryStatement } from '../ast/statement.js';
import { T, type DataType } from '../types/data-type.js';
import { bindQuery } from './bind-query.js';
import { testCatalog } from './test-catalog.js';
import type { UserFunctionKind, UserFunctionLookup, UserFunctionSignature } from './user-functions.js';
import type { SqlError } from '../errors.js';

function lookup(...defs: [string, UserFunctionKind, DataType[], DataType][]): UserFunctionLookup {
  const map = new Map<string, UserFunctionSignature>(defs.map(([name, kind, args, returns]) => [name, { name, kind, args, returns }]));
  return { get: (name) => map.get(name), names: () => [...map.keys()] };
}

const functions = lookup(
  ['count_char', 'scalar', [T.varchar, T.varchar], T.bigint],
  ['geo_mean', 'aggregate', [T.double], T.double],
  ['words', 'table', [T.varchar], T.varchar],
);

function plan(sql: string, withFunctions = true): string {
  const catalog = testCatalog();
  if (withFunctions) catalog.functions = functions;
  return explainPlan(bindQuery((parse(sql)[0] as QueryStatement).query, catalog).plan);
}

describe('user functions in the binder', () => {
  test('a scalar call is typed by its signature, with arguments cast', () => {
    expect(plan("SELECT count_char(channel, 'a') + 1 AS n FROM bids WHERE COUNT_CHAR(channel, 'x') > 0")).toMatchInlineSnapshot(`
      "Project n=add(count_char(#3, 'a'), 1::BIGINT)
        Filter greater_than(count_char(#3, 'x'), 0::BIGINT)
          Scan bids columns=[auction, bidder, price, channel, date_time] watermark=date_time-4s"
    `);
  });

  test('an aggregate is an Aggregate call named by the function, arguments coerced', () => {
    expect(plan('SELECT bidder, geo_mean(price) AS g FROM bids GROUP BY bidder')).toMatchInlineSnapshot(`
      "Project bidder=#0, g=#1
        Aggregate keys=[bidder] aggs=[geo_mean(#1)] emit=on-update
          Project bidder=#1, geo_mean_arg=CAST(#2 AS DOUBLE)
            Scan bids columns=[auction, bidder, price, channel, date_time] watermark=date_time-4s"
    `);
  });

  test('a table function expands like unnest', () => {
    expect(plan('SELECT words(line) AS w FROM lines')).toMatchInlineSnapshot(`
      "Project w=#1
        ProjectSet line=#0, words=words(#0)
          Scan lines columns=[line]"
    `);
  });

  test('without the catalog functions the names are unknown; a wrong argument count is reported', () => {
    const error = (() => {
      try {
        plan("SELECT count_char(channel, 'a') FROM bids", false);
      } catch (e) {
        return e as SqlError;
      }
      return undefined;
    })();
    expect(error?.code).toBe('function-not-found');
    expect(() => plan('SELECT count_char(channel) FROM bids')).toThrow(/takes 2 argument/);
  });
});
