/**
 * The job and the statements of the restart-equivalence fuzz tests (restart-fuzz*.test.ts):
 * three tables (a primary-keyed one, a multiset, one with a WATERMARK), materialized views
 * over them that cover the stateful operators, a file sink FROM one view, and a seeded
 * generator of INSERT / UPDATE / DELETE statements.
 *
 * The generator keeps a model of each table so that it can aim: delete every row of a group
 * (the aggregate frees its slot), insert a deleted key again (a freed slot is reused), upsert
 * a primary key, insert rows behind the watermark (the table drops them). Statements on the
 * watermarked table only touch rows whose window is still open, and never move a row in
 * time: a retraction for a closed window is dropped as late, and whether a window is closed
 * when the retraction arrives depends on how batches happened to fall (the pipeline's
 * watermark may lag the table's), which a restart legitimately changes. Every aggregate and
 * ordering is deterministic (string_agg with ORDER BY, ties broken by unique columns), so
 * two runs of the same statements must agree row for row however their batches fell.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Sluice } from '@sluice/engine';
import { SeededRandom } from '../helpers/seeded-random.js';

const ITEMS = ['apple', 'bread', 'cheese', 'dates', 'eggs', 'figs'];
const REGIONS = ['north', 'south', 'east', 'west'];
const KINDS = ['click', 'view', 'buy'];
const ACCOUNT_IDS = 10;
/** the watermark delay of `events` and the size of its TUMBLE windows, seconds */
const DELAY_S = 5;
const WINDOW_S = 10;
const EPOCH = Date.UTC(2024, 0, 1);

/** The view the file sink follows. */
export const SINK_VIEW = 'by_item';

/** The DDL of the job; `sinkFolder` receives the file sink's part files. */
export function jobSql(sinkFolder: string): string {
  return `
    CREATE TABLE accounts (id BIGINT PRIMARY KEY, region VARCHAR, tier INT);
    CREATE TABLE orders (oid BIGINT, account BIGINT, item VARCHAR, qty BIGINT, price BIGINT);
    CREATE TABLE events (eid BIGINT PRIMARY KEY, kind VARCHAR, v BIGINT, ts TIMESTAMP,
      WATERMARK FOR ts AS ts - INTERVAL '${DELAY_S}' SECOND);
    CREATE MATERIALIZED VIEW by_item AS
      SELECT item, count(*) AS n, sum(qty) AS qty, min(price) AS lo, max(price) AS hi FROM orders GROUP BY item;
    CREATE MATERIALIZED VIEW item_accounts AS
      SELECT item, count(DISTINCT account) AS accounts, string_agg(oid::VARCHAR, ',' ORDER BY oid) AS oids
      FROM orders GROUP BY item;
    CREATE MATERIALIZED VIEW order_totals AS
      SELECT count(*) AS n, sum(qty) AS qty, count(DISTINCT item) AS items FROM orders;
    CREATE MATERIALIZED VIEW order_regions AS
      SELECT o.oid, o.item, o.qty, a.region, a.tier FROM orders o JOIN accounts a ON o.account = a.id;
    CREATE MATERIALIZED VIEW account_orders AS
      SELECT a.id, a.region, o.oid, o.price FROM accounts a LEFT JOIN orders o ON o.account = a.id;
    CREATE MATERIALIZED VIEW region_totals AS
      SELECT region, count(*) AS n, sum(qty) AS qty, max(tier) AS top_tier FROM order_regions GROUP BY region;
    CREATE MATERIALIZED VIEW priciest AS
      SELECT oid, item, price FROM orders ORDER BY price DESC, oid LIMIT 3;
    CREATE MATERIALIZED VIEW top_per_item AS
      SELECT item, oid, qty FROM (
        SELECT *, row_number() OVER (PARTITION BY item ORDER BY qty DESC, oid) AS rn FROM orders
      ) AS ranked WHERE rn <= 2;
    CREATE MATERIALIZED VIEW region_running AS
      SELECT id, region, tier,
        sum(tier) OVER (PARTITION BY region ORDER BY id) AS running,
        lag(id) OVER (PARTITION BY region ORDER BY id) AS previous
      FROM accounts;
    CREATE MATERIALIZED VIEW region_tiers AS
      SELECT region, count(*) AS n, count(DISTINCT tier) AS tiers, min(tier) AS lo, max(tier) AS hi
      FROM accounts GROUP BY region;
    CREATE MATERIALIZED VIEW per_window AS
      SELECT window_start, window_end, kind, count(*) AS n, sum(v) AS total, max(v) AS top
      FROM TUMBLE(events, ts, INTERVAL '${WINDOW_S}' SECOND) GROUP BY window_start, window_end, kind
      EMIT ON WINDOW CLOSE;
    CREATE MATERIALIZED VIEW events_by_kind AS
      SELECT kind, count(*) AS n, sum(v) AS total, min(v) AS lo FROM events GROUP BY kind;
    CREATE SINK ${SINK_VIEW}_out FROM ${SINK_VIEW} WITH (connector = 'file', path = '${sinkFolder}', format.ops = 'true');
  `;
}

