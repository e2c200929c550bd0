/* global document, window */
// A small time-series line chart on a canvas: the last `capacity` points, the y axis from 0 (or
// the minimum, if negative) to the maximum, with the latest value in the label. No library.

export class LineChart {
  /**
   * @param {HTMLElement} container where the chart is appended
   * @param {{ title: string, unit: string, color?: string, capacity?: number }} options
   */
  constructor(container, options) {
    this.options = { color: '#2f6fdf', capacity: 120, ...options };
    this.points = [];
    this.root = document.createElement('div');
    this.root.className = 'chart';
    this.label = document.createElement('div');
    this.label.className = 'label';
    this.canvas = document.createElement('canvas');
    this.canvas.dataset.points = '0';
    this.canvas.setAttribute('aria-label', options.title);
    this.root.append(this.label, this.canvas);
    container.append(this.root);
    this.render();
  }

  /** Adds a point (`value` null: no data at this time, e.g. no watermark yet). */
  push(timeMs, value) {
    this.points.push({ t: timeMs, v: value });
    if (this.points.length > this.options.capacity) this.points.shift();
    this.render();
  }

  render() {
    const { title, unit, color } = this.options;
    const last = [...this.points].reverse().find((p) => p.v !== null);
    this.label.innerHTML = '';
    const name = document.createElement('span');
    name.textContent = title;
    const current = document.createElement('span');
    current.textContent = last ? `${formatNumber(last.v)} ${unit}` : '–';
    this.label.append(name, current);

    const canvas = this.canvas;
    const ratio = window.devicePixelRatio || 1;
    const width = canvas.clientWidth || 300;
    const height = canvas.clientHeight || 70;
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    const g = canvas.getContext('2d');
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, width, height);
    g.strokeStyle = '#dfe3ea';
    g.beginPath();
    g.moveTo(0, height - 0.5);
    g.lineTo(width, height - 0.5);
    g.stroke();

    const values = this.points.filter((p) => p.v !== null).map((p) => p.v);
    canvas.dataset.points = String(values.length);
    if (values.length === 0) return;
    const max = Math.max(...values, 0);
    const min = Math.min(...values, 0);
    const span = max - min || 1;
    const t0 = this.points[0].t;
    const tSpan = Math.max(1, this.points[this.points.length - 1].t - t0);
    const x = (t) => (this.points.length === 1 ? width - 2 : ((t - t0) / tSpan) * (width - 4) + 2);
    const y = (v) => height - 4 - ((v - min) / span) * (height - 10);
    g.strokeStyle = color;
    g.lineWidth = 1.5;
    g.beginPath();
    let drawing = false;
    for (const p of this.points) {
      if (p.v === null) {
        drawing = false;
        continue;
      }
      if (drawing) g.lineTo(x(p.t), y(p.v));
      else g.moveTo(x(p.t), y(p.v));
      drawing = true;
    }
    g.stroke();
    g.fillStyle = '#6b7385';
    g.font = '10px system-ui, sans-serif';
    g.fillText(formatNumber(max), 4, 10);
  }
}

/** Compact number text: 1234 -> "1,234", 0.1234 -> "0.123". */
export function formatNumber(v) {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  if (Number.isInteger(v) || Math.abs(v) >= 100) return Math.round(v).toLocaleString('en-US');
  if (Math.abs(v) >= 1) return v.toFixed(1);
  return v.toPrecision(3).replace(/\.?0+$/, '');
}
