import { describe, expect, test } from 'vitest';
import { explainPlan } from '../explain/explain-plan.js';
import { optimize } from '../optimizer/optimize.js';
import { bindSql } from './test-catalog.js';

const plans = (sql: string): string => {
  const bound = bindSql(sql).plan;
  return `${explainPlan(bound)}\n--- optimized\n${explainPlan(optimize(bound))}`;
};

describe('set-returning functions in a select list', () => {
  test('sets side by side share one ProjectSet', () => {
    expect(plans("SELECT unnest(string_to_array(line, ' ')) AS w, generate_series(1, 2) AS g FROM lines")).toMatchInlineSnapshot(`
      "Project w=#1, g=#2
        ProjectSet line=#0, unnest=unnest(string_to_array(#0, ' ')), generate_series=generate_series(1, 2)
          Scan lines columns=[line]
      --- optimized
      Project w=#0, g=#1
        ProjectSet unnest=unnest(string_to_array(#0, ' ')), generate_series=generate_series(1, 2)
          Scan lines columns=[line]"
    `);
  });

  test('a set nested in another runs in a ProjectSet below it, and pruning keeps both', () => {
    // the optimizer used to fail here: the outer set read a column of its own node
    expect(plans("SELECT unnest(regexp_matches(line, '#\\w+', 'g')) AS tag, generate_series(1, 2) AS g FROM lines")).toMatchInlineSnapshot(`
      "Project tag=#3, g=#2
        ProjectSet line=#0, regexp_matches=#1, generate_series=#2, unnest=unnest(#1)
          ProjectSet line=#0, regexp_matches=regexp_matches(#0, '#\\w+', 'g'), generate_series=generate_series(1, 2)
            Scan lines columns=[line]
      --- optimized
      Project tag=#1, g=#0
        ProjectSet generate_series=#1, unnest=unnest(#0)
          ProjectSet regexp_matches=regexp_matches(#0, '#\\w+', 'g'), generate_series=generate_series(1, 2)
            Scan lines columns=[line]"
    `);
    expect(plans("SELECT tag, count(*) FROM (SELECT unnest(regexp_matches(line, '#\\w+', 'g')) AS tag, line FROM lines) GROUP BY tag")).toMatchInlineSnapshot(`
      "Project tag=#0, count=#1
        Aggregate keys=[tag] aggs=[count_star()] emit=on-update
          Project tag=#0
            Project tag=#2, line=#0
              ProjectSet line=#0, regexp_matches=#1, unnest=unnest(#1)
                ProjectSet line=#0, regexp_matches=regexp_matches(#0, '#\\w+', 'g')
                  Scan lines columns=[line]
      --- optimized
      Project tag=#0, count=#1
        Aggregate keys=[tag] aggs=[count_star()] emit=on-update
          Project tag=#0
            ProjectSet unnest=unnest(#0)
              ProjectSet regexp_matches=regexp_matches(#0, '#\\w+', 'g')
                Scan lines columns=[line]"
    `);
  });
});
