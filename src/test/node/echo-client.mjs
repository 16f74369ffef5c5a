// One echo scenario against a wskit URL with the npm `ws` client, for EchoWithNodeWsClientTest.
//
//   node echo-client.mjs <scenario> <ws-url>
//
// Prints one line per event, which the Java test compares with what it expects:
//   text <utf8-bytes> <sha256>      a text message arrived
//   binary <bytes> <sha256>         a binary message arrived
//   close <code> <reason>           the connection closed (the reason may be empty)
//   error <message>                 the client saw an error
// The test computes the payloads' hashes itself, so a wrong byte anywhere fails it. Exit code 0 once closed.
import { createHash } from 'node:crypto';
import WebSocket from 'ws';

const [scenario, url] = process.argv.slice(2);
const MIB = 1024 * 1024;

/** Deterministic bytes the Java test regenerates: byte i is (i * 31 + 7) mod 256. */
function pattern(size) {
  const b = Buffer.allocUnsafe(size);
  for (let i = 0; i < size; i++) b[i] = (i * 31 + 7) & 0xff;
  return b;
}

/** Deterministic ASCII text the Java test regenerates: "wskit-" repeated, cut to size. */
function asciiText(size) {
  return 'wskit-'.repeat(Math.ceil(size / 6)).slice(0, size);
}

const scenarios = {
  // Each sends its messages and says how many echoes to wait for before closing normally (0: let the server close).
  text: (ws) => { ws.send('Hello from ws 😀'); return 1; },
  binary: (ws) => { ws.send(pattern(256)); return 1; },
  large: (ws) => { ws.send(pattern(4 * MIB)); ws.send(asciiText(4 * MIB)); return 2; },
  fragmented: (ws) => {
    ws.send('frag', { fin: false });
    ws.send('mented ', { fin: false });
    ws.send('😀 text', { fin: true });
    ws.send(Buffer.from([1, 2]), { binary: true, fin: false });
    ws.send(Buffer.from([3]), { binary: true, fin: true });
    return 2;
  },
  serverClose: (ws) => { ws.send('one'); ws.send('two'); return 0; },
  tooBigBinary: (ws) => { ws.send(pattern(4 * MIB + 1)); return 0; },
  tooBigText: (ws) => { ws.send(asciiText(4 * MIB + 1)); return 0; },
};

const run = scenarios[scenario];
if (!run || !url) {
  process.stderr.write(`usage: node echo-client.mjs <${Object.keys(scenarios).join('|')}> <ws-url>\n`);
  process.exit(64);
}

const timer = setTimeout(() => {
  console.log('error timeout after 60 s');
  process.exit(2);
}, 60_000);

const sha256 = (data) => createHash('sha256').update(data).digest('hex');
const ws = new WebSocket(url, { perMessageDeflate: false });
let expected = 0;
let received = 0;

ws.on('open', () => { expected = run(ws); });
ws.on('message', (data, isBinary) => {
  console.log(`${isBinary ? 'binary' : 'text'} ${data.length} ${sha256(data)}`);
  received++;
  if (expected > 0 && received === expected) ws.close(1000, 'client done');
});
ws.on('error', (e) => console.log(`error ${e.message}`));
ws.on('close', (code, reason) => {
  clearTimeout(timer);
  console.log(`close ${code} ${reason.toString()}`.trimEnd());
});
