import { expect, test } from 'vitest';
import { bindSql } from '../binder/test-catalog.js';
import { InternalError } from '../errors.js';
import { explainPlan } from '../explain/explain-plan.js';
import { optimize } from './optimize.js';
import type { OptimizerRule } from './rule.js';

test('all rules to a fixed point: the Nexmark-style windowed query', () => {
  const plan = bindSql(`SELECT window_start, auction, count(*) AS n
    FROM (SELECT * FROM HOP(bids, date_time, INTERVAL '10' SECOND, INTERVAL '10' SECOND)) AS w
    WHERE price > 1000 AND 1 = 1 GROUP BY window_start, auction`, undefined, { emitOnWindowClose: true }).plan;
  expect(explainPlan(optimize(plan))).toMatchInlineSnapshot(`
    "Project window_start=#0, auction=#1, n=#2
      Aggregate keys=[window_start, auction] aggs=[count_star()] emit=on-window-close window-close=window_start+10s
        Project window_start=#3, auction=#0
          WindowTvf tumble(date_time, size=10s)
            Scan bids columns=[auction, price, date_time] filter=greater_than(#1, 1000::BIGINT) watermark=date_time-4s"
  `);
});

test('the word count', () => {
  const plan = bindSql(`SELECT word, count(*) AS n FROM (SELECT unnest(string_to_array(line, ' ')) AS word FROM lines) AS w
    WHERE word <> '' GROUP BY word`).plan;
  expect(explainPlan(optimize(plan))).toMatchInlineSnapshot(`
    "Project word=#0, n=#1
      Aggregate keys=[word] aggs=[count_star()] emit=on-update
        Project word=#0
          Filter not_equal(#0, '')
            ProjectSet unnest=unnest(string_to_array(#0, ' '))
              Scan lines columns=[line]"
  `);
});

test('a rule that changes the schema is reported by name', () => {
  const broken: OptimizerRule = { name: 'broken-rule', apply: (p) => (p.kind === 'Project' ? p.input : undefined) };
  const plan = bindSql('SELECT price FROM bids').plan;
  expect(() => optimize(plan, { rules: [broken] })).toThrow(InternalError);
  expect(() => optimize(plan, { rules: [broken] })).toThrow(/broken-rule.*changed the output schema/);
});

test('a rule that throws is wrapped with its name', () => {
  const failing: OptimizerRule = { name: 'failing-rule', apply: () => { throw new Error('boom'); } };
  expect(() => optimize(bindSql('SELECT 1').plan, { rules: [failing] })).toThrow("optimizer rule 'failing-rule' failed: boom");
});
