/* global document, location, fetch, WebSocket, URLSearchParams, setTimeout */
// The Sluice dashboard: the catalog, per-pipeline metrics over time (polling /v1/pipelines),
// and a live table of any table or materialized view over the websocket (docs/protocol.md).
// Plain ES modules, no build step. A `?token=` in the page URL is passed on to the API.
import { formatNumber, LineChart } from './chart.js';

const token = new URLSearchParams(location.search).get('token');
const headers = token ? { authorization: `Bearer ${token}` } : {};
const POLL_PIPELINES_MS = 1000;
const POLL_OBJECTS_MS = 5000;

const KIND_TITLES = { source: 'Sources', table: 'Tables', 'materialized-view': 'Materialized views', view: 'Views', sink: 'Sinks' };
const $ = (selector) => document.querySelector(selector);

function setStatus(text, kind) {
  const status = $('#status');
  status.textContent = text;
  status.className = `status ${kind}`;
}

async function getJson(path) {
  const response = await fetch(path, { headers });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error?.message ?? `HTTP ${response.status}`);
  return body;
}

function cell(text, numeric = false) {
  const td = document.createElement('td');
  td.textContent = text === null || text === undefined ? '' : String(text);
  if (numeric) td.className = 'num';
  return td;
}

// ---- catalog ----

let objects = [];

async function refreshObjects() {
  objects = (await getJson('/v1/objects')).objects;
  const container = $('#objects');
  container.replaceChildren();
  for (const [kind, title] of Object.entries(KIND_TITLES)) {
    const group = objects.filter((o) => o.kind === kind);
    const block = document.createElement('div');
    const heading = document.createElement('h3');
    heading.textContent = `${title} (${group.length})`;
    const list = document.createElement('ul');
    for (const object of group) {
      const item = document.createElement('li');
      item.textContent = object.name;
      const cols = document.createElement('div');
      cols.className = 'cols';
      cols.textContent = object.columns.map((c) => `${c.name} ${c.type}`).join(', ');
      item.append(cols);
      list.append(item);
    }
    block.append(heading, list);
    container.append(block);
  }
  const select = $('#live-object');
  const current = select.value;
  select.replaceChildren();
  for (const object of objects.filter((o) => o.kind === 'table' || o.kind === 'materialized-view')) {
    const option = document.createElement('option');
    option.value = option.textContent = object.name;
    select.append(option);
  }
  if ([...select.options].some((o) => o.value === current)) select.value = current;
}

// ---- pipelines ----

const charts = new Map(); // pipeline name -> { charts, previous }

function chartsFor(name) {
  let entry = charts.get(name);
  if (entry) return entry;
  const box = document.createElement('div');
  box.className = 'pipeline-charts';
  box.dataset.pipeline = name;
  const title = document.createElement('h3');
  title.textContent = name;
  box.append(title);
  $('#charts').append(box);
  entry = {
    box,
    previous: null,
    charts: {
      rate: new LineChart(box, { title: 'input rate', unit: 'rows/s', color: '#2f6fdf' }),
      processing: new LineChart(box, { title: 'processing time', unit: 'ms', color: '#8e44ad' }),
      delay: new LineChart(box, { title: 'scheduling delay', unit: 'ms', color: '#d35400' }),
      lag: new LineChart(box, { title: 'watermark lag', unit: 's', color: '#16a085' }),
      late: new LineChart(box, { title: 'late rows', unit: 'rows', color: '#c0392b' }),
      state: new LineChart(box, { title: 'state size', unit: 'rows', color: '#7f8c8d' }),
    },
  };
  charts.set(name, entry);
  return entry;
}

async function refreshPipelines() {
  const { pipelines } = await getJson('/v1/pipelines');
  const now = Date.now();
  const body = $('#pipelines tbody');
  body.replaceChildren();
  for (const p of pipelines) {
    const row = document.createElement('tr');
    row.append(
      cell(p.name), cell(p.status), cell(p.batches, true), cell(p.rowsIn, true), cell(p.rowsOut, true),
      cell(`${formatNumber(p.processingMs)} ms`, true), cell(`${formatNumber(p.schedulingDelayMs)} ms`, true),
      cell(p.watermark ?? '–'), cell(p.stateRows, true), cell(p.lateRows, true),
    );
    body.append(row);
    const entry = chartsFor(p.name);
    const previous = entry.previous;
    const rate = previous ? Math.max(0, (p.rowsIn - previous.rowsIn) / ((now - previous.at) / 1000)) : 0;
    entry.previous = { rowsIn: p.rowsIn, at: now };
    entry.charts.rate.push(now, rate);
    entry.charts.processing.push(now, p.processingMs);
    entry.charts.delay.push(now, p.schedulingDelayMs);
    entry.charts.lag.push(now, p.watermarkLagMs === null ? null : p.watermarkLagMs / 1000);
    entry.charts.late.push(now, p.lateRows);
    entry.charts.state.push(now, p.stateRows);
  }
  for (const [name, entry] of charts) {
    if (!pipelines.some((p) => p.name === name)) {
      entry.box.remove();
      charts.delete(name);
    }
  }
}

