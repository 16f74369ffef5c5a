// The draw page: pointer strokes sent as line records to /boards/{board}, and every record the board sends painted.
// What is on the board canvas is only what the server confirmed; the author's stroke in progress is drawn on a
// separate preview canvas above it, so confirmed lines are never painted twice.
import {
  wsUrl, NAME, BOARD_UNITS, encodeLine, encodeClear, decodeStrokes, rgbaOf, cssOf, describeClose, takeTokenFromHash,
  withToken,
} from './protocol.js';

const $ = (id) => document.getElementById(id);
// A long stroke goes out in parts of this many points, so others see it while it is being drawn.
const POINTS_PER_MESSAGE = 64;

const board = $('board-canvas');
const preview = $('preview');
const ctx = board.getContext('2d');
const pctx = preview.getContext('2d');
let ws = null;
let strokes = 0;
let stroke = null; // { pointerId, rgba, width, points: [x, y, ...] } while the pointer is down

function status(text, kind = 'info') {
  $('status').textContent = text;
  $('status').dataset.kind = kind;
}

function setState(state, text) {
  $('state').dataset.state = String(state);
  $('state').textContent = text;
  $('disconnect').disabled = state === 3;
  $('connect').disabled = state !== 3;
  $('clear').disabled = state !== 1;
}

const toX = (u, canvas) => (u / BOARD_UNITS) * canvas.width;
const toY = (u, canvas) => (u / BOARD_UNITS) * canvas.height;

function paint(c, canvas, rgba, width, points) {
  c.strokeStyle = cssOf(rgba);
  c.fillStyle = cssOf(rgba);
  c.lineWidth = width;
  c.lineCap = 'round';
  c.lineJoin = 'round';
  if (points.length === 2) { // a dot
    c.beginPath();
    c.arc(toX(points[0], canvas), toY(points[1], canvas), width / 2, 0, 2 * Math.PI);
    c.fill();
    return;
  }
  c.beginPath();
  c.moveTo(toX(points[0], canvas), toY(points[1], canvas));
  for (let i = 2; i < points.length; i += 2) c.lineTo(toX(points[i], canvas), toY(points[i + 1], canvas));
  c.stroke();
}

function onRecords(buffer) {
  let records;
  try {
    records = decodeStrokes(buffer);
  } catch (e) {
    status('unreadable board message: ' + e.message, 'bad');
    return;
  }
  for (const r of records) {
    if (r.kind === 'clear') {
      ctx.clearRect(0, 0, board.width, board.height);
      strokes = 0;
    } else {
      paint(ctx, board, r.rgba, r.width, r.points);
      strokes++;
    }
    $('board-seq').textContent = String(r.seq);
  }
  $('stroke-count').textContent = String(strokes);
}

function onText(data) {
  try {
    const m = JSON.parse(data);
    status((m.type === 'error' ? 'error ' + m.code + ': ' : '') + (m.message ?? data), 'bad');
  } catch {
    status('unreadable message from the server', 'bad');
  }
}

function connect() {
  const name = $('board').value.trim();
  if (!NAME.test(name)) return status('A board name is 1 to 64 of A-Z a-z 0-9 _ . - starting with a letter or digit.', 'bad');
  const socket = new WebSocket(withToken(wsUrl('/boards/' + encodeURIComponent(name)), $('token').value.trim()));
  let opened = false;
  socket.binaryType = 'arraybuffer';
  ws = socket;
  setState(0, 'connecting');
  status('');
  socket.onopen = () => { opened = true; setState(1, 'connected'); status('connected to board ' + name, 'ok'); };
  socket.onmessage = (e) => (typeof e.data === 'string' ? onText(e.data) : onRecords(e.data));
  socket.onerror = () => status('connection error (the close below says more)', 'bad');
  socket.onclose = (e) => {
    if (ws !== socket) return;
    ws = null;
    stroke = null;
    pctx.clearRect(0, 0, preview.width, preview.height);
    setState(3, 'not connected');
    status(describeClose(e, opened), e.code === 1000 ? 'info' : 'bad');
  };
}

function boardPoint(e) {
  const rect = preview.getBoundingClientRect();
  const clamp = (v) => Math.max(0, Math.min(BOARD_UNITS, Math.round(v)));
  return [clamp(((e.clientX - rect.left) / rect.width) * BOARD_UNITS), clamp(((e.clientY - rect.top) / rect.height) * BOARD_UNITS)];
}

function send(points) {
  if (ws && ws.readyState === WebSocket.OPEN && points.length >= 2) ws.send(encodeLine(stroke.rgba, stroke.width, points));
}

function redrawPreview() {
  pctx.clearRect(0, 0, preview.width, preview.height);
  if (stroke) paint(pctx, preview, stroke.rgba, stroke.width, stroke.points);
}

preview.addEventListener('pointerdown', (e) => {
  if (!ws || ws.readyState !== WebSocket.OPEN || stroke) return;
  e.preventDefault();
  preview.setPointerCapture(e.pointerId);
  stroke = { pointerId: e.pointerId, rgba: rgbaOf($('colour').value), width: Number($('width').value), points: boardPoint(e) };
  redrawPreview();
});

preview.addEventListener('pointermove', (e) => {
  if (!stroke || e.pointerId !== stroke.pointerId) return;
  const [x, y] = boardPoint(e);
  const n = stroke.points.length;
  if (stroke.points[n - 2] === x && stroke.points[n - 1] === y) return;
  stroke.points.push(x, y);
  if (stroke.points.length >= 2 * POINTS_PER_MESSAGE) {
    send(stroke.points);
    stroke.sentAny = true;
    stroke.points = stroke.points.slice(-2); // the next part starts where this one ended
  }
  redrawPreview();
});

function finish(e) {
  if (!stroke || e.pointerId !== stroke.pointerId) return;
  // A part ending exactly at a flush is already sent; a lone leftover point would draw a stray dot.
  if (stroke.points.length > 2 || (e.type === 'pointerup' && !stroke.sentAny)) send(stroke.points);
  stroke = null;
  redrawPreview();
}
preview.addEventListener('pointerup', finish);
preview.addEventListener('pointercancel', finish);

$('board-form').addEventListener('submit', (e) => { e.preventDefault(); connect(); });
$('disconnect').addEventListener('click', () => { if (ws) ws.close(1000, 'disconnected'); });
$('clear').addEventListener('click', () => { if (ws && ws.readyState === WebSocket.OPEN) ws.send(encodeClear()); });
$('width').addEventListener('input', () => { $('width-value').textContent = $('width').value; });
// Scripts may close only with 1000 or 3000-4999 (close(1001) throws); leaving the page is a normal close.
addEventListener('pagehide', () => { if (ws) ws.close(1000, 'page closed'); });

const params = new URLSearchParams(location.search);
if (params.get('board')) $('board').value = params.get('board');
$('token').value = takeTokenFromHash();
document.documentElement.dataset.ready = 'true';
