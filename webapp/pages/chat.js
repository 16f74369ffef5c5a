// The chat page: one room connection, presence, messages, attachments and resume with `since`.
// All user-supplied text goes through textContent, never innerHTML.
import {
  wsUrl, NAME, NICK, encodeAttachment, decodeAttachment, describeClose, takeTokenFromHash, withToken, tokenNick,
} from './protocol.js';
import { reconnectDelay, SERVICE_RESTART } from '../console/reconnect.js';

const $ = (id) => document.getElementById(id);
const MAX_ROWS = 500;

let ws = null;
let joinedRoom = null;
let leaving = false;
let retry = null;
/** Reconnects in a row without an open in between: the backoff step (console/reconnect.js). */
let attempts = 0;
const members = [];
// Last seq seen per room, and the epoch (the id of the room's numbering) it belongs to: kept for the tab's life
// (sessionStorage), so a reconnect or a reload resumes, and a room whose numbering restarted says so.
const lastSeq = JSON.parse(sessionStorage.getItem('wskit.chat.lastSeq') || '{}');
const lastEpoch = JSON.parse(sessionStorage.getItem('wskit.chat.lastEpoch') || '{}');

function remember(room, seq) {
  lastSeq[room] = seq;
  sessionStorage.setItem('wskit.chat.lastSeq', JSON.stringify(lastSeq));
  $('last-seq').textContent = String(seq);
}

function rememberEpoch(room, epoch) {
  if (typeof epoch !== 'string') return;
  lastEpoch[room] = epoch;
  sessionStorage.setItem('wskit.chat.lastEpoch', JSON.stringify(lastEpoch));
}

function setState(state, text) {
  $('state').dataset.state = String(state);
  $('state').textContent = text;
  const open = state === 1;
  for (const id of ['say-text', 'say', 'attach-file', 'attach']) $(id).disabled = !open;
  $('leave').disabled = state === 3 && retry === null;
  $('join').disabled = state === 0 || state === 1;
}

function status(text, kind = 'info') {
  $('status').textContent = text;
  $('status').dataset.kind = kind;
}

function clock(time) {
  return time ? new Date(time).toLocaleTimeString() : '';
}

/** Appends a row; old rows go (and their object URLs with them) so a long session stays bounded. */
function row(kind, seq, time, ...parts) {
  const li = document.createElement('li');
  li.className = 'msg msg-' + kind;
  li.dataset.kind = kind;
  if (seq !== undefined && seq !== null) li.dataset.seq = String(seq);
  const meta = document.createElement('span');
  meta.className = 'meta';
  meta.textContent = (seq ? '#' + seq + ' ' : '') + clock(time);
  li.append(meta, ...parts);
  const list = $('messages');
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  list.append(li);
  while (list.children.length > MAX_ROWS) {
    for (const a of list.firstElementChild.querySelectorAll('[data-object-url]')) URL.revokeObjectURL(a.dataset.objectUrl);
    list.firstElementChild.remove();
  }
  if (atBottom) list.scrollTop = list.scrollHeight;
  return li;
}

function span(cls, text) {
  const s = document.createElement('span');
  s.className = cls;
  s.textContent = text;
  return s;
}

function renderMembers() {
  const ul = $('members');
  ul.replaceChildren(...members.map((nick) => {
    const li = document.createElement('li');
    li.textContent = nick;
    if (nick === $('nick').value.trim()) li.className = 'me';
    return li;
  }));
  $('member-count').textContent = String(members.length);
}

function onPresence(m) {
  if (m.event === 'here') {
    rememberEpoch(joinedRoom, m.epoch);
    members.splice(0, members.length, ...m.members);
    renderMembers();
    return; // 'here' repeats the seq of our own join, which was already shown
  }
  if (m.event === 'join' && !members.includes(m.nick)) members.push(m.nick);
  if (m.event === 'leave' && members.includes(m.nick)) members.splice(members.indexOf(m.nick), 1);
  renderMembers();
  row('presence', m.seq, m.time, span('text', m.nick + (m.event === 'join' ? ' joined' : ' left')));
}

function onText(data) {
  let m;
  try {
    m = JSON.parse(data);
  } catch (e) {
    row('error', null, Date.now(), span('text', 'unreadable message from the server: ' + e.message));
    return;
  }
  switch (m.type) {
    case 'say':
      row('say', m.seq, m.time, span('nick', m.nick), span('text', m.text));
      break;
    case 'presence':
      onPresence(m);
      break;
    case 'history':
      rememberEpoch(joinedRoom, m.epoch);
      if (m.count > 0) row('notice', null, m.time, span('text', 'replaying ' + m.count + ' message(s) you missed since #' + m.since));
      return;
    case 'gap': {
      const restarted = m.restarted === true || m.first <= m.since;
      rememberEpoch(joinedRoom, m.epoch);
      // Numbering restarted: the next resume asks from the new numbers.
      if (restarted) remember(joinedRoom, m.first - 1);
      const lost = !restarted
        ? 'messages #' + (m.since + 1) + ' to #' + (m.first - 1) + ' are no longer in the room\'s history'
        : 'the room restarted since #' + m.since + ' (numbers restarted); earlier messages are gone';
      row('gap', null, m.time, span('text', 'Gap: ' + lost + '.'));
      return;
    }
    case 'error':
      row('error', null, m.time, span('text', 'error ' + m.code + ': ' + m.message));
      status('error ' + m.code + ': ' + m.message, 'bad');
      return;
    default:
      return;
  }
  if (typeof m.seq === 'number' && m.event !== 'here') remember(joinedRoom, m.seq);
}

