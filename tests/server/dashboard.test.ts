/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The dashboard in headless Chromium (Debian's /usr/bin/chromium driven by playwright-core,
 * which never downloads a browser): the catalog lists the objects, a pipeline's charts gain
 * points as /v1/pipelines is polled, and the live table follows a materialized view over the
 * websocket as rows are inserted. A screenshot is saved under tests/server/output/.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipWithout } from './required-binary.js';
import { startTestServer, type TestServer } from './server-fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const noChromium = skipWithout(CHROMIUM, 'chromium');
const outputDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'output');

describe.skipIf(noChromium)('dashboard in a browser', () => {
  let t: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    t = await startTestServer({ token: 'dash' });
    const auth = { authorization: 'Bearer dash' };
    await t.sql(`CREATE TABLE sales (id INT PRIMARY KEY, region VARCHAR, amount INT);
      CREATE MATERIALIZED VIEW by_region AS SELECT region, count(*) AS orders, sum(amount) AS revenue FROM sales GROUP BY region;`, auth);
    await t.server.http.inject({ method: 'POST', url: '/v1/tables/sales/rows', headers: auth, payload: [{ id: 1, region: 'north', amount: 10 }, { id: 2, region: 'south', amount: 7 }] });
    await t.sql('FLUSH', auth);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await t.stop();
  });

  it('shows the catalog, live pipeline charts and a live table', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1100 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${t.server.url}/?token=dash&live=by_region`);

    await page.waitForSelector('#objects li:has-text("by_region")');
    await page.waitForSelector('#pipelines tbody tr:has-text("by_region")');

    // the live table shows the snapshot
    await page.waitForFunction(() => document.querySelectorAll('#live-table tbody tr').length === 2);
    expect(await page.locator('#live-table thead').innerText()).toMatch(/region\s+orders\s+revenue/);

    // insert rows while the page watches: the live table follows, the charts gain points
    for (let i = 3; i <= 12; i++) {
      await t.server.http.inject({ method: 'POST', url: '/v1/tables/sales/rows', headers: { authorization: 'Bearer dash' }, payload: [{ id: i, region: i % 3 === 0 ? 'east' : 'north', amount: i }] });
      await new Promise((r) => setTimeout(r, 150));
    }
    await page.waitForFunction(() => Number(document.querySelector('#live-table')!.getAttribute('data-batch')) > 0);
    await page.waitForFunction(() => document.querySelector('#live-table tbody')!.textContent!.includes('east'));
    await page.waitForFunction(() => {
      const canvas = document.querySelector('.pipeline-charts[data-pipeline="by_region"] canvas');
      return canvas !== null && Number(canvas.getAttribute('data-points')) >= 3;
    }, undefined, { timeout: 15_000 });

    const fresh = (await t.sql('SELECT * FROM by_region ORDER BY region', { authorization: 'Bearer dash' })).body.rows as unknown[][];
    await page.waitForFunction((expected) => {
      const rows = [...document.querySelectorAll('#live-table tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent).join('|'));
      return JSON.stringify(rows.sort()) === JSON.stringify(expected);
    }, fresh.map((row) => row.join('|')).sort());

    await mkdir(outputDir, { recursive: true });
    await page.screenshot({ path: path.join(outputDir, 'dashboard.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });
});
