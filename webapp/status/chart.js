// A small line chart on a canvas: the last N readings of a few named series, redrawn on every update. No axes
// library, no network; sized for the device's pixel ratio so lines stay sharp.

export const POINTS = 60;

export class Chart {
  /** series: [{ key, label, color, dash }]; dash (optional) is a canvas line dash, e.g. [4, 3]. */
  constructor(canvas, series, format = (v) => String(v)) {
    this.canvas = canvas;
    this.series = series;
    this.format = format;
    this.data = Object.fromEntries(series.map((s) => [s.key, []]));
    this.draws = 0;
  }

  /** Adds one reading per series (null: no value this time, a break in the line) and redraws. */
  push(values) {
    for (const s of this.series) {
      const list = this.data[s.key];
      list.push(values[s.key] ?? null);
      if (list.length > POINTS) list.shift();
    }
    this.draw();
  }

  draw() {
    const c = this.canvas;
    const ratio = window.devicePixelRatio || 1;
    const width = Math.max(1, Math.round(c.clientWidth * ratio));
    const height = Math.max(1, Math.round(c.clientHeight * ratio));
    if (c.width !== width || c.height !== height) {
      c.width = width;
      c.height = height;
    }
    const g = c.getContext('2d');
    g.clearRect(0, 0, width, height);
    let max = 0;
    for (const s of this.series) for (const v of this.data[s.key]) if (v !== null && Number.isFinite(v)) max = Math.max(max, v);
    const top = max > 0 ? niceCeiling(max) : 1;
    const pad = 6 * ratio;
    const plotH = height - 2 * pad;
    // grid: zero line and the top, labelled
    g.strokeStyle = '#e3e6eb';
    g.lineWidth = ratio;
    g.beginPath();
    g.moveTo(0, pad);
    g.lineTo(width, pad);
    g.moveTo(0, height - pad);
    g.lineTo(width, height - pad);
    g.stroke();
    g.fillStyle = '#6b7280';
    g.font = `${10 * ratio}px system-ui, sans-serif`;
    g.textBaseline = 'top';
    g.fillText(this.format(top), 4 * ratio, pad + 2 * ratio);
    const step = width / (POINTS - 1);
    for (const s of this.series) {
      const list = this.data[s.key];
      const offset = POINTS - list.length;
      g.strokeStyle = s.color;
      g.lineWidth = 2 * ratio;
      g.setLineDash((s.dash ?? []).map((d) => d * ratio));
      g.beginPath();
      let drawing = false;
      list.forEach((v, i) => {
        if (v === null || !Number.isFinite(v)) {
          drawing = false;
          return;
        }
        const x = (offset + i) * step;
        const y = pad + plotH - (v / top) * plotH;
        if (drawing) g.lineTo(x, y);
        else g.moveTo(x, y);
        drawing = true;
      });
      g.stroke();
    }
    g.setLineDash([]);
    this.draws++;
  }
}

/** 1, 2 or 5 times a power of ten, at least v: a readable top for the y axis. */
export function niceCeiling(v) {
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}
