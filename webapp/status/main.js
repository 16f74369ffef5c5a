// The status page: polls this server's GET /metrics every second and draws what wskit is doing. Everything shown
// comes from the text of /metrics (parsed by prometheus.js); nothing is requested from anywhere else.

import { parse, sum, byLabel, rate } from './prometheus.js';
import { Chart } from './chart.js';

export const INTERVAL_MS = 1000;
const ENDPOINTS = ['echo', 'inspect', 'rooms', 'boards'];
const COLORS = { echo: '#0b63ce', inspect: '#8250df', rooms: '#1a7f37', boards: '#bc4c00', in: '#0b63ce', out: '#1a7f37', closes: '#cf222e' };
const $ = (id) => document.getElementById(id);
const metricsUrl = new URL('metrics', location.href);

export function count(v) {
  if (v === null || !Number.isFinite(v)) return '–';
  if (v >= 1e6) return (v / 1e6).toFixed(1) + 'M';
  if (v >= 1e4) return (v / 1e3).toFixed(1) + 'k';
  return v >= 10 || Number.isInteger(v) ? String(Math.round(v)) : v.toFixed(1);
}

export function bytes(v) {
  if (v === null || !Number.isFinite(v)) return '–';
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return (i === 0 || v >= 10 ? Math.round(v) : v.toFixed(1)) + ' ' + units[i];
}

const charts = {
  connections: new Chart($('chart-connections'), ENDPOINTS.map((e) => ({ key: e, label: e, color: COLORS[e] })), count),
  // received dashed: an echo's two lines lie on each other
  messages: new Chart($('chart-messages'), [{ key: 'out', color: COLORS.out }, { key: 'in', color: COLORS.in, dash: [5, 4] }], count),
  bytes: new Chart($('chart-bytes'), [{ key: 'out', color: COLORS.out }, { key: 'in', color: COLORS.in, dash: [5, 4] }], bytes),
  closes: new Chart($('chart-closes'), [{ key: 'closes', color: COLORS.closes }], count),
  rooms: new Chart($('chart-rooms'), [{ key: 'rooms', color: COLORS.rooms }, { key: 'boards', color: COLORS.boards }], count),
};

// What the tests (and a curious operator, from the console) can read.
const state = { samples: 0, errors: 0, last: null, error: null, charts };
window.wskitStatus = state;

let previous = null;

function show(id, text) {
  $(id).textContent = text;
}

function report(kind, text) {
  const el = $('poll-status');
  el.dataset.kind = kind;
  el.textContent = text;
}

/** One reading: totals now and rates since the last one. */
function read(samples, at) {
  const now = {
    at,
    active: Object.fromEntries(ENDPOINTS.map((e) => [e, sum(samples, 'wskit_connections_active', { endpoint: e })])),
    received: sum(samples, 'wskit_messages_received_total'),
    sent: sum(samples, 'wskit_messages_sent_total'),
    receivedBytes: sum(samples, 'wskit_messages_received_bytes_total'),
    sentBytes: sum(samples, 'wskit_messages_sent_bytes_total'),
    closes: byLabel(samples, 'wskit_closes_total', 'code'),
    rooms: sum(samples, 'wskit_rooms_open', { endpoint: 'rooms' }),
    boards: sum(samples, 'wskit_rooms_open', { endpoint: 'boards' }),
    members: sum(samples, 'wskit_room_members'),
  };
  now.closesTotal = Object.values(now.closes).reduce((a, b) => a + b, 0);
  const dt = previous ? (at - previous.at) / 1000 : 0;
  now.rates = {
    in: rate(previous?.received, now.received, dt),
    out: rate(previous?.sent, now.sent, dt),
    inBytes: rate(previous?.receivedBytes, now.receivedBytes, dt),
    outBytes: rate(previous?.sentBytes, now.sentBytes, dt),
    closes: rate(previous?.closesTotal, now.closesTotal, dt),
  };
  return now;
}

function render(now) {
  const total = ENDPOINTS.reduce((a, e) => a + now.active[e], 0);
  show('value-connections', count(total));
  show('legend-connections', ENDPOINTS.map((e) => `${e} ${count(now.active[e])}`).join(' · '));
  charts.connections.push(now.active);
  show('value-messages', `${count(now.rates.in)} in · ${count(now.rates.out)} out`);
  charts.messages.push({ in: now.rates.in, out: now.rates.out });
  show('value-bytes', `${bytes(now.rates.inBytes)} in · ${bytes(now.rates.outBytes)} out`);
  charts.bytes.push({ in: now.rates.inBytes, out: now.rates.outBytes });
  show('value-closes', `${count(now.rates.closes)} /s`);
  charts.closes.push({ closes: now.rates.closes });
  const codes = Object.entries(now.closes).sort(([a], [b]) => a.localeCompare(b));
  $('close-codes').replaceChildren(...codes.map(([code, n]) => {
    const li = document.createElement('li');
    li.dataset.code = code;
    li.textContent = `${code}: ${count(n)}`;
    return li;
  }));
  show('value-rooms', `${count(now.rooms)} rooms · ${count(now.boards)} boards · ${count(now.members)} members`);
  charts.rooms.push({ rooms: now.rooms, boards: now.boards });
}

async function poll() {
  const at = Date.now();
  try {
    const response = await fetch(metricsUrl, { cache: 'no-store', headers: { Accept: 'text/plain' } });
    const text = await response.text();
    if (!response.ok) {
      throw new Error(`${metricsUrl.pathname} answered ${response.status}: ${text.trim()}`);
    }
    const now = read(parse(text), at);
    render(now);
    previous = now;
    state.samples++;
    state.last = now;
    state.error = null;
    report('ok', `updated ${new Date(at).toLocaleTimeString()} · every ${INTERVAL_MS / 1000} s from ${metricsUrl.pathname}`);
  } catch (e) {
    state.errors++;
    state.error = e.message;
    report('bad', e.message);
  } finally {
    setTimeout(poll, Math.max(0, INTERVAL_MS - (Date.now() - at)));
  }
}

poll();
document.documentElement.dataset.ready = 'true';