/** Every materialized view of the job, in creation order. */
export const VIEWS = [
  'by_item', 'item_accounts', 'order_totals', 'order_regions', 'account_orders', 'region_totals',
  'priciest', 'top_per_item', 'region_running', 'region_tiers', 'per_window', 'events_by_kind',
];

interface Order { account: number | null; item: string; qty: number | null; price: number | null }
interface Account { region: string; tier: number }
interface Event { kind: string; v: number; ts: number }

const sqlValue = (v: number | string | null): string => (v === null ? 'NULL' : typeof v === 'number' ? String(v) : `'${v}'`);
const timestamp = (seconds: number): string => `TIMESTAMP '${new Date(EPOCH + seconds * 1000).toISOString().slice(0, 19).replace('T', ' ')}'`;
const windowEnd = (seconds: number): number => (Math.floor(seconds / WINDOW_S) + 1) * WINDOW_S;

/** A seeded stream of DML statements, aimed by a model of the three tables. */
export class Workload {
  private readonly random: SeededRandom;
  private readonly orders = new Map<number, Order>();
  private readonly deletedOrders: number[] = [];
  private nextOid = 1;
  private readonly accounts = new Map<number, Account>();
  private readonly events = new Map<number, Event>();
  private nextEid = 1;
  /** event time "now" (seconds after EPOCH) and the largest event time `events` kept */
  private clock = 0;
  private maxTs = -Infinity;

  constructor(seed: number) {
    this.random = new SeededRandom(seed);
  }

  /** The next statement. */
  next(): string {
    const r = this.random;
    const roll = r.next();
    if (roll < 0.4) return this.orderStatement();
    if (roll < 0.65) return this.accountStatement();
    return this.eventStatement();
  }

  private orderStatement(): string {
    const r = this.random;
    const oids = [...this.orders.keys()];
    const choice = oids.length < 4 ? 0 : r.int(0, 9);
    if (choice <= 3) {
      const rows: string[] = [];
      for (let i = r.int(1, 3); i > 0; i--) {
        // a deleted oid comes back now and then (join rows and top-N entries under an old key)
        const oid = this.deletedOrders.length > 0 && r.chance(0.3) ? this.deletedOrders.splice(r.int(0, this.deletedOrders.length - 1), 1)[0]! : this.nextOid++;
        const order: Order = {
          account: r.chance(0.1) ? null : r.int(1, ACCOUNT_IDS), item: r.pick(ITEMS),
          qty: r.chance(0.1) ? null : r.int(1, 20), price: r.chance(0.1) ? null : r.int(1, 100),
        };
        this.orders.set(oid, order);
        rows.push(`(${[oid, order.account, order.item, order.qty, order.price].map(sqlValue).join(', ')})`);
      }
      return `INSERT INTO orders VALUES ${rows.join(', ')}`;
    }
    if (choice === 4) {
      const oid = r.pick(oids);
      this.removeOrders((o, id) => id === oid);
      return `DELETE FROM orders WHERE oid = ${oid}`;
    }
    if (choice === 5) {
      // every row of a group goes: its aggregate slot is freed, and a later insert reuses it
      const item = this.orders.get(r.pick(oids))!.item;
      this.removeOrders((o) => o.item === item);
      return `DELETE FROM orders WHERE item = '${item}'`;
    }
    if (choice === 6) {
      const oid = r.pick(oids);
      const k = r.int(-5, 5);
      const o = this.orders.get(oid)!;
      if (o.qty !== null) o.qty += k;
      return `UPDATE orders SET qty = qty + ${k} WHERE oid = ${oid}`;
    }
    if (choice === 7) {
      const oid = r.pick(oids);
      const item = r.pick(ITEMS);
      this.orders.get(oid)!.item = item;
      return `UPDATE orders SET item = '${item}' WHERE oid = ${oid}`;
    }
    if (choice === 8) {
      // min and max under retractions: every price of a group moves
      const item = this.orders.get(r.pick(oids))!.item;
      const k = r.int(-30, 30);
      for (const o of this.orders.values()) if (o.item === item && o.price !== null) o.price += k;
      return `UPDATE orders SET price = price + ${k} WHERE item = '${item}'`;
    }
    const below = r.int(5, 40);
    this.removeOrders((o) => o.price !== null && o.price < below);
    return `DELETE FROM orders WHERE price < ${below}`;
  }

