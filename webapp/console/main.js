// The console page: binds the controls to one WebSocket at a time. State lives in the small modules it imports;
// this file only wires events. Everything a message carries reaches the page through textContent.

import { defaultEchoUrl, withKnobs, knobsOf, parseProtocols, expectedCopies } from './url.js';
import { validateClose } from './close.js';
import { EventLog, formatSize, hexPreview, textPreview, PREVIEW_BYTES } from './log.js';
import { Stats, bytesOf, firstDifference } from './stats.js';
import { drawingPad, paint } from './canvas.js';
import { DrainMeter } from './meter.js';
import { reconnectDelay, SERVICE_RESTART } from './reconnect.js';

const STATES = ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'];
/** readyState has no event for every transition (CLOSING has none), so it is also sampled this often, in ms. */
const STATE_SAMPLE_MS = 20;
const encoder = new TextEncoder();
const $ = (id) => document.getElementById(id);

const log = new EventLog($('log'), $('log-note'));
const stats = new Stats();
const pad = drawingPad($('pad'), $('pen'));
const meter = new DrainMeter($('buffered'), $('drain'), $('drain-status'));

let ws = null;
let copies = 1;
let lastState = null;
let stateTimer = null;
let chosenFile = null;
let lastReceived = null;
/** A reconnect the server asked for with 1012 (service restart): the timer, and the tries in a row so far. */
let restart = null;
let restartTries = 0;
/** Tries after a 1012 before the console gives up (the server did not come back). */
const MAX_RESTART_TRIES = 8;
/** Received messages are described one after another, so async reads (Blob) cannot reorder the log. */
let inbox = Promise.resolve();

// ---- readyState -------------------------------------------------------------------------------------------

function showState() {
  const s = ws ? ws.readyState : WebSocket.CLOSED;
  if (s === lastState) return;
  lastState = s;
  const el = $('state');
  el.textContent = `${STATES[s]} ${s}`;
  el.dataset.state = String(s);
  if (ws) {
    const item = document.createElement('li');
    item.textContent = `${STATES[s]} ${s}`;
    item.dataset.state = String(s);
    $('state-history').append(item);
  }
  $('connect').disabled = s === WebSocket.CONNECTING || s === WebSocket.OPEN;
  if (s === WebSocket.CLOSED && stateTimer !== null) {
    clearInterval(stateTimer);
    stateTimer = null;
  }
}

// ---- connect ----------------------------------------------------------------------------------------------

function selectedBinaryType() {
  return document.querySelector('input[name="binaryType"]:checked').value;
}

function cancelRestart() {
  clearTimeout(restart);
  restart = null;
}

/**
 * After a close: 1012 means the server is restarting, so the console reconnects to the same URL at a random moment
 * of the next few seconds; if that try fails (the server is not back yet), it backs off and tries again, a few times.
 */
function afterClose(code, opened) {
  if (code === SERVICE_RESTART) restartTries = 0;
  else if (restartTries === 0 || opened) return;
  const delay = restartTries < MAX_RESTART_TRIES ? reconnectDelay(code, restartTries) : null;
  if (delay === null) {
    if (restartTries > 0) log.add('reconnect', null, `gave up after ${restartTries} tries`);
    restartTries = 0;
    return;
  }
  restartTries++;
  log.add('reconnect', null, code === SERVICE_RESTART
    ? `the server is restarting (1012): reconnecting in ${delay} ms`
    : `not back yet (${code}): try ${restartTries} of ${MAX_RESTART_TRIES} in ${delay} ms`);
  restart = setTimeout(() => {
    restart = null;
    connect(true);
  }, delay);
}

function connect(automatic = false) {
  if (automatic !== true) {
    cancelRestart();
    restartTries = 0;
  }
  const url = $('url').value.trim();
  const protocols = parseProtocols($('protocols').value);
  let socket;
  try {
    socket = protocols.length > 0 ? new WebSocket(url, protocols) : new WebSocket(url);
  } catch (e) {
    // A malformed URL or protocol list: the constructor throws SyntaxError before any network traffic.
    log.add('error', null, `new WebSocket() refused: ${e.name}: ${e.message}`);
    return;
  }
  ws = socket;
  copies = expectedCopies(url);
  stats.reset();
  showTotals();
  lastState = null;
  $('state-history').replaceChildren();
  $('negotiated-protocol').textContent = '–';
  $('negotiated-extensions').textContent = '–';
  socket.binaryType = selectedBinaryType();
  log.add('connect', null, protocols.length > 0 ? `${url} · protocols ${protocols.join(', ')}` : url);

  // The log is fed by the on* handler properties, the readyState indicator by addEventListener: both styles
  // of the API in use, and neither replaces the other.
  let opened = false;
  socket.onopen = () => {
    opened = true;
    restartTries = 0;
    $('negotiated-protocol').textContent = socket.protocol === '' ? '(none)' : socket.protocol;
    $('negotiated-extensions').textContent = socket.extensions === '' ? '(none)' : socket.extensions;
    log.add('open', null, `protocol ${JSON.stringify(socket.protocol)} · extensions ${JSON.stringify(socket.extensions)}`);
  };
  socket.onmessage = (e) => received(e.data);
  socket.onerror = () => {
    log.add('error', null, 'error event (browsers give no detail; see the close event)');
  };
  socket.onclose = (e) => {
    const entry = log.add('close', null, `code ${e.code} · reason ${JSON.stringify(e.reason)} · wasClean ${e.wasClean}`);
    entry.row.dataset.code = String(e.code);
    entry.row.dataset.reason = e.reason;
    entry.row.dataset.wasClean = String(e.wasClean);
    if (ws === socket) afterClose(e.code, opened);
  };
  for (const type of ['open', 'message', 'error', 'close']) {
    socket.addEventListener(type, showState);
  }
  showState();
  if (stateTimer === null) stateTimer = setInterval(showState, STATE_SAMPLE_MS);
}

