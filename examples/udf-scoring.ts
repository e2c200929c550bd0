/**
 * Scoring events with a small model in a user-defined function: a logistic function with
 * fixed weights rates each payment's fraud risk; SQL keeps the risky payments and a running
 * risk per account, and a per-batch callback (foreachBatch) hands the alerts to code.
 *
 *   npx tsx examples/udf-scoring.ts
 */
import { Sluice } from '@sluice/engine';

/** The model: weights for (amount in hundreds, is-night, new device), and a bias. */
const WEIGHTS = { amount: 0.8, night: 1.5, newDevice: 2.0, bias: -4.0 };

function fraudScore(amount: number, hour: number, newDevice: boolean): number {
  const night = hour < 6 || hour >= 22 ? 1 : 0;
  const z = WEIGHTS.bias + WEIGHTS.amount * (amount / 100) + WEIGHTS.night * night + WEIGHTS.newDevice * (newDevice ? 1 : 0);
  return 1 / (1 + Math.exp(-z));
}

const engine = await Sluice.open({ batchIntervalMs: 100 });
try {
  engine.registerFunction('fraud_score', fraudScore, { args: ['DOUBLE', 'INT', 'BOOLEAN'], returns: 'DOUBLE' });
  // a user aggregate: the highest score seen per account, with how many payments it saw
  engine.registerAggregate('risk_summary', {
    args: ['DOUBLE'], returns: 'VARCHAR',
    init: () => ({ max: 0, n: 0 }),
    add: (s: { max: number; n: number }, x: number) => ({ max: Math.max(s.max, x), n: s.n + 1 }),
    result: (s: { max: number; n: number }) => `max ${s.max.toFixed(2)} over ${s.n}`,
  });
  engine.registerCallback<{ id: number; account: string; score: number }>('alert', (batchId, changes) => {
    for (const { op, row } of changes) {
      if (op === '+') console.log(`batch ${batchId}: ALERT payment ${row.id} of ${row.account}, score ${row.score.toFixed(3)}`);
    }
  });

  await engine.sql(`
    CREATE SOURCE payments (id BIGINT, account VARCHAR, amount DOUBLE, hour INT, new_device BOOLEAN)
      WITH (connector = 'push');
    CREATE MATERIALIZED VIEW scored AS
      SELECT id, account, fraud_score(amount, hour, new_device) AS score FROM payments;
    CREATE MATERIALIZED VIEW risky AS SELECT * FROM scored WHERE score > 0.7;
    CREATE MATERIALIZED VIEW per_account AS
      SELECT account, risk_summary(score) AS risk FROM scored GROUP BY account;
    CREATE SINK alerts FROM risky WITH (connector = 'callback', callback = 'alert');
  `);

  await engine.push('payments', [
    { id: 1, account: 'acc-1', amount: 40, hour: 14, new_device: false },
    { id: 2, account: 'acc-2', amount: 250, hour: 3, new_device: true },
    { id: 3, account: 'acc-1', amount: 500, hour: 23, new_device: false },
  ]);
  await engine.flush();
  await engine.push('payments', [{ id: 4, account: 'acc-3', amount: 120, hour: 12, new_device: true }]);
  await engine.flush();

  console.log('per account:', await engine.query('SELECT * FROM per_account ORDER BY account'));
} finally {
  await engine.close();
}