  private removeOrders(which: (o: Order, oid: number) => boolean): void {
    for (const [oid, o] of [...this.orders]) {
      if (!which(o, oid)) continue;
      this.orders.delete(oid);
      this.deletedOrders.push(oid);
    }
  }

  private accountStatement(): string {
    const r = this.random;
    const ids = [...this.accounts.keys()];
    const choice = ids.length < 3 ? 0 : r.int(0, 6);
    if (choice <= 2) {
      // an upsert when the id exists (a retraction and an insert downstream)
      const chosen = new Set<number>();
      for (let i = r.int(1, 2); i > 0; i--) chosen.add(r.int(1, ACCOUNT_IDS));
      const rows = [...chosen].map((id) => {
        const account = { region: r.pick(REGIONS), tier: r.int(1, 5) };
        this.accounts.set(id, account);
        return `(${id}, '${account.region}', ${account.tier})`;
      });
      return `INSERT INTO accounts VALUES ${rows.join(', ')}`;
    }
    if (choice === 3) {
      const id = r.pick(ids);
      this.accounts.delete(id);
      return `DELETE FROM accounts WHERE id = ${id}`;
    }
    if (choice === 4) {
      const region = this.accounts.get(r.pick(ids))!.region;
      for (const [id, a] of [...this.accounts]) if (a.region === region) this.accounts.delete(id);
      return `DELETE FROM accounts WHERE region = '${region}'`;
    }
    if (choice === 5) {
      const region = this.accounts.get(r.pick(ids))!.region;
      for (const a of this.accounts.values()) if (a.region === region) a.tier += 1;
      return `UPDATE accounts SET tier = tier + 1 WHERE region = '${region}'`;
    }
    const id = r.pick(ids);
    const region = r.pick(REGIONS);
    this.accounts.get(id)!.region = region;
    return `UPDATE accounts SET region = '${region}' WHERE id = ${id}`;
  }

  /** Rows of `events` whose window no watermark can have closed yet. */
  private openEvents(): number[] {
    const watermark = this.maxTs - DELAY_S;
    return [...this.events].filter(([, e]) => windowEnd(e.ts) > watermark).map(([eid]) => eid);
  }

  private eventStatement(): string {
    const r = this.random;
    const open = this.openEvents();
    const choice = open.length < 2 ? 0 : r.int(0, 7);
    if (choice <= 3) {
      const limit = this.maxTs - DELAY_S;
      this.clock += r.int(0, 4);
      const rows: string[] = [];
      const kept: number[] = [];
      for (let i = r.int(1, 3); i > 0; i--) {
        // late now and then: behind the watermark, the table drops the row
        const late = r.chance(0.1);
        let ts = late ? this.clock - DELAY_S - r.int(6, 20) : this.clock + r.int(-DELAY_S + 1, 2);
        // an existing key is upserted only while its window is open, at a time not late
        const reuse = !late && open.length > 0 && r.chance(0.2) ? r.pick(open) : null;
        if (reuse !== null && rows.some((row) => row.startsWith(`(${reuse},`))) continue;
        const eid = reuse ?? this.nextEid++;
        if (ts < limit && !late) ts = Math.ceil(limit);
        const event: Event = { kind: r.pick(KINDS), v: r.int(0, 50), ts };
        rows.push(`(${eid}, '${event.kind}', ${event.v}, ${timestamp(ts)})`);
        if (ts >= limit) {
          this.events.set(eid, event);
          kept.push(ts);
        }
      }
      for (const ts of kept) this.maxTs = Math.max(this.maxTs, ts);
      return `INSERT INTO events VALUES ${rows.join(', ')}`;
    }
    if (choice === 4) {
      const eid = r.pick(open);
      this.events.delete(eid);
      return `DELETE FROM events WHERE eid = ${eid}`;
    }
    if (choice === 5) {
      const eid = r.pick(open);
      const k = r.int(1, 9);
      this.events.get(eid)!.v += k;
      return `UPDATE events SET v = v + ${k} WHERE eid = ${eid}`;
    }
    if (choice === 6) {
      const eid = r.pick(open);
      const kind = r.pick(KINDS);
      this.events.get(eid)!.kind = kind;
      return `UPDATE events SET kind = '${kind}' WHERE eid = ${eid}`;
    }
    // one kind's rows in the open windows go: some windows' groups empty out before they close
    const kind = r.pick(KINDS);
    const from = Math.min(...open.map((eid) => this.events.get(eid)!.ts));
    const start = windowEnd(from) - WINDOW_S;
    for (const [eid, e] of [...this.events]) if (e.kind === kind && e.ts >= start) this.events.delete(eid);
    return `DELETE FROM events WHERE kind = '${kind}' AND ts >= ${timestamp(start)}`;
  }
}