// ---- receive ----------------------------------------------------------------------------------------------

function kindOf(data) {
  if (typeof data === 'string') return 'text';
  return data instanceof Blob ? 'Blob' : 'ArrayBuffer';
}

function sizeOf(data) {
  if (typeof data === 'string') return encoder.encode(data).length;
  return data instanceof Blob ? data.size : data.byteLength;
}

function received(data) {
  const kind = kindOf(data);
  const size = sizeOf(data);
  const { answers, rtt } = stats.received(size);
  lastReceived = data;
  showTotals();
  const entry = log.add('message', size, kind);
  entry.row.dataset.kind = kind;
  const head = rtt === null ? kind : `${kind} · rtt ${rtt.toFixed(1)} ms`;
  inbox = inbox
    .then(() => describe(data, kind, size, answers))
    .then((text) => entry.detail(`${head} · ${text}`))
    .catch((e) => entry.detail(`${head} · could not read: ${e}`));
}

async function describe(data, kind, size, answers) {
  let preview;
  if (kind === 'text') {
    preview = textPreview(data);
  } else {
    const first = data instanceof Blob
      ? new Uint8Array(await data.slice(0, PREVIEW_BYTES).arrayBuffer())
      : new Uint8Array(data, 0, Math.min(PREVIEW_BYTES, data.byteLength));
    preview = hexPreview(first, size);
  }
  if (!answers) return preview;
  if ((typeof answers.payload === 'string') !== (kind === 'text')) {
    return `${preview} · type differs from what was sent`;
  }
  const sent = await bytesOf(answers.payload);
  const got = await bytesOf(data);
  const diff = firstDifference(sent, got);
  if (answers.origin === 'canvas') {
    paint($('echoed'), got);
    const match = $('canvas-match');
    match.dataset.match = String(diff < 0);
    match.textContent = diff < 0
      ? `Identical byte for byte: ${got.length} of ${sent.length} bytes.`
      : `Mismatch at byte ${diff}: sent ${sent.length} bytes, got ${got.length}.`;
  }
  return diff < 0 ? `${preview} · matches sent` : `${preview} · not an echo of the oldest unanswered send (differs at byte ${diff})`;
}

// ---- send -------------------------------------------------------------------------------------------------

function send(payload, size, label, origin) {
  if (!ws || ws.readyState !== WebSocket.OPEN) {
    log.add('error', null, `not sent: readyState is ${ws ? STATES[ws.readyState] : 'CLOSED'} (connect first)`);
    return;
  }
  try {
    ws.send(payload);
  } catch (e) {
    log.add('error', null, `send() threw ${e.name}: ${e.message}`);
    return;
  }
  stats.sent(size, payload, origin, copies);
  showTotals();
  log.add('sent', size, label).row.dataset.origin = origin;
  meter.watch(ws);
}

function sendFile(file, how) {
  if (!file) {
    log.add('error', null, 'no file chosen');
    return;
  }
  send(file, file.size, `Blob · ${how} ${JSON.stringify(file.name)} ${file.type || ''}`.trim(), 'file');
}

function generated(mib) {
  const bytes = new Uint8Array(Math.round(mib * 1024 * 1024));
  // getRandomValues fills at most 65536 bytes per call.
  for (let i = 0; i < bytes.length; i += 65536) {
    crypto.getRandomValues(bytes.subarray(i, Math.min(i + 65536, bytes.length)));
  }
  return bytes.buffer;
}

// ---- close ------------------------------------------------------------------------------------------------

function checkClose() {
  const check = validateClose($('close-code').value, $('close-reason').value);
  const el = $('close-check');
  el.dataset.ok = String(check.ok);
  if (check.ok) {
    const args = check.code === undefined ? (check.reason ? `reason only: code 1000 is sent` : 'no code, no reason')
      : `close(${check.code}, ${JSON.stringify(check.reason)})`;
    el.textContent = `✓ ${args}`;
  } else {
    el.textContent = `${check.error.name}: ${check.error.message}`;
  }
  return check;
}

