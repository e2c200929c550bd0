/**
 * Testing your own pipeline with pushed rows and FLUSH — Spark's queue stream for tests.
 * The pipeline under test is plain SQL; the test pushes rows, flushes, and asserts on the
 * view after each step, including a correction that retracts an earlier result.
 *
 *   npx tsx examples/pipeline-test.ts
 */
import assert from 'node:assert/strict';
import { Sluice } from '@sluice/engine';

/** The pipeline under test: orders per customer, and customers above a spending threshold. */
const PIPELINE = `
  CREATE SOURCE orders (order_id BIGINT, customer VARCHAR, amount DOUBLE) WITH (connector = 'push');
  CREATE TABLE customers (customer VARCHAR PRIMARY KEY, tier VARCHAR);
  CREATE MATERIALIZED VIEW spend AS
    SELECT o.customer, c.tier, count(*) AS orders, sum(o.amount) AS total
    FROM orders AS o JOIN customers AS c ON o.customer = c.customer
    GROUP BY o.customer, c.tier;
  CREATE MATERIALIZED VIEW big_spenders AS SELECT customer FROM spend WHERE total > 100;
`;

const engine = await Sluice.open();
try {
  await engine.sql(PIPELINE);
  await engine.insert('customers', [{ customer: 'ann', tier: 'gold' }, { customer: 'bob', tier: 'basic' }]);

  // step 1: a first batch of orders
  await engine.push('orders', [
    { order_id: 1, customer: 'ann', amount: 60 },
    { order_id: 2, customer: 'bob', amount: 20 },
    { order_id: 3, customer: 'ann', amount: 50 },
  ]);
  await engine.sql('FLUSH');
  assert.deepEqual(await engine.query('SELECT * FROM spend ORDER BY customer'), [
    { customer: 'ann', tier: 'gold', orders: 2, total: 110 },
    { customer: 'bob', tier: 'basic', orders: 1, total: 20 },
  ]);
  assert.deepEqual(await engine.query('SELECT * FROM big_spenders'), [{ customer: 'ann' }]);

  // step 2: a customer changes tier (an upsert): the join retracts and re-emits her group
  await engine.insert('customers', [{ customer: 'ann', tier: 'platinum' }]);
  await engine.push('orders', [{ order_id: 4, customer: 'bob', amount: 90 }]);
  await engine.flush();
  assert.deepEqual(await engine.query('SELECT * FROM spend ORDER BY customer'), [
    { customer: 'ann', tier: 'platinum', orders: 2, total: 110 },
    { customer: 'bob', tier: 'basic', orders: 2, total: 110 },
  ]);
  assert.deepEqual(await engine.query('SELECT * FROM big_spenders ORDER BY customer'), [{ customer: 'ann' }, { customer: 'bob' }]);

  // step 3: a bad row is refused with the column and the reason, and nothing of it arrives
  await assert.rejects(engine.push('orders', [{ order_id: 5, customer: 'cy', amount: 'lots' }]), { code: 'invalid-row' });
  await engine.flush();
  assert.equal((await engine.query('SELECT * FROM spend')).length, 2);
  console.log('pipeline test passed');
} finally {
  await engine.close();
}
