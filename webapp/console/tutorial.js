// Runs the tutorial's snippets verbatim. A snippet's text is taken from the page, its one URL replaced, and run
// with the variables it assumes (ws, socket, canvas_context) and a console whose log lines appear under it.
// Lines the page adds itself are marked as page notes, so a reader (and the tests) can tell them apart.

import { defaultEchoUrl } from './url.js';

const TUTORIAL_URL = 'wss://echo.websocket.org';
const STATES = ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'];
const $ = (id) => document.getElementById(id);

function output(id) {
  const list = document.querySelector(`[data-output="${id}"]`);
  const line = (text, from) => {
    const item = document.createElement('li');
    item.dataset.from = from;
    item.textContent = text;
    list.append(item);
  };
  return {
    clear: () => list.replaceChildren(),
    console: { log: (...args) => line(args.map(String).join(' '), 'snippet') },
    note: (text) => line(`[page] ${text}`, 'page'),
  };
}

/** The snippet's source exactly as shown, with only the tutorial's echo URL replaced. */
function source(id) {
  const code = document.querySelector(`[data-snippet="${id}"]`).textContent;
  return code.split(TUTORIAL_URL).join($('url').value.trim());
}

/** Runs code with the given names in scope; `console` is one of them so log lines land under the snippet. */
function run(id, out, vars) {
  const names = Object.keys(vars);
  const fn = new Function(...names, 'console', source(id));
  fn(...names.map((n) => vars[n]), out.console);
}

/** An open socket to the echo, for the snippets that take one as given. */
function openEcho(out) {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket($('url').value.trim());
    socket.addEventListener('open', () => resolve(socket), { once: true });
    socket.addEventListener('error', () => {
      out.note('could not connect to the echo URL');
      reject(new Error('connect failed'));
    }, { once: true });
  });
}

function bytesEqual(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const canvas = $('canvas');
const canvas_context = canvas.getContext('2d', { willReadFrequently: true });

function drawSample() {
  const g = canvas_context.createLinearGradient(0, 0, 400, 320);
  g.addColorStop(0, '#1f6feb');
  g.addColorStop(1, '#f6c343');
  canvas_context.fillStyle = g;
  canvas_context.fillRect(0, 0, 400, 320);
  canvas_context.fillStyle = '#ffffff';
  canvas_context.font = 'bold 40px sans-serif';
  canvas_context.fillText('wskit', 130, 175);
}

const scaffolds = {
  async readystate(out) {
    const ws = new WebSocket($('url').value.trim());
    const runAt = () => {
      run('readystate', out, { ws });
      out.note(`ran with readyState ${ws.readyState} = WebSocket.${STATES[ws.readyState]}`);
    };
    runAt();
    ws.addEventListener('open', () => {
      runAt();
      ws.close();
      runAt();
    });
    ws.addEventListener('close', runAt);
  },

  async events(out) {
    run('events', out, {});
  },

  async hello(out) {
    run('hello', out, {});
  },

  async onerror(out) {
    const socket = new WebSocket($('bad-url').value.trim());
    run('onerror', out, { socket });
    out.note(`socket.onerror is a ${typeof socket.onerror}`);
    socket.addEventListener('error', () => out.note('error event'));
    socket.addEventListener('close', (e) => out.note(`close event: code ${e.code}, wasClean ${e.wasClean}`));
  },

  async 'send-text'(out) {
    const ws = await openEcho(out);
    ws.addEventListener('message', (e) => {
      out.note(`echo: ${e.data}`);
      ws.close();
    });
    run('send-text', out, { ws });
  },

  async 'send-blob'(out) {
    const chosen = document.querySelector('input[type="file"]').files[0];
    if (!chosen) {
      out.note('choose a file first');
      return;
    }
    const ws = await openEcho(out);
    ws.addEventListener('message', async (e) => {
      const same = bytesEqual(new Uint8Array(await e.data.arrayBuffer()), new Uint8Array(await chosen.arrayBuffer()));
      out.note(`echo: ${e.data.constructor.name} of ${e.data.size} bytes, identical to the file: ${same}`);
      ws.close();
    });
    run('send-blob', out, { ws });
  },

  async 'send-arraybuffer'(out) {
    const ws = await openEcho(out);
    ws.binaryType = 'arraybuffer';
    ws.addEventListener('message', (e) => {
      const pixels = canvas_context.getImageData(0, 0, 400, 320).data;
      const same = bytesEqual(new Uint8Array(e.data), pixels);
      out.note(`echo: ${e.data.constructor.name} of ${e.data.byteLength} bytes, identical to the ImageData: ${same}`);
      ws.close();
    });
    run('send-arraybuffer', out, { ws, canvas_context });
  },

  async 'binarytype-blob'(out) {
    await binaryTypeHalf('binarytype-blob', out);
  },

  async 'binarytype-arraybuffer'(out) {
    await binaryTypeHalf('binarytype-arraybuffer', out);
  },

  async buffered(out) {
    const socket = await openEcho(out);
    socket.binaryType = 'arraybuffer';
    socket.addEventListener('message', (e) => {
      out.note(`echo: ${e.data.byteLength} bytes`);
      socket.close();
    });
    run('buffered', out, { socket });
    // Read in the same task as the send, before the browser can drain anything.
    out.note(`bufferedAmount right after send: ${socket.bufferedAmount}`);
    const timer = setInterval(() => {
      if (socket.bufferedAmount === 0) {
        clearInterval(timer);
        out.note('bufferedAmount reached 0');
      }
    }, 20);
  },
};

async function binaryTypeHalf(id, out) {
  const ws = await openEcho(out);
  run(id, out, { ws });
  ws.addEventListener('message', (e) => {
    out.note(`binaryType ${ws.binaryType}: the message is a ${e.data.constructor.name}`);
    ws.close();
  });
  ws.send(new Uint8Array(1234));
}

$('url').value = defaultEchoUrl(window.location);
drawSample();
for (const button of document.querySelectorAll('[data-run]')) {
  button.addEventListener('click', async () => {
    const id = button.dataset.run;
    const out = output(id);
    out.clear();
    try {
      await scaffolds[id](out);
    } catch (e) {
      out.note(`failed: ${e.name}: ${e.message}`);
    }
  });
}
document.documentElement.dataset.ready = 'true';