// ---- live table over the websocket ----

let socket = null;
let live = null; // { id, columns, rows: Map<key, {values, count}> }
let nextId = 1;

function connectSocket() {
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/v1/ws${token ? `?token=${encodeURIComponent(token)}` : ''}`;
  socket = new WebSocket(url);
  socket.addEventListener('message', (event) => onMessage(JSON.parse(event.data)));
  socket.addEventListener('close', () => {
    $('#live-info').textContent = 'disconnected; reconnecting…';
    live = null;
    setTimeout(connectSocket, 2000);
  });
  return new Promise((resolve) => socket.addEventListener('open', resolve, { once: true }));
}

function subscribe(name) {
  if (live) socket.send(JSON.stringify({ type: 'unsubscribe', id: live.id }));
  const id = `live${nextId++}`;
  live = { id, name, columns: [], rows: new Map() };
  const table = $('#live-table');
  table.dataset.batch = '0';
  table.querySelector('thead').replaceChildren();
  table.querySelector('tbody').replaceChildren();
  socket.send(JSON.stringify({ type: 'subscribe', id, sql: `SUBSCRIBE "${name.replace(/"/g, '""')}"` }));
}

function applyRow(op, values, changed) {
  const key = JSON.stringify(values);
  const entry = live.rows.get(key) ?? { values, count: 0 };
  entry.count += op === '+' ? 1 : -1;
  if (entry.count > 0) live.rows.set(key, entry);
  else live.rows.delete(key);
  if (op === '+') changed.add(key);
}

function onMessage(m) {
  if (!live || m.id !== live.id) return;
  const info = $('#live-info');
  switch (m.type) {
    case 'schema':
      live.columns = m.columns;
      break;
    case 'snapshot':
      for (const values of m.rows) applyRow('+', values, new Set());
      info.textContent = `${live.name}: ${m.rows.length} rows`;
      renderLive(new Set());
      break;
    case 'changes': {
      const changed = new Set();
      for (const change of m.rows) applyRow(change.op, change.values, changed);
      $('#live-table').dataset.batch = String(m.batch);
      info.textContent = `${live.name}: batch ${m.batch}, ${m.rows.length} changes${m.watermark ? `, watermark ${m.watermark}` : ''}`;
      renderLive(changed);
      break;
    }
    case 'error':
      info.textContent = `error ${m.code}: ${m.message}`;
      break;
    case 'closed':
      info.textContent = `${live.name}: ${m.reason}`;
      break;
    default:
      break;
  }
}

const NUMERIC = new Set(['SMALLINT', 'INT', 'BIGINT', 'REAL', 'DOUBLE', 'DECIMAL']);

function renderLive(changed) {
  const table = $('#live-table');
  const head = document.createElement('tr');
  for (const column of live.columns) {
    const th = document.createElement('th');
    th.textContent = column.name;
    head.append(th);
  }
  table.querySelector('thead').replaceChildren(head);
  const body = table.querySelector('tbody');
  body.replaceChildren();
  const rows = [...live.rows.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [key, { values, count }] of rows) {
    for (let i = 0; i < count; i++) {
      const tr = document.createElement('tr');
      if (changed.has(key)) tr.className = 'changed';
      values.forEach((v, c) => tr.append(cell(typeof v === 'object' && v !== null ? JSON.stringify(v) : v, NUMERIC.has(live.columns[c]?.type))));
      body.append(tr);
    }
  }
}

// ---- start ----

async function poll(fn, intervalMs) {
  for (;;) {
    try {
      await fn();
      setStatus(`connected to ${location.host}`, 'ok');
    } catch (error) {
      setStatus(`error: ${error.message}`, 'error');
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

$('#live-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const name = $('#live-object').value;
  if (name && socket?.readyState === WebSocket.OPEN) subscribe(name);
});
$('#live-stop').addEventListener('click', () => {
  if (live && socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: 'unsubscribe', id: live.id }));
});

void poll(refreshObjects, POLL_OBJECTS_MS);
void poll(refreshPipelines, POLL_PIPELINES_MS);
void connectSocket().then(async () => {
  // subscribe to the first table or view at once, or the one named in ?live=
  const wanted = new URLSearchParams(location.search).get('live');
  for (let i = 0; i < 50 && objects.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
  const select = $('#live-object');
  if (wanted && [...select.options].some((o) => o.value === wanted)) select.value = wanted;
  if (select.value) subscribe(select.value);
});
