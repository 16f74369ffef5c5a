// wskit rooms and boards wire formats (README "Rooms"): attachments and stroke records, big-endian.
// Pure functions, no DOM: the pages import them, and the tests can run them in the browser.

export const ATTACHMENT_TAG = 0x41; // 'A'
export const LINE_TAG = 0x4c;       // 'L'
export const CLEAR_TAG = 0x43;      // 'C'
export const BOARD_UNITS = 65535;
export const MAX_POINTS_PER_LINE = 65535;

const enc = new TextEncoder();
const dec = new TextDecoder('utf-8', { fatal: true });

/** ws:// or wss:// URL of a path on this page's own server (rooms accept only same-origin browsers). */
export function wsUrl(path) {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return scheme + '//' + location.host + path;
}

/**
 * The sign-in token (README "Security"): taken once from the page's `#token=...` (the fragment never reaches a server
 * or its logs), which is then removed from the address bar; else ''. The pages put it in their token field.
 */
export function takeTokenFromHash() {
  const hash = new URLSearchParams(location.hash.slice(1));
  const token = hash.get('token') ?? '';
  if (token) {
    hash.delete('token');
    const rest = hash.toString();
    history.replaceState(null, '', location.pathname + location.search + (rest ? '#' + rest : ''));
  }
  return token.trim();
}

/** A WebSocket URL carrying the token as `access_token`: a browser cannot send an Authorization header. */
export function withToken(url, token) {
  return token ? url + (url.includes('?') ? '&' : '?') + 'access_token=' + encodeURIComponent(token) : url;
}

/**
 * The nick a token names (its `nick` claim, else its subject), read without checking the signature: only to fill in
 * the nick field, since the server decides. null when the token is not a readable JWT.
 */
export function tokenNick(token) {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(payload), (c) => c.charCodeAt(0));
    const claims = JSON.parse(dec.decode(bytes));
    const nick = typeof claims.nick === 'string' ? claims.nick : claims.sub;
    return typeof nick === 'string' ? nick : null;
  } catch {
    return null;
  }
}

/** What to say when a connection closed without ever opening: the browser hides the HTTP status. */
const REFUSED_HINT = 'could not connect: the server refused the handshake or cannot be reached'
  + ' (a missing, expired or wrong token is refused with HTTP 401: the browser console shows the status)';

/** Room and board names as the server accepts them; checked here only to answer before connecting. */
export const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
export const NICK = /^[\p{L}\p{N}](?:[\p{L}\p{N} _.\-]{0,30}[\p{L}\p{N}_.\-])?$/u;

/** Cuts a UTF-8 string to at most max bytes without splitting a character. */
export function clipUtf8(text, max) {
  let bytes = enc.encode(text);
  if (bytes.length <= max) return text;
  let out = '';
  let used = 0;
  for (const ch of text) {
    const n = enc.encode(ch).length;
    if (used + n > max) break;
    out += ch;
    used += n;
  }
  return out;
}

/** A file name that fits the header's 255 bytes, keeping its extension where it can. */
export function headerName(name) {
  const clean = name || 'file';
  if (enc.encode(clean).length <= 255) return clean;
  const dot = clean.lastIndexOf('.');
  const ext = dot > 0 && clean.length - dot <= 16 ? clean.slice(dot) : '';
  return clipUtf8(clean.slice(0, clean.length - ext.length), 255 - enc.encode(ext).length) + ext;
}

/** A client attachment message: seq, time and sender are left 0 for the room to fill in. */
export function encodeAttachment(mediaType, name, bytes /* Uint8Array */) {
  const m = enc.encode(clipUtf8(mediaType || 'application/octet-stream', 255));
  const n = enc.encode(headerName(name));
  const buf = new ArrayBuffer(1 + 8 + 8 + 1 + 1 + m.length + 1 + n.length + 4 + bytes.length);
  const v = new DataView(buf);
  const u = new Uint8Array(buf);
  let o = 0;
  v.setUint8(o++, ATTACHMENT_TAG);
  o += 16;
  v.setUint8(o++, 0);
  v.setUint8(o++, m.length); u.set(m, o); o += m.length;
  v.setUint8(o++, n.length); u.set(n, o); o += n.length;
  v.setUint32(o, bytes.length); o += 4;
  u.set(bytes, o);
  return buf;
}

