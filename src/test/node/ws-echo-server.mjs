// The peer wskit is compared with in docs/benchmarks.md: an echo server on node's `ws`, configured like wskit's
// /echo (type preserved, 16 MiB limit, no compression). Binds 127.0.0.1 and the port given (0 = any), prints
// "ws-echo listening on PORT pid PID", and runs until killed.
import { WebSocketServer } from 'ws';

const port = Number(process.argv[2] ?? 0);
const wss = new WebSocketServer({ host: '127.0.0.1', port, maxPayload: 16 * 1024 * 1024, perMessageDeflate: false });
wss.on('connection', (ws) => {
  ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
  ws.on('error', () => ws.terminate());
});
wss.on('listening', () => console.log(`ws-echo listening on ${wss.address().port} pid ${process.pid}`));