/**
 * A result's rows as sorted JSON strings (a multiset comparable with toEqual); BIGINTs as
 * JSON numbers, as the file sink writes them (the workload's stay far below 2^53).
 */
function rowsText(rows: readonly (readonly unknown[])[]): string[] {
  return rows.map((r) => JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v))).sort();
}

/** The tables of the job. */
export const TABLES = ['accounts', 'orders', 'events'];

/** Every table's and view's rows, by name. */
export async function contents(engine: Sluice): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const view of [...TABLES, ...VIEWS]) {
    const [result] = await engine.executeScript(`SELECT * FROM ${view}`);
    if (result?.kind !== 'rows') throw new Error(`SELECT * FROM ${view} returned ${result?.kind}`);
    out[view] = rowsText(result.rows);
  }
  return out;
}

/**
 * The rows a file sink's committed part files add up to (applied in batch order), as sorted
 * JSON strings of the values in column order. Throws when a part retracts a row that is not
 * there (a batch written twice, or one lost).
 */
export async function sinkContents(folder: string): Promise<string[]> {
  const names = (await readdir(folder).catch(() => [] as string[])).filter((n) => n.startsWith('part-')).sort();
  const rows = new Map<string, number>();
  for (const name of names) {
    for (const line of (await readFile(path.join(folder, name), 'utf8')).split('\n')) {
      if (line === '') continue;
      const { __op: op, ...row } = JSON.parse(line) as Record<string, unknown>;
      const key = JSON.stringify(Object.values(row));
      const count = (rows.get(key) ?? 0) + (op === '-' ? -1 : 1);
      if (count < 0) throw new Error(`${name} retracts a row the sink does not hold: ${line}`);
      if (count === 0) rows.delete(key);
      else rows.set(key, count);
    }
  }
  return [...rows].flatMap(([key, count]) => Array.from({ length: count }, () => key)).sort();
}

/** Rows of `expected` and `actual` that the other lacks, per relation that differs. */
export function differences(expected: Record<string, string[]>, actual: Record<string, string[]>): string[] {
  const out: string[] = [];
  for (const name of Object.keys(expected)) {
    const e = expected[name]!;
    const a = actual[name] ?? [];
    if (JSON.stringify(e) === JSON.stringify(a)) continue;
    const missing = [...e];
    const extra: string[] = [];
    for (const row of a) {
      const at = missing.indexOf(row);
      if (at >= 0) missing.splice(at, 1);
      else extra.push(row);
    }
    out.push(`${name}: missing ${JSON.stringify(missing)}, extra ${JSON.stringify(extra)}`);
  }
  return out;
}

/** Notices that say a restore went wrong. */
export const BAD_NOTICE = /could not|unusable|corrupt|not checkpointed|failed/i;

/** Pipelines that are not running (failed or stopped), as `name: status`. */
export async function unhealthyPipelines(engine: Sluice): Promise<string[]> {
  const [result] = await engine.executeScript('SHOW PIPELINES');
  if (result?.kind !== 'rows') return ['SHOW PIPELINES returned no rows'];
  return result.rows.map((r) => `${String(r[0])}: ${String(r[1])}`).filter((s) => !s.endsWith(': running'));
}