function closeSocket() {
  const check = checkClose();
  if (!check.ok) {
    log.add('error', null, `close() would throw ${check.error.name}: ${check.error.message}`);
    return;
  }
  cancelRestart();
  restartTries = 0;
  if (!ws) return;
  try {
    // A reason without a code: the spec sends 1000, but Chromium turns close(undefined, reason) into code 0
    // and throws, so the console passes the 1000 itself.
    if (check.code === undefined && check.reason === '') ws.close();
    else ws.close(check.code ?? 1000, check.reason);
    log.add('close()', null, `code ${check.code ?? '(none)'} · reason ${JSON.stringify(check.reason)}`);
  } catch (e) {
    log.add('error', null, `close() threw ${e.name}: ${e.message}`);
  }
  showState();
}

// ---- totals -----------------------------------------------------------------------------------------------

function showTotals() {
  $('sent-messages').textContent = String(stats.sentMessages);
  $('sent-bytes').textContent = String(stats.sentBytes);
  $('received-messages').textContent = String(stats.receivedMessages);
  $('received-bytes').textContent = String(stats.receivedBytes);
  $('rtt-last').textContent = stats.lastRtt === null ? '–' : `${stats.lastRtt.toFixed(1)} ms`;
  $('rtt-avg').textContent = stats.averageRtt === null ? '–' : `${stats.averageRtt.toFixed(1)} ms`;
}

// ---- wiring -----------------------------------------------------------------------------------------------

$('url').value = defaultEchoUrl(window.location);
const knobInputs = document.querySelectorAll('[data-knob]');
for (const input of knobInputs) {
  input.addEventListener('input', () => {
    $('url').value = withKnobs($('url').value, { [input.dataset.knob]: input.value });
  });
}
$('url').addEventListener('input', () => {
  const knobs = knobsOf($('url').value);
  for (const input of knobInputs) input.value = knobs[input.dataset.knob];
});

$('connect').addEventListener('click', connect);
$('send-text').addEventListener('click', () => {
  const text = $('text').value;
  send(text, encoder.encode(text).length, `text · ${textPreview(text)}`, 'text');
});
$('text').addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
    e.preventDefault();
    $('send-text').click();
  }
});
// A file dropped beside the drop zone would make the browser open it and end the session: ignore such drops.
window.addEventListener('dragover', (e) => e.preventDefault());
window.addEventListener('drop', (e) => e.preventDefault());
$('file').addEventListener('change', () => {
  chosenFile = $('file').files[0] ?? null;
});
$('send-file').addEventListener('click', () => sendFile(chosenFile, 'file'));
const drop = $('drop');
drop.addEventListener('dragover', (e) => {
  e.preventDefault();
  drop.classList.add('over');
});
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (e) => {
  e.preventDefault();
  drop.classList.remove('over');
  const file = e.dataTransfer?.files?.[0];
  if (file) {
    chosenFile = file;
    sendFile(file, 'dropped');
  }
});
$('send-generated').addEventListener('click', () => {
  const mib = Number($('gen-mib').value);
  if (!(mib > 0 && mib <= 64)) {
    log.add('error', null, 'generate between 0 and 64 MiB');
    return;
  }
  const buffer = generated(mib);
  send(buffer, buffer.byteLength, `ArrayBuffer · ${formatSize(buffer.byteLength)} of random bytes`, 'generated');
});
$('send-canvas').addEventListener('click', () => {
  const c = $('pad');
  const buffer = pad.imageBuffer();
  $('canvas-match').textContent = '';
  delete $('canvas-match').dataset.match;
  send(buffer, buffer.byteLength, `ArrayBuffer · canvas ImageData ${c.width}×${c.height} RGBA`, 'canvas');
});
$('clear-canvas').addEventListener('click', () => pad.clear());
for (const radio of document.querySelectorAll('input[name="binaryType"]')) {
  radio.addEventListener('change', () => {
    if (ws) ws.binaryType = selectedBinaryType();
    log.add('binaryType', null, `binary messages now arrive as ${selectedBinaryType() === 'blob' ? 'Blob' : 'ArrayBuffer'}`);
  });
}
$('close-code').addEventListener('input', checkClose);
$('close-reason').addEventListener('input', checkClose);
$('close').addEventListener('click', closeSocket);
$('clear-log').addEventListener('click', () => log.clear());
checkClose();
showState();

/** For the browser's developer tools (and the browser tests): the live socket and the last message. */
window.wskitConsole = {
  get socket() { return ws; },
  get lastReceived() { return lastReceived; },
  stats,
};
document.documentElement.dataset.ready = 'true';
