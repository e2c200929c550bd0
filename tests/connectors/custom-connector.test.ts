// The example of docs/connectors.md ("Writing a connector"), run as written.
import { describe, expect, it } from 'vitest';
import { Sluice, deltaFromRows, registerSourceConnector, type SourceConnector } from '@sluice/engine';
import { query } from './services.js';

/** `connector = 'counter'`: the numbers 1..`limit`, `step` per poll. */
const counter: SourceConnector = {
  name: 'counter',
  validate(ctx) {
    if (!/^\d+$/.test(ctx.options['limit'] ?? '')) throw new Error("option 'limit' must be a number");
  },
  isBounded: () => true,
  createReader(ctx) {
    const limit = Number(ctx.options['limit']);
    let next = 1;
    return {
      errors: { malformedRows: 0 },
      get ended() { return next > limit; },
      async open() {},
      async seek(offset) { next = (offset as { next: number }).next; },
      async poll(maxRows) {
        if (next > limit) return null;
        const rows = [];
        for (; next <= limit && rows.length < maxRows; next++) rows.push([BigInt(next)]);
        return { delta: deltaFromRows(ctx.schema, rows), offset: { next } };
      },
      async close() {},
    };
  },
};

describe('a user connector', () => {
  it('registers and feeds a view', async () => {
    registerSourceConnector(counter);
    const engine = await Sluice.open();
    try {
      await engine.executeScript(`
        CREATE SOURCE n (x BIGINT) WITH (connector = 'counter', limit = '1000');
        CREATE MATERIALIZED VIEW total AS SELECT sum(x) AS s FROM n;
        FLUSH;`);
      expect(await query(engine, 'SELECT * FROM total')).toEqual([[500_500n]]);
    } finally {
      await engine.close();
    }
  });
});