function onBinary(buffer) {
  let a;
  try {
    a = decodeAttachment(buffer);
  } catch (e) {
    row('error', null, Date.now(), span('text', 'unreadable attachment: ' + e.message));
    return;
  }
  // The object URL holds a copy of exactly the received bytes; revoked when the row is dropped.
  const url = URL.createObjectURL(new Blob([a.bytes], { type: a.mediaType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = a.name;
  link.dataset.objectUrl = url;
  link.className = 'file';
  link.textContent = a.name + ' (' + a.mediaType + ', ' + a.bytes.length + ' B)';
  const parts = [span('nick', a.nick), link];
  if (/^image\/(png|jpeg|gif|webp|bmp|avif|svg\+xml)$/i.test(a.mediaType)) {
    const img = document.createElement('img');
    img.src = url;
    img.alt = a.name;
    img.className = 'inline-image';
    const frame = document.createElement('div');
    frame.className = 'inline-frame';
    frame.append(img);
    parts.push(frame);
  }
  row('attachment', a.seq, a.time, ...parts);
  remember(joinedRoom, a.seq);
}

function connect() {
  const room = $('room').value.trim();
  const nick = $('nick').value.trim();
  if (!NAME.test(room)) return status('A room name is 1 to 64 of A-Z a-z 0-9 _ . - starting with a letter or digit.', 'bad');
  if (!NICK.test(nick)) return status('A nick is 1 to 32 letters, digits, spaces, _ . - starting with a letter or digit.', 'bad');
  clearTimeout(retry);
  retry = null;
  if (joinedRoom !== room) {
    $('messages').replaceChildren();
    $('last-seq').textContent = lastSeq[room] ?? '–';
  }
  joinedRoom = room;
  leaving = false;
  members.length = 0;
  renderMembers();
  const socket = new WebSocket(withToken(wsUrl('/rooms/' + encodeURIComponent(room)), $('token').value.trim()));
  let opened = false;
  socket.binaryType = 'arraybuffer';
  ws = socket;
  setState(0, 'connecting');
  status('');
  socket.onopen = () => {
    opened = true;
    setState(1, 'joined');
    attempts = 0;
    const join = { type: 'join', nick };
    if (typeof lastSeq[room] === 'number') join.since = lastSeq[room];
    if (join.since !== undefined && typeof lastEpoch[room] === 'string') join.epoch = lastEpoch[room];
    socket.send(JSON.stringify(join));
    status(join.since !== undefined ? 'resuming after #' + join.since : 'joined ' + room + ' as ' + nick, 'ok');
  };
  socket.onmessage = (e) => (typeof e.data === 'string' ? onText(e.data) : onBinary(e.data));
  socket.onerror = () => status('connection error (the close below says more)', 'bad');
  socket.onclose = (e) => {
    if (ws !== socket) return;
    ws = null;
    members.length = 0;
    renderMembers();
    const text = describeClose(e, opened);
    row('close', null, Date.now(), span('text', text));
    const delay = leaving ? null : reconnectDelay(e.code, attempts);
    if (delay !== null) {
      attempts++;
      const why = e.code === SERVICE_RESTART ? 'the server is restarting; ' : '';
      status(text + '; ' + why + 'reconnecting in ' + (delay / 1000).toFixed(1) + ' s', 'bad');
      retry = setTimeout(connect, delay);
    } else {
      status(text, e.code === 1000 ? 'info' : 'bad');
    }
    setState(3, 'not connected');
  };
}

function leave() {
  clearTimeout(retry);
  retry = null;
  leaving = true;
  if (ws) ws.close(1000, 'left');
  else setState(3, 'not connected');
}

async function sendFile() {
  const file = $('attach-file').files[0];
  if (!ws || ws.readyState !== WebSocket.OPEN) return;
  if (!file) return status('Choose a file to send first.', 'bad');
  try {
    const bytes = new Uint8Array(await file.arrayBuffer());
    ws.send(encodeAttachment(file.type, file.name, bytes));
    $('attach-file').value = '';
  } catch (e) {
    status('could not send ' + file.name + ': ' + e.message, 'bad');
  }
}

$('join-form').addEventListener('submit', (e) => { e.preventDefault(); connect(); });
$('leave').addEventListener('click', leave);
$('say-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const text = $('say-text').value;
  if (!text.trim() || !ws || ws.readyState !== WebSocket.OPEN) return;
  ws.send(JSON.stringify({ type: 'say', text }));
  $('say-text').value = '';
  $('say-text').focus();
});
$('attach').addEventListener('click', sendFile);
// Scripts may close only with 1000 or 3000-4999 (close(1001) throws); leaving the page is a normal close.
addEventListener('pagehide', () => { leaving = true; if (ws) ws.close(1000, 'page closed'); });

const params = new URLSearchParams(location.search);
if (params.get('room')) $('room').value = params.get('room');
if (params.get('nick')) $('nick').value = params.get('nick');
$('token').value = takeTokenFromHash();
// With sign-in the room accepts only the token's nick: fill it in (the server checks).
const signedNick = () => tokenNick($('token').value.trim());
if (signedNick() && !$('nick').value) $('nick').value = signedNick();
$('token').addEventListener('change', () => { if (signedNick()) $('nick').value = signedNick(); });
renderMembers();
document.documentElement.dataset.ready = 'true';
