/**
 * Nexmark q14 with its user function: `count_char` registered from code (as in
 * docs/embedding.md), then the benchmark's own query file bench/nexmark/queries/q14.sql run
 * over 20,000 events of the built-in Nexmark generator.
 *
 *   npx tsx examples/nexmark-q14.ts
 */
import { readFileSync } from 'node:fs';
import { Sluice } from '@sluice/engine';

const queries = new URL('../bench/nexmark/queries/', import.meta.url);
const prelude = readFileSync(new URL('prelude.sql', queries), 'utf8').replace(/nexmark\.event\.num = '\d+'/g, "nexmark.event.num = '20000'");
const q14 = readFileSync(new URL('q14.sql', queries), 'utf8');

const engine = await Sluice.open({ batchIntervalMs: 100 });
try {
  engine.registerFunction('count_char', (s: string, c: string) => [...s].filter((x) => x === c).length,
    { args: ['VARCHAR', 'VARCHAR'], returns: 'BIGINT' });
  // Nexmark q14 then reads: SELECT ..., count_char(extra, 'c') AS c_counts FROM bid ...
  await engine.sql(prelude);
  await engine.sql(q14);
  await engine.flush(); // the generator's 20,000 events are bounded: this waits for all of them

  console.log('bids per number of c in extra:',
    await engine.query('SELECT c_counts, count(*) AS bids FROM nexmark_q14 GROUP BY c_counts ORDER BY c_counts'));
  console.log('a few of them:',
    await engine.query('SELECT auction, bidder, price, bidtimetype, c_counts FROM nexmark_q14 ORDER BY auction, bidder LIMIT 3'));
} finally {
  await engine.close();
}