/** Reads a room's attachment message; throws an Error saying what is wrong with a malformed one. */
export function decodeAttachment(buffer /* ArrayBuffer */) {
  const v = new DataView(buffer);
  let o = 0;
  const need = (n) => {
    if (o + n > buffer.byteLength) throw new Error('attachment cut short at byte ' + o);
  };
  const text = () => {
    need(1);
    const len = v.getUint8(o++);
    need(len);
    const s = dec.decode(new Uint8Array(buffer, o, len));
    o += len;
    return s;
  };
  need(17);
  if (v.getUint8(o++) !== ATTACHMENT_TAG) throw new Error('not an attachment (tag 0x' + v.getUint8(0).toString(16) + ')');
  const seq = Number(v.getBigUint64(o)); o += 8;
  const time = Number(v.getBigUint64(o)); o += 8;
  const nick = text();
  const mediaType = text();
  const name = text();
  need(4);
  const length = v.getUint32(o); o += 4;
  if (o + length !== buffer.byteLength) throw new Error('attachment says ' + length + ' bytes, carries ' + (buffer.byteLength - o));
  return { seq, time, nick, mediaType, name, bytes: new Uint8Array(buffer, o, length) };
}

/** One line record (seq 0) of points [x0, y0, x1, y1, ...] in board units, colour 0xRRGGBBAA, width 1-255. */
export function encodeLine(rgba, width, points) {
  const n = points.length / 2;
  const buf = new ArrayBuffer(12 + 4 * n);
  const v = new DataView(buf);
  v.setUint8(0, LINE_TAG);
  v.setUint32(1, 0);
  v.setUint32(5, rgba >>> 0);
  v.setUint8(9, width);
  v.setUint16(10, n);
  for (let i = 0; i < points.length; i++) v.setUint16(12 + 2 * i, points[i]);
  return buf;
}

export function encodeClear() {
  const buf = new ArrayBuffer(5);
  new DataView(buf).setUint8(0, CLEAR_TAG);
  return buf;
}

/** The records of one board message: {kind:'clear', seq} or {kind:'line', seq, rgba, width, points}. */
export function decodeStrokes(buffer /* ArrayBuffer */) {
  const v = new DataView(buffer);
  const out = [];
  let o = 0;
  while (o < buffer.byteLength) {
    const tag = v.getUint8(o);
    if (tag === CLEAR_TAG) {
      if (o + 5 > buffer.byteLength) throw new Error('clear record cut short');
      out.push({ kind: 'clear', seq: v.getUint32(o + 1) });
      o += 5;
    } else if (tag === LINE_TAG) {
      if (o + 12 > buffer.byteLength) throw new Error('line record cut short');
      const n = v.getUint16(o + 10);
      if (o + 12 + 4 * n > buffer.byteLength) throw new Error('line of ' + n + ' points cut short');
      const points = new Array(2 * n);
      for (let i = 0; i < 2 * n; i++) points[i] = v.getUint16(o + 12 + 2 * i);
      out.push({ kind: 'line', seq: v.getUint32(o + 1), rgba: v.getUint32(o + 5), width: v.getUint8(o + 9), points });
      o += 12 + 4 * n;
    } else {
      throw new Error('unknown record tag 0x' + tag.toString(16));
    }
  }
  return out;
}

/** '#rrggbb' to 0xRRGGBBFF. */
export function rgbaOf(hex) {
  return ((parseInt(hex.slice(1), 16) << 8) | 0xff) >>> 0;
}

/** 0xRRGGBBAA to a CSS colour. */
export function cssOf(rgba) {
  const r = rgba >>> 24, g = (rgba >>> 16) & 0xff, b = (rgba >>> 8) & 0xff, a = (rgba & 0xff) / 255;
  return `rgba(${r}, ${g}, ${b}, ${a})`;
}

/**
 * "closed 1008: reason" for the status line; the reason is the server's own words. A connection that never
 * `opened` and closed 1006 was refused or not reached: that is what it says then.
 */
export function describeClose(event, opened) {
  if (!opened && event.code === 1006) return REFUSED_HINT;
  const names = { 1000: 'normal', 1001: 'going away', 1003: 'unsupported data', 1006: 'abnormal, no close frame',
    1007: 'invalid data', 1008: 'policy violation', 1009: 'message too big', 1011: 'server error' };
  const name = names[event.code] ? ' (' + names[event.code] + ')' : '';
  return 'closed ' + event.code + name + (event.reason ? ': ' + event.reason : '');
}
